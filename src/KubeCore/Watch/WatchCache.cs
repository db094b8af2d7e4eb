using System.Collections.Immutable;
using KubeCore.Models;
using KubeCore.Storage;

namespace KubeCore.Watch;

/// <summary>
/// The in-memory cache of one resource (a storage key prefix such as <c>/registry/pods/</c>), modelled on
/// kube-apiserver's cacher: it lists and watches the backend, serves get/list/watch from memory with indexes,
/// keeps a bounded history for resuming watches, and fans changes out to many watchers.
/// </summary>
public sealed partial class WatchCache : IAsyncDisposable
{
    /// <summary>The annotation on the bookmark that ends the initial events of a <c>sendInitialEvents</c> watch.</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    private static readonly IReadOnlyDictionary<string, string> InitialEventsEndAnnotations =
        ImmutableDictionary<string, string>.Empty.Add(InitialEventsEndAnnotation, "true");

    private readonly IStorageBackend _backend;
    private readonly WatchCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly Lock _lock = new();
    private readonly CacheStore _store;
    private readonly EventHistory _history;
    private readonly List<CacheEvent> _pending = [];
    private readonly List<FreshWaiter> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private DispatchPlan _plan = DispatchPlan.Empty;
    private int _dispatchStamp;
    private TaskCompletionSource _ready = NewSignal();
    private bool _isReady;
    private bool _hasSynced;
    private bool _disposed;
    private long _revision;
    private long _dispatchedRevision;
    private bool _followingFeed;
    private Task? _run;
    private ITimer? _bookmarkTimer;

    /// <summary>Creates a cache of the keys under <paramref name="prefix"/>; call <see cref="Start"/> to fill it.</summary>
    public WatchCache(IStorageBackend backend, string prefix, WatchCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        _backend = backend;
        Prefix = prefix;
        _options = options ?? new WatchCacheOptions();
        _options.Validate();
        _time = _options.TimeProvider ?? TimeProvider.System;
        _maxBatch = Math.Min(_options.MaxBatchSize, _options.WatcherBufferCapacity);
        _store = new CacheStore(_options.FieldIndexes);
        _history = new EventHistory(_options.HistoryCapacity);
    }

    /// <summary>The storage key prefix this cache holds.</summary>
    public string Prefix { get; }

    /// <summary>The revision of the last change applied (the list revision right after a list).</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>Whether the cache is listed and following the backend's watch.</summary>
    public bool IsReady { get { lock (_lock) return _isReady; } }

    /// <summary>How many objects the cache holds.</summary>
    public int Count { get { lock (_lock) return _store.Count; } }

    /// <summary>How many watchers are registered.</summary>
    public int WatcherCount => Volatile.Read(ref _plan).All.Length;

    /// <summary>Starts listing and watching the backend in the background (idempotent).</summary>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_run is not null) return;
            _bookmarkTimer = _time.CreateTimer(static s => ((WatchCache)s!).SendBookmarks(), this, _options.BookmarkInterval, _options.BookmarkInterval);
            _run = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>Waits until the cache has listed the backend and follows its watch.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        Task ready;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_isReady) return Task.CompletedTask;
            ready = _ready.Task;
        }
        return ready.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Waits until the cache is ready and has applied <paramref name="revision"/> (read-your-writes); completes
    /// synchronously, without allocating, when it already has.
    /// </summary>
    /// <remarks>
    /// The revision should be one of this resource's writes: the storage SPI has no progress notifications, so a
    /// revision written under another prefix is only reached once this resource changes again (or, on a change-feed
    /// backend, after <see cref="CatchUpWithBackend"/>).
    /// </remarks>
    public ValueTask WaitUntilFreshAsync(long revision, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _revision) >= revision && Volatile.Read(ref _isReady)) return default;
        FreshWaiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_isReady && _revision >= revision) return default;
            waiter = new FreshWaiter(revision);
            _waiters.Add(waiter);
        }
        return new ValueTask(WaitAsync(waiter, cancellationToken));
    }

    /// <summary>
    /// Brings the cache's revision up to the backend's current revision when that is known to be safe: the cache
    /// follows a synchronous change feed, so every change under its prefix up to the backend's current revision has
    /// already been applied. Lists and watches of a resource nobody has written lately then report the store's latest
    /// revision (never an older one, and never "0" once anything is stored), as kube-apiserver's watch cache does
    /// with etcd's progress notifications. Backends followed through <see cref="IStorageBackend.WatchAsync"/> have no
    /// progress notifications in the storage SPI, so there it does nothing.
    /// </summary>
    public void CatchUpWithBackend()
    {
        if (!Volatile.Read(ref _followingFeed)) return;
        // The in-memory backend publishes a revision only after handing its change to the feeds, so a revision read
        // here was applied already (a ValueTask completed synchronously; other feed backends must do the same).
        var current = _backend.GetCurrentRevisionAsync();
        if (!current.IsCompletedSuccessfully) return;
        var revision = current.Result;
        lock (_lock)
        {
            if (!_followingFeed || !_isReady || revision <= _revision) return;
            Volatile.Write(ref _revision, revision);
            if (_pending.Count == 0 && Volatile.Read(ref _dispatchedRevision) < revision) Volatile.Write(ref _dispatchedRevision, revision);
            ReleaseWaitersLocked();
        }
    }

    /// <summary>The cached object at <paramref name="key"/>, or null.</summary>
    /// <exception cref="InvalidOperationException">The cache has not listed the backend yet.</exception>
    public KubeObject? Get(string key)
    {
        lock (_lock)
        {
            EnsureSynced();
            return _store.Get(key);
        }
    }

    /// <summary>
    /// Lists the cached objects under <paramref name="keyPrefix"/> (default: the whole resource) that satisfy every
    /// index query and <paramref name="filter"/>, in key order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cache has not listed the backend yet.</exception>
    /// <exception cref="ArgumentException">An index query names an unknown index.</exception>
    public WatchCacheListResult List(string? keyPrefix = null, Func<KubeObject, bool>? filter = null, IReadOnlyList<IndexQuery>? indexQueries = null)
    {
        var candidates = new List<KeyValuePair<string, KubeObject>>();
        long revision;
        lock (_lock)
        {
            EnsureSynced();
            _store.Collect(keyPrefix ?? Prefix, indexQueries, candidates);
            revision = _revision;
        }
        var items = new List<KubeObject>(candidates.Count);
        foreach (var (_, o) in candidates)
            if (filter is null || filter(o)) items.Add(o);
        return new WatchCacheListResult(items, revision);
    }

    /// <summary>Stops following the backend and ends every watch (they complete after their buffered events).</summary>
    public async ValueTask DisposeAsync()
    {
        Task? run;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            run = _run;
        }
        _stop.Cancel();
        _bookmarkTimer?.Dispose();
        if (run is not null)
        {
            try { await run.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        CacheWatch[] watchers;
        FreshWaiter[] waiters;
        lock (_lock)
        {
            watchers = _plan.All;
            _plan = DispatchPlan.Empty;
            waiters = [.. _waiters];
            _waiters.Clear();
            _ready.TrySetException(new ObjectDisposedException(nameof(WatchCache)));
        }
        foreach (var w in watchers) w.Complete();
        foreach (var w in waiters) w.Signal.TrySetException(new ObjectDisposedException(nameof(WatchCache)));
    }

    private async Task WaitAsync(FreshWaiter waiter, CancellationToken cancellationToken)
    {
        try
        {
            await waiter.Signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_lock) _waiters.Remove(waiter);
            throw;
        }
    }

    private void ReleaseWaitersLocked()
    {
        if (_waiters.Count == 0 || !_isReady) return;
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Revision > _revision) continue;
            _waiters[i].Signal.TrySetResult();
            _waiters.RemoveAt(i);
        }
    }

    private void EnsureSynced()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_hasSynced) throw new InvalidOperationException($"the watch cache for {Prefix} has not listed storage yet; await WaitUntilReadyAsync first");
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class FreshWaiter(long revision)
    {
        public long Revision { get; } = revision;
        public TaskCompletionSource Signal { get; } = NewSignal();
    }
}
