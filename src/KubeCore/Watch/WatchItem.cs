using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>What a watcher's queue carries. Event batches are shared by every watcher; the rest are per watcher.</summary>
internal sealed class WatchItem
{
    private WatchItem(WatchItemKind kind, CacheEvent[]? events, int count, KubeObject[]? objects, long revision, Status? error)
    {
        Kind = kind;
        Events = events;
        Count = count;
        Objects = objects;
        Revision = revision;
        Error = error;
    }

    public WatchItemKind Kind { get; }
    public CacheEvent[]? Events { get; }
    public int Count { get; }
    public KubeObject[]? Objects { get; }
    public long Revision { get; }
    public Status? Error { get; }

    /// <summary>Live events, shared by all watchers (counted against the buffer).</summary>
    public static WatchItem Live(CacheEvent[] events) => new(WatchItemKind.Live, events, events.Length, null, events[^1].Revision, null);

    /// <summary>Events replayed from the history when a watch resumes (not counted against the buffer).</summary>
    public static WatchItem Replay(CacheEvent[] events) => new(WatchItemKind.Replay, events, events.Length, null, 0, null);

    /// <summary>The current state as of <paramref name="revision"/>: candidates the watcher filters and sends as ADDED.</summary>
    public static WatchItem Initial(KubeObject[] objects, long revision, bool endBookmark) =>
        new(endBookmark ? WatchItemKind.InitialWithEndBookmark : WatchItemKind.Initial, null, 0, objects, revision, null);

    /// <summary>A periodic bookmark at <paramref name="revision"/>.</summary>
    public static WatchItem Bookmark(long revision) => new(WatchItemKind.Bookmark, null, 0, null, revision, null);

    /// <summary>A terminal error.</summary>
    public static WatchItem Failed(Status error) => new(WatchItemKind.Error, null, 0, null, 0, error);
}

/// <summary>The kinds of <see cref="WatchItem"/>.</summary>
internal enum WatchItemKind
{
    Live,
    Replay,
    Initial,
    InitialWithEndBookmark,
    Bookmark,
    Error,
}
