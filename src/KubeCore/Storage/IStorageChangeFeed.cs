namespace KubeCore.Storage;

/// <summary>
/// An optional capability of an <see cref="IStorageBackend"/>: handing every change to an in-process consumer
/// synchronously, on the writer's thread, in commit order. The watch cache uses it when a backend offers it (the
/// in-memory backend does), so a write is already applied to the cache when it returns and no per-write hand-off
/// between threads is needed. Backends that cannot (SQLite, etcd) simply do not implement it; the cache then follows
/// <see cref="IStorageBackend.WatchAsync"/>.
/// </summary>
public interface IStorageChangeFeed
{
    /// <summary>
    /// Delivers to <paramref name="onChange"/> every change under <paramref name="prefix"/> with a revision greater than
    /// <paramref name="afterRevision"/>: the retained ones before this method returns, later ones inside each write.
    /// The consumer must be fast, must not throw, and must not call back into the backend.
    /// </summary>
    /// <param name="prefix">The key prefix to follow.</param>
    /// <param name="afterRevision">Deliver changes after this revision (0: everything retained).</param>
    /// <param name="onChange">Called with each change, under the backend's write lock.</param>
    /// <param name="onEnd">Called once when the feed ends without being disposed (backend disposed: null; a failing consumer: its exception).</param>
    /// <returns>A subscription; dispose it to stop the feed.</returns>
    /// <exception cref="StorageRevisionCompactedException"><paramref name="afterRevision"/> has been compacted.</exception>
    IDisposable Subscribe(string prefix, long afterRevision, Action<StorageEvent> onChange, Action<Exception?> onEnd);
}
