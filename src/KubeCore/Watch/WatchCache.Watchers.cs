using KubeCore.Models;
using KubeCore.Storage;

namespace KubeCore.Watch;

/// <summary>The watch half of the cache: registering watchers, resuming from history, bookmarks.</summary>
public sealed partial class WatchCache
{
    /// <summary>
    /// Starts a watch. Problems the client must handle (410 too old resourceVersion, a watcher that fell behind, a
    /// re-list) arrive as an ERROR event that ends the watch, as from kube-apiserver.
    /// </summary>
    /// <exception cref="ArgumentException">An index hint names an unknown index.</exception>
    public CacheWatch Watch(WatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateHints(request.IndexHints);
        var watch = new CacheWatch(this, request, _options.WatcherBufferCapacity);
        long revision;
        try
        {
            revision = KubeObjectRevisionExtensions.ParseResourceVersion(request.ResourceVersion);
        }
        catch (FormatException e)
        {
            watch.Fail(WatchStatuses.BadResourceVersion(e.Message));
            return watch;
        }
        lock (_lock)
        {
            if (_disposed)
            {
                watch.Complete();
                return watch;
            }
            if (_isReady && revision <= _revision)
            {
                RegisterLocked(watch, request, revision);
                return watch;
            }
        }
        _ = StartWhenFreshAsync(watch, request, revision);
        return watch;
    }

    /// <summary>Builds the object of a BOOKMARK at <paramref name="revision"/>.</summary>
    internal KubeObject CreateBookmark(long revision, bool initialEventsEnd)
    {
        var metadata = new ObjectMeta
        {
            ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Annotations = initialEventsEnd ? InitialEventsEndAnnotations : null,
        };
        return _options.BookmarkObjectFactory is { } factory ? factory() with { Metadata = metadata } : new BookmarkObject { Metadata = metadata };
    }

    /// <summary>Unregisters a watcher (idempotent).</summary>
    internal void Remove(CacheWatch watch)
    {
        lock (_lock)
        {
            var all = _plan.All;
            var index = Array.IndexOf(all, watch);
            if (index < 0) return;
            var next = new CacheWatch[all.Length - 1];
            Array.Copy(all, 0, next, 0, index);
            Array.Copy(all, index + 1, next, index, next.Length - index);
            SetWatchersLocked(next);
        }
    }

    private void RegisterLocked(CacheWatch watch, WatchRequest request, long revision)
    {
        var sendInitial = request.SendInitialEvents ?? revision == 0;
        if (sendInitial)
        {
            var candidates = new List<KeyValuePair<string, KubeObject>>();
            _store.Collect(request.KeyPrefix ?? Prefix, request.IndexHints, candidates);
            var objects = new KubeObject[candidates.Count];
            for (var i = 0; i < objects.Length; i++) objects[i] = candidates[i].Value;
            watch.Start(_revision, revision, WatchItem.Initial(objects, _revision, endBookmark: request.SendInitialEvents == true));
        }
        else if (revision == 0)
        {
            watch.Start(_revision, _revision, null);
        }
        else
        {
            var events = _history.Since(revision);
            if (events is null)
            {
                watch.Fail(WatchStatuses.TooOld(revision, _history.OldestResumable));
                return;
            }
            watch.Start(_revision, revision, events.Length > 0 ? WatchItem.Replay(events) : null);
        }
        SetWatchersLocked([.. _plan.All, watch]);
    }

    private void SetWatchersLocked(CacheWatch[] watchers) =>
        Volatile.Write(ref _plan, watchers.Length == 0 ? DispatchPlan.Empty : DispatchPlan.Create(watchers, _store.ExtractorOf));

    private async Task StartWhenFreshAsync(CacheWatch watch, WatchRequest request, long revision)
    {
        using var timeout = revision > 0 ? new CancellationTokenSource(_options.FutureRevisionTimeout, _time) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(watch.DisposedToken, _stop.Token, timeout?.Token ?? default);
        while (true)
        {
            try
            {
                await WaitUntilFreshAsync(revision, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout is { IsCancellationRequested: true } && !watch.DisposedToken.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                watch.Fail(WatchStatuses.TooLarge(revision, Revision));
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                watch.Complete();
                return;
            }
            lock (_lock)
            {
                if (_disposed)
                {
                    watch.Complete();
                    return;
                }
                if (_isReady && revision <= _revision)
                {
                    RegisterLocked(watch, request, revision);
                    return;
                }
            }
        }
    }

    private void SendBookmarks()
    {
        var revision = Volatile.Read(ref _dispatchedRevision);
        foreach (var w in Volatile.Read(ref _plan).All)
            if (w.AllowBookmarks) w.Bookmark(revision);
    }

    private void ValidateHints(IReadOnlyList<IndexQuery>? hints)
    {
        if (hints is null) return;
        foreach (var h in hints)
            if (!WatchIndexNames.IsBuiltIn(h.IndexName) && !_options.FieldIndexes.ContainsKey(h.IndexName))
                throw new ArgumentException($"no index named {h.IndexName}", nameof(hints));
    }
}
