using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>
/// The current objects by key (the very instances storage returned), in key order, with the built-in and custom
/// indexes. Not thread-safe: the cache locks.
/// </summary>
internal sealed class CacheStore
{
    private readonly Dictionary<string, KubeObject> _objects = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _keys = new(StringComparer.Ordinal);
    private readonly (string Name, Func<KubeObject, IEnumerable<string>> Extract, ObjectIndex Index)[] _indexes;
    private readonly Dictionary<string, ObjectIndex> _indexByName = new(StringComparer.Ordinal);

    public CacheStore(IReadOnlyDictionary<string, Func<KubeObject, IEnumerable<string>>> fieldIndexes)
    {
        var all = new List<(string, Func<KubeObject, IEnumerable<string>>, ObjectIndex)>
        {
            (WatchIndexNames.Namespace, NamespaceOf, new ObjectIndex()),
            (WatchIndexNames.Label, LabelsOf, new ObjectIndex()),
            (WatchIndexNames.OwnerUid, OwnersOf, new ObjectIndex()),
        };
        foreach (var (name, extract) in fieldIndexes) all.Add((name, extract, new ObjectIndex()));
        _indexes = [.. all];
        foreach (var (name, _, index) in _indexes) _indexByName[name] = index;
    }

    /// <summary>The extractor of the index named <paramref name="name"/>.</summary>
    public Func<KubeObject, IEnumerable<string>> ExtractorOf(string name)
    {
        foreach (var (n, extract, _) in _indexes)
            if (n == name) return extract;
        throw new ArgumentException($"no index named {name}", nameof(name));
    }

    /// <summary>How many objects are held.</summary>
    public int Count => _objects.Count;

    /// <summary>The object at <paramref name="key"/>, or null.</summary>
    public KubeObject? Get(string key) => _objects.GetValueOrDefault(key);

    /// <summary>Stores <paramref name="value"/> at <paramref name="key"/>; returns the object it replaced, if any.</summary>
    public KubeObject? Put(string key, KubeObject value)
    {
        var previous = _objects.GetValueOrDefault(key);
        if (previous is not null) Unindex(key, previous);
        else _keys.Add(key);
        _objects[key] = value;
        Index(key, value);
        return previous;
    }

    /// <summary>Removes <paramref name="key"/>; returns the object it held, if any.</summary>
    public KubeObject? Remove(string key)
    {
        if (!_objects.Remove(key, out var previous)) return null;
        _keys.Remove(key);
        Unindex(key, previous);
        return previous;
    }

    /// <summary>Forgets every object.</summary>
    public void Clear()
    {
        _objects.Clear();
        _keys.Clear();
        foreach (var (_, _, index) in _indexes) index.Clear();
    }

    /// <summary>
    /// Appends the (key, object) pairs under <paramref name="prefix"/> that satisfy every query, in key order.
    /// </summary>
    /// <exception cref="ArgumentException">A query names an index that does not exist.</exception>
    public void Collect(string prefix, IReadOnlyList<IndexQuery>? queries, List<KeyValuePair<string, KubeObject>> into)
    {
        if (queries is null || queries.Count == 0)
        {
            foreach (var key in KeysUnder(prefix)) into.Add(new(key, _objects[key]));
            return;
        }
        var sets = new HashSet<string>[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            if (!_indexByName.TryGetValue(queries[i].IndexName, out var index))
                throw new ArgumentException($"no index named {queries[i].IndexName}", nameof(queries));
            var keys = index.Get(queries[i].Value);
            if (keys is null) return;
            sets[i] = keys;
        }
        Array.Sort(sets, (a, b) => a.Count.CompareTo(b.Count));
        var start = into.Count;
        foreach (var key in sets[0])
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var all = true;
            for (var i = 1; i < sets.Length && all; i++) all = sets[i].Contains(key);
            if (all) into.Add(new(key, _objects[key]));
        }
        into.Sort(start, into.Count - start, KeyOrder.Instance);
    }

    private IEnumerable<string> KeysUnder(string prefix)
    {
        if (prefix.Length == 0) return _keys;
        // Every key with the prefix sorts between the prefix itself and the prefix followed by the highest char.
        return _keys.GetViewBetween(prefix, prefix + char.MaxValue);
    }

    // The three built-in indexes (namespace, labels, owners) come first in _indexes and are maintained without
    // allocating; custom field indexes go through their extractors.
    private const int BuiltInIndexCount = 3;

    private void Index(string key, KubeObject value) => UpdateIndexes(key, value, add: true);

    private void Unindex(string key, KubeObject value) => UpdateIndexes(key, value, add: false);

    private void UpdateIndexes(string key, KubeObject value, bool add)
    {
        var meta = value.Metadata;
        _indexes[0].Index.Update(meta.Namespace ?? "", key, add);
        if (meta.Labels is { Count: > 0 } labels)
            foreach (var (k, v) in labels) _indexes[1].Index.UpdatePair(k, v, key, add);
        if (meta.OwnerReferences is { Count: > 0 } owners)
            for (var i = 0; i < owners.Count; i++) _indexes[2].Index.Update(owners[i].Uid, key, add);
        for (var i = BuiltInIndexCount; i < _indexes.Length; i++)
            foreach (var v in _indexes[i].Extract(value)) _indexes[i].Index.Update(v, key, add);
    }

    private static IEnumerable<string> NamespaceOf(KubeObject o) => [o.Metadata.Namespace ?? ""];

    private static IEnumerable<string> LabelsOf(KubeObject o)
    {
        var labels = o.Metadata.Labels;
        if (labels is null || labels.Count == 0) return [];
        var result = new string[labels.Count];
        var i = 0;
        foreach (var (k, v) in labels) result[i++] = k + "=" + v;
        return result;
    }

    private static IEnumerable<string> OwnersOf(KubeObject o)
    {
        var owners = o.Metadata.OwnerReferences;
        if (owners is null || owners.Count == 0) return [];
        var result = new string[owners.Count];
        for (var i = 0; i < owners.Count; i++) result[i] = owners[i].Uid;
        return result;
    }

    private sealed class KeyOrder : IComparer<KeyValuePair<string, KubeObject>>
    {
        public static readonly KeyOrder Instance = new();
        public int Compare(KeyValuePair<string, KubeObject> x, KeyValuePair<string, KubeObject> y) => string.CompareOrdinal(x.Key, y.Key);
    }
}
