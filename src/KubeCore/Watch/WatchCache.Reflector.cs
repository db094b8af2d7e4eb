using KubeCore.Storage;

namespace KubeCore.Watch;

/// <summary>The reflector half of the cache: list, watch, apply, dispatch; re-list when the backend watch breaks.</summary>
public sealed partial class WatchCache
{
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var listed = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            var backOff = false;
            try
            {
                var list = await _backend.ListAsync(Prefix, 0, cancellationToken).ConfigureAwait(false);
                if (_backend is IStorageChangeFeed feed)
                {
                    Replace(list);
                    listed = true;
                    var ended = await FollowFeedAsync(feed, list.Revision, cancellationToken).ConfigureAwait(false);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        Flush();
                        return;
                    }
                    throw ended ?? new StorageWatchOverflowException("the storage change feed ended");
                }
                // The watch is pinned when WatchAsync is called, so call it before serving the list.
                var stream = _backend.WatchAsync(Prefix, list.Revision, cancellationToken);
                if (list.Revision == 0 && await _backend.GetCurrentRevisionAsync(cancellationToken).ConfigureAwait(false) != 0)
                {
                    // Watching "after 0" means "from now": a write that raced the first list would be lost. List again.
                    continue;
                }
                Replace(list);
                listed = true;
                await FollowAsync(stream, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    // Stopping: the cache's disposal completes the watchers gracefully.
                    Flush();
                    return;
                }
                reason = "the storage watch ended";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Flush();
                return;
            }
            catch (StorageWatchOverflowException)
            {
                reason = "the storage watch overflowed";
            }
            catch (StorageRevisionCompactedException e)
            {
                reason = "storage was compacted: " + e.Message;
            }
#pragma warning disable CA1031 // The reflector must survive any backend failure and re-list.
            catch (Exception e)
#pragma warning restore CA1031
            {
                reason = "storage failed: " + e.Message;
                backOff = true;
            }
            Flush();
            if (listed) Invalidate(reason);
            if (backOff)
            {
                try { await Task.Delay(_options.RelistBackoff, _time, cancellationToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task FollowAsync(IAsyncEnumerable<StorageEvent> stream, CancellationToken cancellationToken)
    {
        var events = stream.GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                var next = events.MoveNextAsync();
                // Batch naturally: whatever arrived while we were busy goes out as one batch before we wait.
                if (!next.IsCompleted) Flush();
                if (!await next.ConfigureAwait(false)) return;
                Apply(events.Current);
                if (_pending.Count >= _maxBatch) Flush();
            }
        }
    }

    /// <summary>
    /// Follows a synchronous change feed: each change is applied on the writer's thread (so reads after a write see it
    /// at once), and dispatch to watchers is scheduled off that thread. Returns why the feed ended.
    /// </summary>
    private async Task<Exception?> FollowFeedAsync(IStorageChangeFeed feed, long afterRevision, CancellationToken cancellationToken)
    {
        var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(Prefix, afterRevision, OnFeedChange, e =>
        {
            Volatile.Write(ref _followingFeed, false);
            ended.TrySetResult(e);
        });
        Volatile.Write(ref _followingFeed, true);
        using var registration = cancellationToken.Register(() => ended.TrySetResult(null));
        try
        {
            return await ended.Task.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _followingFeed, false);
        }
    }

    private void OnFeedChange(StorageEvent e)
    {
        Apply(e);
        // Without watchers there is nothing to hand out: settle the batch inline. Otherwise one dispatch at a time
        // runs on the thread pool and takes everything applied meanwhile as one batch.
        if (Volatile.Read(ref _plan).All.Length == 0) Flush();
        else if (Interlocked.CompareExchange(ref _flushScheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static cache => cache.RunScheduledFlush(), this, preferLocal: false);
    }

    private void RunScheduledFlush()
    {
        Volatile.Write(ref _flushScheduled, 0);
        Flush();
    }

    private int _flushScheduled;
    private readonly Lock _flushGate = new();

    /// <summary>Replaces the whole state with a fresh list and forgets the history.</summary>
    private void Replace(StorageListResult list)
    {
        lock (_lock)
        {
            _store.Clear();
            foreach (var entry in list.Items) _store.Put(entry.Key, entry.Value);
            _history.Reset(list.Revision);
            Volatile.Write(ref _revision, Math.Max(_revision, list.Revision));
            Volatile.Write(ref _dispatchedRevision, _revision);
            _hasSynced = true;
            Volatile.Write(ref _isReady, true);
            _ready.TrySetResult();
            ReleaseWaitersLocked();
        }
    }

    /// <summary>The backend watch broke: stop serving watches until re-listed and end every watcher with 410.</summary>
    private void Invalidate(string reason)
    {
        CacheWatch[] watchers;
        lock (_lock)
        {
            Volatile.Write(ref _isReady, false);
            _ready = NewSignal();
            watchers = _plan.All;
            Volatile.Write(ref _plan, DispatchPlan.Empty);
        }
        var status = WatchStatuses.Relisted(reason);
        foreach (var w in watchers) w.Fail(status);
    }

    private void Apply(StorageEvent e)
    {
        lock (_lock)
        {
            if (e.Revision <= _revision) return;
            var previous = e.Type == StorageEventType.Deleted ? _store.Remove(e.Key) : _store.Put(e.Key, e.Value);
            var type = e.Type switch
            {
                StorageEventType.Modified when previous is null => StorageEventType.Added,
                StorageEventType.Added when previous is not null => StorageEventType.Modified,
                _ => e.Type,
            };
            var change = new CacheEvent(type, e.Key, e.Value, previous ?? e.PreviousValue, e.Revision);
            _history.Add(change);
            _pending.Add(change);
            Volatile.Write(ref _revision, e.Revision);
            ReleaseWaitersLocked();
        }
    }

    /// <summary>Hands the applied-but-undispatched events to every watcher as one shared batch.</summary>
    private void Flush()
    {
        // One dispatcher at a time, so batches reach watchers in revision order; the pending list is shared with
        // Apply (which may run on writer threads when following a change feed), so it is taken under the cache lock.
        lock (_flushGate)
        {
            WatchItem batch;
            lock (_lock)
            {
                if (_pending.Count == 0) return;
                if (Volatile.Read(ref _plan).All.Length == 0)
                {
                    // Nobody to hand a batch to: settle it without building one (watchers registering later
                    // replay from the history, which already holds these events).
                    Volatile.Write(ref _dispatchedRevision, _pending[^1].Revision);
                    _pending.Clear();
                    return;
                }
                batch = WatchItem.Live([.. _pending]);
                _pending.Clear();
            }
            Volatile.Read(ref _plan).Dispatch(batch, ref _dispatchStamp);
            Volatile.Write(ref _dispatchedRevision, batch.Revision);
        }
    }
}
