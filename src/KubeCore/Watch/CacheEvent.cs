using KubeCore.Models;
using KubeCore.Storage;

namespace KubeCore.Watch;

/// <summary>
/// One change applied by the cache, shared by the history and every watcher. The public events derived from it are
/// built once and shared, so fanning out to many watchers allocates nothing per delivery.
/// </summary>
internal sealed class CacheEvent
{
    private WatchEvent<KubeObject>? _asIs;
    private WatchEvent<KubeObject>? _asAdded;
    private WatchEvent<KubeObject>? _asDeleted;

    public CacheEvent(StorageEventType type, string key, KubeObject value, KubeObject? previous, long revision)
    {
        Type = type;
        Key = key;
        Object = value;
        Previous = previous;
        Revision = revision;
    }

    /// <summary>What happened in storage.</summary>
    public StorageEventType Type { get; }

    /// <summary>The storage key.</summary>
    public string Key { get; }

    /// <summary>The new object; for deletions the last state stamped with the delete revision.</summary>
    public KubeObject Object { get; }

    /// <summary>The object the cache held before the change (null for creations).</summary>
    public KubeObject? Previous { get; }

    /// <summary>The revision of the change.</summary>
    public long Revision { get; }

    /// <summary>The event as it happened (ADDED, MODIFIED or DELETED).</summary>
    public WatchEvent<KubeObject> AsIs => _asIs ??= new(Type switch
    {
        StorageEventType.Added => WatchEventType.Added,
        StorageEventType.Modified => WatchEventType.Modified,
        _ => WatchEventType.Deleted,
    }, Object);

    /// <summary>An update seen by a watcher whose filter the object starts matching: ADDED with the new object.</summary>
    public WatchEvent<KubeObject> AsAdded => _asAdded ??= new(WatchEventType.Added, Object);

    /// <summary>An update seen by a watcher whose filter the object stops matching: DELETED with the previous state at this revision.</summary>
    public WatchEvent<KubeObject> AsDeleted => _asDeleted ??= new(WatchEventType.Deleted, Previous!.WithResourceVersion(Revision));
}
