namespace KubeCore.Watch;

/// <summary>One index: value → keys of the objects yielding it. Not thread-safe: the cache locks.</summary>
internal sealed class ObjectIndex
{
    private readonly Dictionary<string, HashSet<string>> _keysByValue = new(StringComparer.Ordinal);

    /// <summary>The keys indexed under <paramref name="value"/>, or null.</summary>
    public HashSet<string>? Get(string value) => _keysByValue.GetValueOrDefault(value);

    /// <summary>Indexes (or unindexes) <paramref name="key"/> under <paramref name="value"/>.</summary>
    public void Update(string value, string key, bool add)
    {
        if (add) Add(value, key);
        else Remove(value, key);
    }

    /// <summary>Indexes <paramref name="key"/> under <paramref name="value"/>.</summary>
    public void Add(string value, string key)
    {
        if (!_keysByValue.TryGetValue(value, out var keys)) _keysByValue[value] = keys = new HashSet<string>(StringComparer.Ordinal);
        keys.Add(key);
    }

    /// <summary>
    /// Indexes (or, with <paramref name="add"/> false, unindexes) <paramref name="key"/> under the value
    /// <c>name=value</c>, without building that string when the index already holds it (label values repeat across
    /// objects, so most labels cost no new string).
    /// </summary>
    public void UpdatePair(string name, string value, string key, bool add)
    {
        var length = name.Length + 1 + value.Length;
        char[]? rented = null;
        var buffer = length <= 256 ? stackalloc char[length] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        name.AsSpan().CopyTo(buffer);
        buffer[name.Length] = '=';
        value.AsSpan().CopyTo(buffer[(name.Length + 1)..]);
        var lookup = _keysByValue.GetAlternateLookup<ReadOnlySpan<char>>();
        if (add)
        {
            if (!lookup.TryGetValue(buffer, out var keys)) _keysByValue[buffer.ToString()] = keys = new HashSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }
        else if (lookup.TryGetValue(buffer, out var actual, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            _keysByValue.Remove(actual);
        }
        if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
    }

    /// <summary>Removes <paramref name="key"/> from <paramref name="value"/>.</summary>
    public void Remove(string value, string key)
    {
        if (_keysByValue.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0) _keysByValue.Remove(value);
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _keysByValue.Clear();
}
