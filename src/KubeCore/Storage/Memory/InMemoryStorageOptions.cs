namespace KubeCore.Storage.Memory;

/// <summary>Settings of the <see cref="InMemoryStorageBackend"/>.</summary>
public sealed class InMemoryStorageOptions
{
    /// <summary>How many of the latest revisions stay listable and watchable; older history is compacted automatically.</summary>
    /// <value>The default is 100,000 revisions. Must be at least 1.</value>
    public int HistoryWindow { get; set; } = 100_000;

    /// <summary>How many undelivered events one watcher may hold before it is ended with <see cref="StorageWatchOverflowException"/>.</summary>
    /// <value>The default is 10,000 events. Must be at least 1.</value>
    public int WatchBufferSize { get; set; } = 10_000;
}
