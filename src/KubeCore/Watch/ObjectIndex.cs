namespace KubeCore.Watch;

/// <summary>One index: value → keys of the objects yielding it. Not thread-safe: the cache locks.</summary>
internal sealed class ObjectIndex
{
    private readonly Dictionary<string, HashSet<string>> _keysByValue = new(StringComparer.Ordinal);

    /// <summary>The keys indexed under <paramref name="value"/>, or null.</summary>
    public HashSet<string>? Get(string value) => _keysByValue.GetValueOrDefault(value);

    /// <summary>Indexes <paramref name="key"/> under <paramref name="value"/>.</summary>
    public void Add(string value, string key)
    {
        if (!_keysByValue.TryGetValue(value, out var keys)) _keysByValue[value] = keys = new HashSet<string>(StringComparer.Ordinal);
        keys.Add(key);
    }

    /// <summary>Removes <paramref name="key"/> from <paramref name="value"/>.</summary>
    public void Remove(string value, string key)
    {
        if (_keysByValue.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0) _keysByValue.Remove(value);
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _keysByValue.Clear();
}
