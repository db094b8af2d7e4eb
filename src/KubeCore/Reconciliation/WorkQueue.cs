namespace KubeCore.Reconciliation;

/// <summary>
/// A rate-limiting, delaying work queue with client-go semantics. Adding an item that is already waiting does nothing
/// (N adds before it is processed give one processing); an item handed out by <see cref="GetAsync"/> is never handed
/// to a second worker until <see cref="Done"/> — if it is added meanwhile it is queued again after <c>Done</c>.
/// Delays run on the <see cref="TimeProvider"/>.
/// </summary>
/// <typeparam name="T">The item type; items are compared with their default equality (e.g. <see cref="ReconcileRequest"/>).</typeparam>
public sealed partial class WorkQueue<T> : IDisposable where T : notnull
{
    private readonly object _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly LinkedList<TaskCompletionSource<(T Item, bool ShutDown)>> _waiters = new();
    private readonly TimeProvider _time;
    private readonly IRateLimiter _rateLimiter;
    private readonly string _name;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;

    /// <summary>Creates a queue.</summary>
    /// <param name="timeProvider">The clock for delays and the rate limiter.</param>
    /// <param name="options">Name and rate-limiter settings; defaults when null.</param>
    public WorkQueue(TimeProvider timeProvider, WorkQueueOptions? options = null)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        options ??= new WorkQueueOptions();
        _name = options.Name;
        _rateLimiter = options.RateLimiterFactory?.Invoke(_time) ?? MaxOfRateLimiter.CreateDefault(options, _time);
    }

    /// <summary>How many items are waiting to be handed out (not counting delayed or in-process ones).</summary>
    public int Len
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Whether <see cref="ShutDown"/> has been called.</summary>
    public bool ShuttingDown
    {
        get { lock (_gate) return _shuttingDown; }
    }

    /// <summary>Queues <paramref name="item"/> unless it is already waiting; ignored after shutdown.</summary>
    public void Add(T item)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(item)) return;
            ReconciliationMetrics.Adds.Add(1, ReconciliationMetrics.Queue(_name));
            if (_processing.Contains(item)) return; // re-queued by Done
            Enqueue(item);
        }
    }

    /// <summary>
    /// Waits for an item and marks it as being processed; the caller must call <see cref="Done"/> with it.
    /// Returns <c>ShutDown = true</c> (and a default item) once the queue is shut down and empty.
    /// </summary>
    public Task<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_queue.Count > 0) return Task.FromResult((Dequeue(), false));
            if (_shuttingDown) return Task.FromResult((default(T)!, true));
            cancellationToken.ThrowIfCancellationRequested();
            var waiter = new TaskCompletionSource<(T Item, bool ShutDown)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = _waiters.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() =>
                {
                    lock (_gate)
                    {
                        if (node.List is null) return; // already handed an item
                        _waiters.Remove(node);
                    }
                    waiter.TrySetCanceled(cancellationToken);
                });
                waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            return waiter.Task;
        }
    }

    /// <summary>Marks <paramref name="item"/> as processed; if it was added while being processed it is queued again now.</summary>
    public void Done(T item)
    {
        lock (_gate)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item)) Enqueue(item);
            else if (_processing.Count == 0 && _queue.Count == 0) _drained?.TrySetResult();
        }
    }

    /// <summary>Stops accepting items and wakes idle workers; items already queued are still handed out.</summary>
    public void ShutDown()
    {
        List<TaskCompletionSource<(T Item, bool ShutDown)>> waiters;
        lock (_gate)
        {
            if (_shuttingDown) return;
            _shuttingDown = true;
            waiters = [.. _waiters];
            _waiters.Clear();
            StopDelaying();
        }
        foreach (var waiter in waiters) waiter.TrySetResult((default!, true));
    }

    /// <summary>Shuts down and completes once the queue is empty and every item handed out has been marked <see cref="Done"/>.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        Task drained;
        lock (_gate)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_processing.Count == 0 && _queue.Count == 0) _drained.TrySetResult();
            drained = _drained.Task;
        }
        ShutDown();
        return drained.WaitAsync(cancellationToken);
    }

    /// <summary>Queues <paramref name="item"/> after the rate limiter's delay for it (a retry after a failure).</summary>
    public void AddRateLimited(T item)
    {
        ReconciliationMetrics.Retries.Add(1, ReconciliationMetrics.Queue(_name));
        AddAfter(item, _rateLimiter.When(item));
    }

    /// <summary>Resets <paramref name="item"/>'s backoff (call it when the item was processed successfully).</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    /// <summary>How many rate-limited retries <paramref name="item"/> has had since it was last forgotten.</summary>
    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>Shuts the queue down and stops its timer.</summary>
    public void Dispose() => ShutDown();

    private void Enqueue(T item)
    {
        // Called under the lock with item in _dirty and not being processed.
        var waiter = _waiters.First;
        if (waiter is not null)
        {
            _waiters.RemoveFirst();
            _dirty.Remove(item);
            _processing.Add(item);
            waiter.Value.TrySetResult((item, false));
            return;
        }
        _queue.Enqueue(item);
        ReconciliationMetrics.Depth.Add(1, ReconciliationMetrics.Queue(_name));
    }

    private T Dequeue()
    {
        var item = _queue.Dequeue();
        ReconciliationMetrics.Depth.Add(-1, ReconciliationMetrics.Queue(_name));
        _dirty.Remove(item);
        _processing.Add(item);
        return item;
    }
}
