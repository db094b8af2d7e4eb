using System.Runtime.CompilerServices;

namespace KubeCore.Storage.Memory;

/// <summary>Watches: replay of the retained history, then the live events buffered per watcher.</summary>
public sealed partial class InMemoryStorageBackend
{
    private const int ReplayBatchSize = 256;

    /// <inheritdoc/>
    /// <remarks>
    /// Registration happens when enumeration starts; events from <paramref name="afterRevision"/> up to that point
    /// are replayed from the retained history, then live events flow through a buffer of
    /// <see cref="InMemoryStorageOptions.WatchBufferSize"/> events.
    /// </remarks>
    public IAsyncEnumerable<StorageEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        if (afterRevision == 0) afterRevision = Volatile.Read(ref _revision);
        return Watch(prefix, afterRevision, cancellationToken);
    }

    private async IAsyncEnumerable<StorageEvent> Watch(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        MemoryWatcher watcher;
        long liveAfter;
        lock (_lock)
        {
            if (_disposed || cancellationToken.IsCancellationRequested) yield break;
            if (afterRevision < _history.CompactedRevision)
                throw new StorageRevisionCompactedException(afterRevision, _history.CompactedRevision);
            watcher = new MemoryWatcher(prefix, _watchBufferSize);
            liveAfter = _revision;
            _watchers = [.. _watchers, watcher];
        }
        try
        {
            // Replay the retained history in (afterRevision, liveAfter] in batches, releasing the lock in between.
            var batch = new List<StorageEvent>();
            for (var next = afterRevision + 1; next <= liveAfter;)
            {
                next = ReadHistory(prefix, next, Math.Min(liveAfter, next + ReplayBatchSize - 1), batch);
                if (next < 0) yield break;
                foreach (var change in batch)
                {
                    if (cancellationToken.IsCancellationRequested) yield break;
                    yield return change;
                }
            }

            // Then the live events, buffered since registration; skip any at or before a future afterRevision.
            var reader = watcher.Reader;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (reader.TryRead(out var change))
                {
                    if (change.Revision > afterRevision) yield return change;
                    continue;
                }
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
                if (!more)
                {
                    if (watcher.Failure is { } failure) throw failure;
                    yield break;
                }
            }
        }
        finally
        {
            Unregister(watcher);
        }
    }

    /// <summary>Copies the matching events of revisions [<paramref name="from"/>, <paramref name="to"/>] into <paramref name="batch"/>.</summary>
    /// <returns>The next revision to read, or -1 when the backend has been disposed.</returns>
    private long ReadHistory(string prefix, long from, long to, List<StorageEvent> batch)
    {
        batch.Clear();
        lock (_lock)
        {
            if (_disposed) return -1;
            if (from <= _history.CompactedRevision)
                throw new StorageWatchOverflowException(
                    $"watch on {prefix} fell behind: revision {from} was compacted (now {_history.CompactedRevision}) during replay");
            for (var r = from; r <= to; r++)
            {
                ref var record = ref _history.At(r);
                if (record.Entry.Key.StartsWith(prefix, StringComparison.Ordinal)) batch.Add(record.GetEvent());
            }
        }
        return to + 1;
    }

    /// <summary>Ends a watcher that cannot keep up. Under the lock.</summary>
    private void Overflow(MemoryWatcher watcher)
    {
        watcher.End(new StorageWatchOverflowException(
            $"watch on {watcher.Prefix} ended: more than {_watchBufferSize} events were waiting to be consumed"));
        RemoveWatcher(watcher);
    }

    private void Unregister(MemoryWatcher watcher)
    {
        lock (_lock)
        {
            watcher.End(null);
            RemoveWatcher(watcher);
        }
    }

    /// <summary>Removes <paramref name="watcher"/> from the published array (copy on write). Under the lock.</summary>
    private void RemoveWatcher(MemoryWatcher watcher)
    {
        var index = Array.IndexOf(_watchers, watcher);
        if (index < 0) return;
        var remaining = new MemoryWatcher[_watchers.Length - 1];
        Array.Copy(_watchers, 0, remaining, 0, index);
        Array.Copy(_watchers, index + 1, remaining, index, remaining.Length - index);
        _watchers = remaining;
    }
}
