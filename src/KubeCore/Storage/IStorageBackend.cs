using KubeCore.Models;

namespace KubeCore.Storage;

/// <summary>
/// The storage SPI: a revisioned key-value store of Kubernetes objects, shaped like etcd v3.
/// Every write advances one global revision; an object's <c>resourceVersion</c> is the revision of its last write.
/// </summary>
/// <remarks>
/// Values are objects, not bytes: the in-memory backend keeps the very instances it is given (stamped with their
/// revision), so the embedded default never serializes. Durable backends encode with an <see cref="IStorageCodec"/>.
/// Everything above this interface (watch cache, API semantics) is shared by all backends; every backend must pass
/// the conformance suite <c>StorageConformanceTests</c> in <c>tests/KubeCore.Storage.Conformance</c>.
/// Disposing ends every watch (see <see cref="WatchAsync"/>) and may be repeated.
/// </remarks>
public interface IStorageBackend : IAsyncDisposable
{
    /// <summary>A short name for diagnostics, e.g. <c>memory</c>, <c>sqlite</c>, <c>etcd</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Whether other processes (other API servers) may write to this store too, as several kube-apiservers share one
    /// etcd. The API layer then serves consistent reads from storage instead of trusting its own watch cache, and keeps
    /// allocations (Service IPs and ports) in storage rather than in memory. False for stores one process owns.
    /// </summary>
    bool IsShared => false;

    /// <summary>The revision of the latest write (0 when nothing was ever written).</summary>
    ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>The oldest revision a list or watch can still be served from (everything before it is compacted).</summary>
    ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the current value of <paramref name="key"/>, or null when absent.</summary>
    ValueTask<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists every key starting with <paramref name="prefix"/> in ordinal key order, as of <paramref name="revision"/>
    /// (0 = the current revision); the result's <see cref="StorageListResult.Revision"/> is the revision read.
    /// </summary>
    /// <exception cref="StorageRevisionCompactedException">The revision has been compacted.</exception>
    /// <exception cref="StorageRevisionNotYetReachedException">The revision is newer than the current revision.</exception>
    ValueTask<StorageListResult> ListAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default);

    /// <summary>Creates <paramref name="key"/>; the returned entry's value carries its new resourceVersion.</summary>
    /// <exception cref="StorageKeyExistsException">The key already exists.</exception>
    ValueTask<StorageEntry> CreateAsync(string key, KubeObject value, CancellationToken cancellationToken = default);

    /// <summary>Replaces <paramref name="key"/> if its current mod revision is <paramref name="expectedRevision"/> (compare-and-swap).</summary>
    /// <remarks>There is no unconditional update (0 never matches): read, then compare-and-swap, retrying on conflict.</remarks>
    /// <exception cref="StorageKeyNotFoundException">The key does not exist.</exception>
    /// <exception cref="StorageConflictException">The key was modified since <paramref name="expectedRevision"/>.</exception>
    ValueTask<StorageEntry> UpdateAsync(string key, KubeObject value, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes <paramref name="key"/> if its current mod revision is <paramref name="expectedRevision"/>
    /// (0 = unconditionally). Returns the deleted entry, whose <see cref="StorageEntry.ModRevision"/> is the delete's revision.
    /// </summary>
    /// <exception cref="StorageKeyNotFoundException">The key does not exist.</exception>
    /// <exception cref="StorageConflictException">The key was modified since <paramref name="expectedRevision"/>.</exception>
    ValueTask<StorageEntry> DeleteAsync(string key, long expectedRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every change to keys under <paramref name="prefix"/> with a revision greater than
    /// <paramref name="afterRevision"/>, exactly once and in revision order; 0 means "changes from now on", i.e. after
    /// the revision that is current when this method is called (not when enumeration starts).
    /// </summary>
    /// <remarks>
    /// The enumeration ends without an exception when <paramref name="cancellationToken"/> is cancelled or the backend
    /// is disposed.
    /// Enumeration throws <see cref="StorageRevisionCompactedException"/> when <paramref name="afterRevision"/> is older
    /// than the compacted revision, and <see cref="StorageWatchOverflowException"/> when the consumer fell so far behind
    /// that the backend ended the watch rather than buffer without bound.
    /// </remarks>
    IAsyncEnumerable<StorageEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Discards history older than <paramref name="revision"/>; current values are kept, and lists at
    /// <paramref name="revision"/> and watches after it still work. Compacting at or below the compacted revision does nothing.
    /// </summary>
    /// <exception cref="StorageRevisionNotYetReachedException">The revision is newer than the current revision.</exception>
    ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default);
}

/// <summary>A key's value and its revisions.</summary>
/// <param name="Key">The storage key, e.g. <c>/registry/pods/default/web-1</c>.</param>
/// <param name="Value">The object, whose <c>metadata.resourceVersion</c> equals <paramref name="ModRevision"/>.</param>
/// <param name="CreateRevision">The revision that created the key.</param>
/// <param name="ModRevision">The revision of the key's last write.</param>
public sealed record StorageEntry(string Key, KubeObject Value, long CreateRevision, long ModRevision);

/// <summary>The result of <see cref="IStorageBackend.ListAsync"/>.</summary>
/// <param name="Items">The entries, in key order.</param>
/// <param name="Revision">The revision the list reflects.</param>
public sealed record StorageListResult(IReadOnlyList<StorageEntry> Items, long Revision);

/// <summary>The type of a storage change.</summary>
public enum StorageEventType
{
    /// <summary>The key was created.</summary>
    Added,
    /// <summary>The key was updated.</summary>
    Modified,
    /// <summary>The key was deleted.</summary>
    Deleted,
}

/// <summary>One change seen by a storage watch.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Key">The key that changed.</param>
/// <param name="Value">The new value; for deletions, the last value stamped with the delete's revision.</param>
/// <param name="PreviousValue">The value before the change (null for creations, or where a backend cannot tell).</param>
/// <param name="Revision">The revision of the change.</param>
public sealed record StorageEvent(StorageEventType Type, string Key, KubeObject Value, KubeObject? PreviousValue, long Revision);

/// <summary>Turns objects into bytes and back for backends that persist them (SQLite, etcd).</summary>
public interface IStorageCodec
{
    /// <summary>Encodes an object for storage (without relying on its resourceVersion).</summary>
    byte[] Encode(KubeObject value);

    /// <summary>Decodes stored bytes and stamps the object with <paramref name="revision"/> as its resourceVersion.</summary>
    KubeObject Decode(ReadOnlySpan<byte> data, long revision);
}
