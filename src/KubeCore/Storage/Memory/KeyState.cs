namespace KubeCore.Storage.Memory;

/// <summary>The mutable cell of one live key: updates swap <see cref="Current"/> without touching the indexes.</summary>
internal sealed class KeyState(StorageEntry current)
{
    private StorageEntry _current = current;

    /// <summary>Creates a search probe that is never stored.</summary>
    public KeyState(string key, bool isPrefixUpperBound) : this(null!)
    {
        ProbeKey = key;
        IsPrefixUpperBound = isPrefixUpperBound;
    }

    /// <summary>The key's current entry; written under the backend lock, read without it.</summary>
    public StorageEntry Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    /// <summary>The key this cell sorts by.</summary>
    public string Key => ProbeKey ?? _current.Key;

    /// <summary>For probes only: the key or prefix searched for.</summary>
    public string? ProbeKey { get; }

    /// <summary>For probes only: sorts after every key that starts with <see cref="ProbeKey"/>.</summary>
    public bool IsPrefixUpperBound { get; }
}

/// <summary>Orders <see cref="KeyState"/> cells by ordinal key; a prefix upper-bound probe sorts after all keys with that prefix.</summary>
internal sealed class KeyStateComparer : IComparer<KeyState>
{
    /// <summary>The shared instance.</summary>
    public static readonly KeyStateComparer Instance = new();

    /// <inheritdoc/>
    public int Compare(KeyState? x, KeyState? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        if (y.IsPrefixUpperBound)
        {
            if (x.IsPrefixUpperBound) return string.CompareOrdinal(x.Key, y.Key);
            return x.Key.StartsWith(y.Key, StringComparison.Ordinal) ? -1 : string.CompareOrdinal(x.Key, y.Key);
        }
        if (x.IsPrefixUpperBound) return -Compare(y, x);
        return string.CompareOrdinal(x.Key, y.Key);
    }
}
