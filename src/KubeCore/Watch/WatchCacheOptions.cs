using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>Settings of one <see cref="WatchCache"/>.</summary>
public sealed class WatchCacheOptions
{
    /// <summary>Default of <see cref="HistoryCapacity"/>: 1,000 events.</summary>
    public const int DefaultHistoryCapacity = 1000;

    /// <summary>Default of <see cref="WatcherBufferCapacity"/>: 10,000 events.</summary>
    public const int DefaultWatcherBufferCapacity = 10_000;

    /// <summary>Default of <see cref="MaxBatchSize"/>: 512 events.</summary>
    public const int DefaultMaxBatchSize = 512;

    /// <summary>Default of <see cref="BookmarkInterval"/>: one minute.</summary>
    public static readonly TimeSpan DefaultBookmarkInterval = TimeSpan.FromMinutes(1);

    /// <summary>Default of <see cref="FutureRevisionTimeout"/>: three seconds, as kube-apiserver.</summary>
    public static readonly TimeSpan DefaultFutureRevisionTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Default of <see cref="RelistBackoff"/>: one second.</summary>
    public static readonly TimeSpan DefaultRelistBackoff = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Func<KubeObject, IEnumerable<string>>> _fieldIndexes = new(StringComparer.Ordinal);

    /// <summary>The clock for bookmarks, timeouts and back-off; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>How many recent events are kept for resuming watches (default <see cref="DefaultHistoryCapacity"/>).</summary>
    public int HistoryCapacity { get; set; } = DefaultHistoryCapacity;

    /// <summary>
    /// How many undelivered events one watcher may have buffered before it is ended with 410 Expired
    /// (default <see cref="DefaultWatcherBufferCapacity"/>). Buffers hold references to shared batches, not copies.
    /// </summary>
    public int WatcherBufferCapacity { get; set; } = DefaultWatcherBufferCapacity;

    /// <summary>
    /// The largest batch of events handed to watchers at once (default <see cref="DefaultMaxBatchSize"/>); never more than
    /// <see cref="WatcherBufferCapacity"/>, so one batch alone cannot overflow a watcher.
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>How often watchers that allow bookmarks get a BOOKMARK (default <see cref="DefaultBookmarkInterval"/>).</summary>
    public TimeSpan BookmarkInterval { get; set; } = DefaultBookmarkInterval;

    /// <summary>How long a watch from a revision the cache has not reached waits before failing (default 3 s).</summary>
    public TimeSpan FutureRevisionTimeout { get; set; } = DefaultFutureRevisionTimeout;

    /// <summary>Pause before re-listing after the backend failed unexpectedly (default one second).</summary>
    public TimeSpan RelistBackoff { get; set; } = DefaultRelistBackoff;

    /// <summary>
    /// Builds an empty object of the watched kind (e.g. <c>() =&gt; new Pod { ApiVersion = "v1", Kind = "Pod" }</c>);
    /// the cache sets its metadata to carry only the resourceVersion. Null gives a kind-less <see cref="BookmarkObject"/>.
    /// </summary>
    public Func<KubeObject>? BookmarkObjectFactory { get; set; }

    /// <summary>The custom field indexes registered with <see cref="AddFieldIndex"/>, by name.</summary>
    public IReadOnlyDictionary<string, Func<KubeObject, IEnumerable<string>>> FieldIndexes => _fieldIndexes;

    /// <summary>Registers a field index, e.g. <c>spec.nodeName</c>; the extractor may yield several values or none.</summary>
    public WatchCacheOptions AddFieldIndex(string name, Func<KubeObject, IEnumerable<string>> extractor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(extractor);
        if (WatchIndexNames.IsBuiltIn(name)) throw new ArgumentException($"index name {name} is reserved", nameof(name));
        _fieldIndexes[name] = extractor;
        return this;
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryCapacity, 1, nameof(HistoryCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(WatcherBufferCapacity, 1, nameof(WatcherBufferCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BookmarkInterval, TimeSpan.Zero, nameof(BookmarkInterval));
    }
}
