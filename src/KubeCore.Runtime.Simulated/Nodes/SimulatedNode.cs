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
    private NodeHeartbeat? _heartbeat;
    private volatile bool _heartbeatsStopped;
    private IDisposable? _kubelet;

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
    /// <summary>Whether heartbeats were stopped with <see cref="StopHeartbeats"/>.</summary>
    public bool HeartbeatsStopped => _heartbeatsStopped;
    /// <summary>Whether the node is cut off the API server by <see cref="Partition"/>.</summary>
    public bool IsPartitioned => _pods?.Partitioned ?? false;

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
        _pods = new PodManager(cluster.Client, Options, Runtime, _recorder, time, Networking.ClusterNetwork.For(cluster).Pods);
        var pods = _pods;
        Runtime.Attach(pods);
        _kubelet = cluster.Kubelets.Register(Name, new SimulatedKubelet(pods, Runtime));
        var heartbeat = _heartbeat = new NodeHeartbeat(cluster.Client, Options, time, () => pods.Images, () => _heartbeatsStopped || pods.Partitioned);
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
        Kill();
        try { await _loops.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        if (_pods is not null) await _pods.AbandonAllAsync().ConfigureAwait(false);
        if (_recorder is not null) await _recorder.DisposeAsync().ConfigureAwait(false);
        _recorder = null;
    }

    /// <summary>Kills the node: at once, it stops heartbeating its Lease, reporting status and touching its pods; its containers die.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            if (_stopping is null || _stopping.IsCancellationRequested) return;
            _stopping.Cancel();
        }
        _kubelet?.Dispose();
        if (_pods is { } pods)
        {
            Runtime.Detach(pods);
            _ = pods.AbandonAllAsync();
        }
    }

    /// <summary>Same as <see cref="Kill"/>: a dead node.</summary>
    public void Fail() => Kill();

    /// <summary>
    /// Stops renewing the node's Lease and posting node status (a hung kubelet heartbeat); pods keep running and their status is still
    /// written. The node lifecycle controller will see the lease expire.
    /// </summary>
    public void StopHeartbeats() => _heartbeatsStopped = true;

    /// <summary>Resumes heartbeats: renews the Lease and posts node status at once, then on the usual timers.</summary>
    public void ResumeHeartbeats()
    {
        if (!_heartbeatsStopped) return;
        _heartbeatsStopped = false;
        if (!IsPartitioned) _ = ReportNowAsync();
    }

    /// <summary>
    /// Cuts the node off the API server: no lease, node status, pod status or events are written and no pod changes are seen, but its
    /// containers keep running. <see cref="HealAsync"/> reconnects.
    /// </summary>
    public void Partition()
    {
        if (!IsRunning || _pods is null) throw new InvalidOperationException($"node {Name} is not running");
        _pods.Partition();
    }

    /// <summary>
    /// Ends a <see cref="Partition"/> and re-syncs like a kubelet reconnecting: pods deleted meanwhile are killed, deletions that
    /// happened meanwhile start termination, pod status that changed is written, and the Lease and node status are reported at once.
    /// </summary>
    public async Task HealAsync(CancellationToken cancellationToken = default)
    {
        if (!IsRunning || _pods is null) throw new InvalidOperationException($"node {Name} is not running");
        await _pods.HealAsync(cancellationToken).ConfigureAwait(false);
        if (!_heartbeatsStopped) await ReportNowAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills a running container of a pod on this node, as if its process died with <paramref name="exitCode"/>; the restart policy applies.</summary>
    /// <exception cref="InvalidOperationException">The pod is not on this node, or the container is not running.</exception>
    /// <exception cref="ArgumentException">The pod has no such container.</exception>
    public void KillContainer(string @namespace, string pod, string container, int exitCode = 137)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        if (_pods is null || !_pods.TryKillContainer(@namespace, pod, container, exitCode))
            throw new InvalidOperationException($"pod {@namespace}/{pod} is not running on node {Name}");
    }

    private async Task ReportNowAsync(CancellationToken ct = default)
    {
        CancellationToken stopping;
        lock (_gate) stopping = _stopping?.Token ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        try { if (_heartbeat is { } h) await h.ReportNowAsync(linked.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        catch (Api.KubeApiException) when (!ct.IsCancellationRequested) { } // like a heartbeat tick: the next one retries
    }

    /// <summary>Stops the agent.</summary>
    public ValueTask DisposeAsync() => new(StopAsync());
}
