using System.Reactive.Disposables;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>
/// One watch on a <see cref="WatchCache"/>: consume it once, either with <c>await foreach</c> or by subscribing.
/// Disposing it (or cancelling the enumeration, or disposing the subscription) removes the watcher.
/// </summary>
/// <remarks>
/// Events reach the watcher as batches shared by every watcher; filtering happens here, on the consumer side, so
/// the dispatcher never evaluates selectors and never blocks: a watcher that lets more than
/// <see cref="WatchCacheOptions.WatcherBufferCapacity"/> events pile up is ended with a 410 Expired ERROR event.
/// </remarks>
public sealed class CacheWatch : IAsyncEnumerable<WatchEvent<KubeObject>>, IObservable<WatchEvent<KubeObject>>, IDisposable
{
    private readonly WatchCache _cache;
    private readonly string? _prefix;
    private readonly Func<KubeObject, bool>? _filter;
    private readonly int _capacity;
    private readonly Channel<WatchItem> _queue = Channel.CreateUnbounded<WatchItem>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly CancellationTokenSource _disposed = new();
    private volatile Status? _terminal;
    private long _startRevision = long.MaxValue;
    private long _lastSent;
    private int _pending;
    // What each queued live batch was charged against the buffer, in queue order (hinted watchers pay only for
    // the events that concern them, not for a whole shared batch).
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _charges = new();
    private int _consumed;
    private int _closed;

    internal CacheWatch(WatchCache cache, WatchRequest request, int capacity)
    {
        _cache = cache;
        _prefix = request.KeyPrefix is { Length: > 0 } p && p != cache.Prefix ? p : null;
        _filter = request.Filter;
        _capacity = capacity;
        AllowBookmarks = request.AllowWatchBookmarks;
        Trigger = request.IndexHints is { Count: > 0 } hints ? hints[0] : null;
    }

    /// <summary>The index hint the dispatcher uses to skip batches this watcher cannot care about.</summary>
    internal IndexQuery? Trigger { get; }

    /// <summary>The dispatcher's per-batch mark, so a batch reaches this watcher once (dispatcher thread only).</summary>
    internal int DispatchStamp { get; set; }

    /// <summary>Whether this watcher receives periodic bookmarks.</summary>
    public bool AllowBookmarks { get; }

    /// <summary>The 410/504 error this watch was ended with, if any.</summary>
    public Status? Error => _terminal;

    /// <summary>Cancelled when the watch is disposed.</summary>
    internal CancellationToken DisposedToken => _disposed.Token;

    /// <inheritdoc />
    public IAsyncEnumerator<WatchEvent<KubeObject>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _consumed, 1) != 0) throw new InvalidOperationException("a watch can be consumed only once");
        return ReadAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<WatchEvent<KubeObject>> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var cts = new CancellationTokenSource();
        var enumerator = GetAsyncEnumerator(cts.Token);
        _ = PumpAsync(enumerator, observer, cts.Token);
        return Disposable.Create(() =>
        {
            cts.Cancel();
            Dispose();
        });
    }

    /// <summary>Ends the watch and removes the watcher; enumeration ends without delivering what is still buffered.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _cache.Remove(this);
        _disposed.Cancel();
    }

    /// <summary>Called under the cache lock when the watcher starts receiving changes after <paramref name="revision"/>.</summary>
    internal void Start(long revision, long resumedFrom, WatchItem? first)
    {
        Volatile.Write(ref _startRevision, revision);
        _lastSent = resumedFrom;
        if (first is not null) _queue.Writer.TryWrite(first);
    }

    /// <summary>Hands over a shared batch of live events; never blocks.</summary>
    internal void Deliver(WatchItem batch) => Deliver(batch, batch.Count);

    /// <summary>Hands over a shared batch, charging <paramref name="charge"/> events against the buffer; never blocks.</summary>
    internal void Deliver(WatchItem batch, int charge)
    {
        if (batch.Revision <= Volatile.Read(ref _startRevision) || _closed != 0) return;
        if (Interlocked.Add(ref _pending, charge) > _capacity)
        {
            Fail(WatchStatuses.FellBehind(_capacity));
            return;
        }
        _charges.Enqueue(charge);
        _queue.Writer.TryWrite(batch);
    }

    /// <summary>Queues a periodic bookmark.</summary>
    internal void Bookmark(long revision)
    {
        if (_closed == 0) _queue.Writer.TryWrite(WatchItem.Bookmark(revision));
    }

    /// <summary>Ends the watch with an ERROR event carrying <paramref name="error"/>; buffered events are dropped.</summary>
    internal void Fail(Status error)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _terminal = error;
        _queue.Writer.TryWrite(WatchItem.Failed(error));
        _queue.Writer.TryComplete();
        _cache.Remove(this);
    }

    /// <summary>Ends the watch gracefully: buffered events are still delivered, then enumeration completes.</summary>
    internal void Complete()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _cache.Remove(this);
    }

    private async IAsyncEnumerator<WatchEvent<KubeObject>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = _queue.Reader;
            while (true)
            {
                if (!reader.TryRead(out var item))
                {
                    if (_terminal is null && await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) continue;
                    if (_terminal is { } error) yield return new WatchEvent<KubeObject>(WatchEventType.Error, null, error);
                    yield break;
                }
                if (_disposed.IsCancellationRequested) yield break;
                if (_terminal is { } failed)
                {
                    yield return new WatchEvent<KubeObject>(WatchEventType.Error, null, failed);
                    yield break;
                }
                switch (item.Kind)
                {
                    case WatchItemKind.Live:
                    case WatchItemKind.Replay:
                        var start = item.Kind == WatchItemKind.Live ? Volatile.Read(ref _startRevision) : 0;
                        var events = item.Events!;
                        for (var i = 0; i < item.Count; i++)
                        {
                            var e = events[i];
                            if (e.Revision <= start) continue;
                            var converted = Convert(e);
                            if (converted is null) continue;
                            _lastSent = e.Revision;
                            yield return converted;
                        }
                        if (item.Kind == WatchItemKind.Live && _charges.TryDequeue(out var charge)) Interlocked.Add(ref _pending, -charge);
                        break;
                    case WatchItemKind.Initial:
                    case WatchItemKind.InitialWithEndBookmark:
                        foreach (var o in item.Objects!)
                            if (_filter is null || _filter(o)) yield return new WatchEvent<KubeObject>(WatchEventType.Added, o);
                        _lastSent = item.Revision;
                        if (item.Kind == WatchItemKind.InitialWithEndBookmark)
                            yield return new WatchEvent<KubeObject>(WatchEventType.Bookmark, _cache.CreateBookmark(item.Revision, initialEventsEnd: true));
                        break;
                    case WatchItemKind.Bookmark:
                        if (AllowBookmarks && item.Revision > 0 && item.Revision >= _lastSent)
                        {
                            _lastSent = item.Revision;
                            yield return new WatchEvent<KubeObject>(WatchEventType.Bookmark, _cache.CreateBookmark(item.Revision, initialEventsEnd: false));
                        }
                        break;
                    case WatchItemKind.Error:
                        yield return new WatchEvent<KubeObject>(WatchEventType.Error, null, item.Error);
                        yield break;
                }
            }
        }
        finally
        {
            Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private WatchEvent<KubeObject>? Convert(CacheEvent e)
    {
        if (_prefix is not null && !e.Key.StartsWith(_prefix, StringComparison.Ordinal)) return null;
        var filter = _filter;
        if (filter is null) return e.AsIs;
        switch (e.Type)
        {
            case Storage.StorageEventType.Modified:
                var now = filter(e.Object);
                var before = e.Previous is not null && filter(e.Previous);
                return now ? (before ? e.AsIs : e.AsAdded) : (before ? e.AsDeleted : null);
            default:
                return filter(e.Object) ? e.AsIs : null;
        }
    }

    private static async Task PumpAsync(IAsyncEnumerator<WatchEvent<KubeObject>> events, IObserver<WatchEvent<KubeObject>> observer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failing source is reported to the observer, as Rx requires.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    observer.OnError(e);
                    return;
                }
                if (!more) break;
                // The observer's own exceptions are not the source's failure: they propagate (Rx guidelines).
                observer.OnNext(events.Current);
            }
        }
        if (!cancellationToken.IsCancellationRequested) observer.OnCompleted();
    }
}
