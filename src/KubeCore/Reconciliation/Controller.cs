using KubeCore.Informers;
using Microsoft.Extensions.Logging;

namespace KubeCore.Reconciliation;

/// <summary>
/// Runs one reconciler: informer events are mapped to keys in a rate-limited work queue, and up to
/// <see cref="MaxConcurrentReconciles"/> workers reconcile them, never one key on two workers at once. Build it with
/// <see cref="ControllerBuilder"/>; a <see cref="ControllerManager"/> runs it.
/// </summary>
public sealed class Controller
{
    private readonly IReconciler _reconciler;
    private readonly IReadOnlyList<IWatchSource> _sources;
    private readonly SharedInformerFactory _informers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkQueueOptions _queueOptions;
    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private volatile WorkQueue<ReconcileRequest>? _queue;

    internal Controller(string name, ControllerOptions options, IReconciler reconciler, IReadOnlyList<IWatchSource> sources,
        SharedInformerFactory informers, TimeProvider time, ILogger logger)
    {
        Name = name;
        MaxConcurrentReconciles = options.MaxConcurrentReconciles;
        NeedLeaderElection = options.NeedLeaderElection;
        _queueOptions = new WorkQueueOptions
        {
            Name = name,
            BaseDelay = options.WorkQueue.BaseDelay,
            MaxDelay = options.WorkQueue.MaxDelay,
            Qps = options.WorkQueue.Qps,
            Burst = options.WorkQueue.Burst,
            RateLimiterFactory = options.WorkQueue.RateLimiterFactory,
        };
        _reconciler = reconciler;
        _sources = sources;
        _informers = informers;
        _time = time;
        _logger = logger;
    }

    /// <summary>The controller's name (logs, metrics, event source).</summary>
    public string Name { get; }

    /// <summary>How many keys are reconciled at most at the same time.</summary>
    public int MaxConcurrentReconciles { get; }

    /// <summary>Whether the controller runs only while its manager leads.</summary>
    public bool NeedLeaderElection { get; }

    /// <summary>Whether the controller's workers are running.</summary>
    public bool IsRunning => _queue is { ShuttingDown: false };

    /// <summary>The reconciler this controller drives.</summary>
    public IReconciler Reconciler => _reconciler;

    /// <summary>Test hook: called after a key starts waiting for a retry or RequeueAfter delay.</summary>
    internal Action<ReconcileRequest, TimeSpan>? DelayScheduled { get; set; }

    internal int QueueLength => _queue?.Len ?? 0;

    internal int DelayedCount => _queue?.DelayedCount ?? 0;

    /// <summary>Asks for <paramref name="request"/> to be reconciled (ignored while the controller is not running).</summary>
    public void Enqueue(ReconcileRequest request) => _queue?.Add(request);

    /// <summary>Attaches to the informers, waits for their caches, then reconciles until <paramref name="cancellationToken"/> is cancelled.</summary>
    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        // A run after regaining leadership waits for the previous one to finish, so a key is never reconciled twice at once.
        try { await _oneRun.WaitAsync(cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        try { await RunOnceAsync(cancellationToken).ConfigureAwait(false); }
        finally { _oneRun.Release(); }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue<ReconcileRequest>(_time, _queueOptions) { Delayed = (r, d) => DelayScheduled?.Invoke(r, d) };
        var registrations = new List<IDisposable>();
        try
        {
            foreach (var source in _sources) registrations.Add(source.Attach(_informers, queue.Add));
            _informers.Start(CancellationToken.None); // informers belong to the cluster and outlive this run
            await _informers.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false);
            _queue = queue;
            using var stop = cancellationToken.Register(queue.ShutDown);
            _logger.LogInformation("Starting {Controller} with {Workers} worker(s)", Name, MaxConcurrentReconciles);
            var workers = new Task[MaxConcurrentReconciles];
            for (var i = 0; i < workers.Length; i++) workers[i] = Task.Run(() => WorkAsync(queue, cancellationToken), CancellationToken.None);
            await Task.WhenAll(workers).ConfigureAwait(false);
            _logger.LogInformation("Stopped {Controller}", Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
            queue.ShutDown();
            if (_queue == queue) _queue = null;
        }
    }

    private async Task WorkAsync(WorkQueue<ReconcileRequest> queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (request, shutDown) = await queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (shutDown) return;
            try
            {
                if (!cancellationToken.IsCancellationRequested) await ReconcileOneAsync(queue, request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                queue.Done(request);
            }
        }
    }

    private async Task ReconcileOneAsync(WorkQueue<ReconcileRequest> queue, ReconcileRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        string outcome;
        try
        {
            var result = await _reconciler.ReconcileAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.RequeueAfter > TimeSpan.Zero)
            {
                queue.Forget(request);
                queue.AddAfter(request, result.RequeueAfter);
                outcome = "requeue_after";
            }
            else if (result.Requeue)
            {
                queue.AddRateLimited(request);
                outcome = "requeue";
            }
            else
            {
                queue.Forget(request);
                outcome = "success";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // stopping: the next run reconciles everything again from the informers' caches
        }
        catch (TerminalReconcileException e)
        {
            queue.Forget(request);
            outcome = "error";
            ReconciliationMetrics.Errors.Add(1, ReconciliationMetrics.Controller(Name));
            _logger.LogError(e, "Reconciler {Controller} failed terminally for {Request}; not retrying", Name, request);
        }
        catch (Exception e)
        {
            queue.AddRateLimited(request);
            outcome = "error";
            ReconciliationMetrics.Errors.Add(1, ReconciliationMetrics.Controller(Name));
            _logger.LogError(e, "Reconciler {Controller} failed for {Request} (retry {Retry})", Name, request, queue.NumRequeues(request));
        }
        ReconciliationMetrics.Reconciles.Add(1, ReconciliationMetrics.Controller(Name, outcome));
        ReconciliationMetrics.Duration.Record(_time.GetElapsedTime(started).TotalSeconds, ReconciliationMetrics.Controller(Name));
    }
}
