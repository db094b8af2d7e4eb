namespace KubeCore.Storage.Memory;

/// <summary>The synchronous change feed the watch cache follows (see <see cref="IStorageChangeFeed"/>).</summary>
public sealed partial class InMemoryStorageBackend : IStorageChangeFeed
{
    private Feed[] _feeds = [];

    /// <inheritdoc/>
    public IDisposable Subscribe(string prefix, long afterRevision, Action<StorageEvent> onChange, Action<Exception?> onEnd)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(onChange);
        ArgumentNullException.ThrowIfNull(onEnd);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        var feed = new Feed(this, prefix, onChange, onEnd);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (afterRevision < _history.CompactedRevision)
                throw new StorageRevisionCompactedException(afterRevision, _history.CompactedRevision);
            for (var r = Math.Max(afterRevision, _history.CompactedRevision) + 1; r <= _revision; r++)
            {
                ref var record = ref _history.At(r);
                if (record.Entry.Key.StartsWith(prefix, StringComparison.Ordinal)) onChange(record.GetEvent());
            }
            _feeds = [.. _feeds, feed];
        }
        return feed;
    }

    /// <summary>Hands a committed change to the matching feeds. Under the lock.</summary>
    private void PublishToFeeds(string key, ref HistoryRecord record)
    {
        var feeds = _feeds;
        StorageEvent? change = null;
        foreach (var feed in feeds)
        {
            if (!key.StartsWith(feed.Prefix, StringComparison.Ordinal)) continue;
            try
            {
                feed.OnChange(change ??= record.GetEvent());
            }
#pragma warning disable CA1031 // A failing consumer must never fail the write that has already committed.
            catch (Exception e)
#pragma warning restore CA1031
            {
                RemoveFeed(feed);
                feed.OnEnd(e);
            }
        }
    }

    /// <summary>Ends every feed (the backend is being disposed). Under the lock.</summary>
    private void EndFeeds()
    {
        var feeds = _feeds;
        _feeds = [];
        foreach (var feed in feeds) feed.OnEnd(null);
    }

    private void RemoveFeed(Feed feed)
    {
        lock (_lock) _feeds = Array.FindAll(_feeds, f => !ReferenceEquals(f, feed));
    }

    private sealed class Feed(InMemoryStorageBackend backend, string prefix, Action<StorageEvent> onChange, Action<Exception?> onEnd) : IDisposable
    {
        public string Prefix { get; } = prefix;
        public Action<StorageEvent> OnChange { get; } = onChange;
        public Action<Exception?> OnEnd { get; } = onEnd;
        public void Dispose() => backend.RemoveFeed(this);
    }
}
