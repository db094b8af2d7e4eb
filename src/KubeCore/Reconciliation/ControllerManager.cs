using KubeCore.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeCore.Reconciliation;

/// <summary>
/// Runs controllers against a cluster (controller-runtime's Manager): builds them over the cluster's shared
/// informers, starts the informers and waits for their caches, runs every controller's workers — those that need
/// leader election only while this manager leads — and stops everything cleanly on dispose. A cluster built with
/// <c>AddController</c> owns one as <see cref="KubeCluster.Controllers"/>.
/// </summary>
public sealed class ControllerManager : IAsyncDisposable
{
    private readonly KubeCluster _cluster;
    private readonly ControllerManagerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IServiceProvider? _services;
    private readonly List<ControllerBuilder> _builders = [];
    private readonly List<Controller> _controllers = [];
    private readonly Dictionary<string, EventRecorder> _recorders = [];
    private readonly List<Task> _running = [];
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _election;
    private int _started;
    private int _disposed;

    /// <summary>Creates a manager for <paramref name="cluster"/>.</summary>
    /// <param name="cluster">The cluster whose client, informers and clock controllers use.</param>
    /// <param name="options">Leader election settings; none when null.</param>
    /// <param name="loggerFactory">Where controllers log errors and terminal failures.</param>
    /// <param name="services">Resolves reconcilers registered with <c>Reconcile&lt;TReconciler&gt;()</c>.</param>
    public ControllerManager(KubeCluster cluster, ControllerManagerOptions? options = null, ILoggerFactory? loggerFactory = null, IServiceProvider? services = null)
    {
        _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        _options = options ?? new ControllerManagerOptions();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _services = services;
    }

    /// <summary>The controllers, once started.</summary>
    public IReadOnlyList<Controller> Controllers
    {
        get { lock (_gate) return [.. _controllers]; }
    }

    /// <summary>Whether any controller has been added.</summary>
    public bool HasControllers
    {
        get { lock (_gate) return _builders.Count > 0; }
    }

    /// <summary>The leader elector, when leader election is configured and the manager has started.</summary>
    public LeaderElector? LeaderElector { get; private set; }

    /// <summary>Test hook: the clock the leader elector waits on (the cluster's when null).</summary>
    internal TimeProvider? ElectionClock { get; set; }

    /// <summary>Whether this manager runs its leader-elected controllers now (always true without leader election).</summary>
    public bool IsLeader => LeaderElector?.IsLeader ?? true;

    /// <summary>Adds a controller composed by <paramref name="configure"/>; add controllers before <see cref="StartAsync"/>.</summary>
    public ControllerManager AddController(Action<ControllerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new ControllerBuilder();
        configure(builder);
        return AddController(builder);
    }

    /// <summary>Adds a composed controller; add controllers before <see cref="StartAsync"/>.</summary>
    public ControllerManager AddController(ControllerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        lock (_gate)
        {
            if (_started != 0) throw new InvalidOperationException("controllers must be added before the manager starts");
            _builders.Add(builder);
        }
        return this;
    }

    /// <summary>The event recorder controllers named <paramref name="component"/> use (created on first use, flushed on dispose).</summary>
    public IEventRecorder GetEventRecorder(string component)
    {
        lock (_gate)
        {
            if (!_recorders.TryGetValue(component, out var recorder))
            {
                recorder = new EventRecorder(_cluster.Client, _cluster.TimeProvider, new EventRecorderOptions { Component = component },
                    _loggerFactory.CreateLogger<EventRecorder>());
                _recorders[component] = recorder;
            }
            return recorder;
        }
    }

    /// <summary>
    /// Builds the controllers, starts the shared informers and waits for their caches, then starts the controllers'
    /// workers (leader-elected ones once this manager leads) and returns. Idempotent.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var context = new ControllerContext(_cluster.Client, _cluster.Informers, _cluster.Resources, _cluster.TimeProvider,
            _loggerFactory, GetEventRecorder, _services);
        List<ControllerBuilder> builders;
        lock (_gate) builders = [.. _builders];
        var controllers = builders.Select(b => b.Build(context)).ToList();
        var names = controllers.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (names is not null) throw new InvalidOperationException($"two controllers are named \"{names.Key}\"; name them with Named(...)");
        lock (_gate) _controllers.AddRange(controllers);

        _cluster.Informers.Start(CancellationToken.None);
        await _cluster.Informers.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false);

        var elected = _options.LeaderElection is null ? [] : controllers.Where(c => c.NeedLeaderElection).ToList();
        foreach (var controller in controllers.Except(elected)) Run(controller, _stop.Token);
        if (elected.Count == 0) return;

        LeaderElector = new LeaderElector(_cluster.Client, _options.LeaderElection!, ElectionClock ?? _cluster.TimeProvider, _loggerFactory.CreateLogger<LeaderElector>())
        {
            OnStartedLeading = leading => { foreach (var controller in elected) Run(controller, leading); },
        };
        _election = Task.Run(() => LeaderElector.RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Stops every controller (waiting for in-flight reconciles), gives up leadership and flushes events.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_election is not null) await _election.ConfigureAwait(false);
        Task[] running;
        lock (_gate) running = [.. _running];
        await Task.WhenAll(running).ConfigureAwait(false);
        List<EventRecorder> recorders;
        lock (_gate) recorders = [.. _recorders.Values];
        foreach (var recorder in recorders) await recorder.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Run(Controller controller, CancellationToken cancellationToken)
    {
        var task = Task.Run(() => controller.RunAsync(cancellationToken), CancellationToken.None);
        lock (_gate)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }
}
