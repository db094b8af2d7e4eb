using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Pods;

namespace KubeCore.Runtime.Simulated.Nodes;

/// <summary>
/// A simulated node: its agent registers the Node, heartbeats its Lease, and runs the pods bound to it, like a kubelet.
/// </summary>
/// <example><code>await using var node = new SimulatedNode(new SimulatedNodeOptions { Name = "edge-1" }); await node.StartAsync(cluster);</code></example>
public sealed class SimulatedNode : IAsyncDisposable
{
    private readonly object _gate = new();
    private CancellationTokenSource? _stopping;
    private Task _loops = Task.CompletedTask;
    private PodManager? _pods;
    private EventRecorder? _recorder;

    /// <summary>Creates a node agent; <paramref name="runtime"/> holds workloads, registry and logs (a new one if null).</summary>
    public SimulatedNode(SimulatedNodeOptions options, SimulatedRuntime? runtime = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Runtime = runtime ?? new SimulatedRuntime();
    }

    /// <summary>The node's name.</summary>
    public string Name => Options.Name;
    /// <summary>The node's settings.</summary>
    public SimulatedNodeOptions Options { get; }
    /// <summary>The runtime the node runs containers with.</summary>
    public SimulatedRuntime Runtime { get; }
    /// <summary>Whether the agent is running (started and neither stopped nor failed).</summary>
    public bool IsRunning { get { lock (_gate) return _stopping is { IsCancellationRequested: false }; } }

    /// <summary>Registers the Node and its Lease on <paramref name="cluster"/>, then heartbeats and runs its pods until stopped.</summary>
    public async Task StartAsync(KubeCluster cluster, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var stopping = new CancellationTokenSource();
        lock (_gate)
        {
            if (_stopping is { IsCancellationRequested: false }) throw new InvalidOperationException($"node {Name} is already running");
            _stopping = stopping;
        }
        var time = cluster.TimeProvider;
        _recorder = new EventRecorder(cluster.Client, time, new EventRecorderOptions { Component = "kubelet", Host = Name });
        _pods = new PodManager(cluster.Client, Options, Runtime, _recorder, time);
        var pods = _pods;
        var heartbeat = new NodeHeartbeat(cluster.Client, Options, time, () => pods.Images);
        var node = await heartbeat.RegisterAsync(cancellationToken).ConfigureAwait(false);
        await heartbeat.RenewLeaseAsync(node, cancellationToken).ConfigureAwait(false);
        var ticks = new PeriodicTimer(Options.LeaseRenewInterval, time);
        var registeredAt = time.GetUtcNow();
        _loops = Task.WhenAll(
            Task.Run(() => heartbeat.RunAsync(node, ticks, registeredAt, stopping.Token), CancellationToken.None),
            Task.Run(() => pods.RunAsync(stopping.Token), CancellationToken.None));
    }

    /// <summary>Stops the agent: heartbeats end and in-process workloads are cancelled; the Node object stays, as when a kubelet stops.</summary>
    public async Task StopAsync()
    {
        Fail();
        try { await _loops.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        if (_pods is not null) await _pods.AbandonAllAsync().ConfigureAwait(false);
        if (_recorder is not null) await _recorder.DisposeAsync().ConfigureAwait(false);
        _recorder = null;
    }

    /// <summary>Simulates a dead node: at once, it stops heartbeating its Lease, reporting status and touching its pods.</summary>
    public void Fail()
    {
        lock (_gate)
        {
            if (_stopping is null || _stopping.IsCancellationRequested) return;
            _stopping.Cancel();
        }
        _ = _pods?.AbandonAllAsync();
    }

    /// <summary>Stops the agent.</summary>
    public ValueTask DisposeAsync() => new(StopAsync());
}
