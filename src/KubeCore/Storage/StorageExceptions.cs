namespace KubeCore.Storage;

/// <summary>Base of every failure reported by a storage backend.</summary>
public class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A create found the key already present.</summary>
public sealed class StorageKeyExistsException(string key) : StorageException($"key {key} already exists")
{
    /// <summary>The key.</summary>
    public string Key { get; } = key;
}

/// <summary>An update or delete found no such key.</summary>
public sealed class StorageKeyNotFoundException(string key) : StorageException($"key {key} not found")
{
    /// <summary>The key.</summary>
    public string Key { get; } = key;
}

/// <summary>A compare-and-swap found the key at another revision.</summary>
public sealed class StorageConflictException(string key, long expectedRevision, StorageEntry? current)
    : StorageException($"key {key} was modified: expected revision {expectedRevision}, found {current?.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}")
{
    /// <summary>The key.</summary>
    public string Key { get; } = key;
    /// <summary>The revision the caller expected.</summary>
    public long ExpectedRevision { get; } = expectedRevision;
    /// <summary>The entry as it is now, when known.</summary>
    public StorageEntry? Current { get; } = current;
}

/// <summary>A list or watch asked for a revision older than the compacted revision (HTTP 410 Gone, reason Expired).</summary>
public sealed class StorageRevisionCompactedException(long requested, long compacted)
    : StorageException($"too old resource version: {requested} ({compacted})")
{
    /// <summary>The revision asked for.</summary>
    public long RequestedRevision { get; } = requested;
    /// <summary>The oldest revision still available.</summary>
    public long CompactedRevision { get; } = compacted;
}

/// <summary>A list asked for a revision newer than the store has reached.</summary>
public sealed class StorageRevisionNotYetReachedException(long requested, long current)
    : StorageException($"Too large resource version: {requested}, current resource version: {current}")
{
    /// <summary>The revision asked for.</summary>
    public long RequestedRevision { get; } = requested;
    /// <summary>The current revision.</summary>
    public long CurrentRevision { get; } = current;
}

/// <summary>A watch was ended because its consumer could not keep up; the consumer should re-list and re-watch.</summary>
public sealed class StorageWatchOverflowException(string message) : StorageException(message);
