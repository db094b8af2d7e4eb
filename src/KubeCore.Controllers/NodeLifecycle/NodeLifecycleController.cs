using System.Threading.Channels;
using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Informers;
using KubeCore.Models;

namespace KubeCore.Controllers.NodeLifecycle;

/// <summary>
/// kube-controller-manager's node lifecycle controller (pkg/controller/nodelifecycle), on the cluster clock: every
/// <see cref="BuiltInControllersOptions.NodeMonitorPeriod"/> it checks each node's last heartbeat (the newer of its
/// Lease's <c>renewTime</c> in <c>kube-node-lease</c> and its Ready condition's <c>lastHeartbeatTime</c>); after the grace
/// period it sets the node's conditions to Unknown and its pods' Ready condition to False. It keeps the
/// <c>not-ready</c>/<c>unreachable</c> NoExecute taints (rate limited per zone) and the condition NoSchedule taints in
/// line with the node's conditions; the taint eviction controller then deletes the pods.
/// </summary>
internal sealed partial class NodeLifecycleController : IAsyncDisposable
{
    /// <summary>The controller's name, also the source of its events (as kube-controller-manager reports them).</summary>
    public const string Name = "node-controller";

    public const string LeaseNamespace = "kube-node-lease";

    private static readonly string[] MonitoredConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    private readonly KubeCluster _cluster;
    private readonly BuiltInControllersOptions _options;
    private readonly IEventRecorder _recorder;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _handlers = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private Lister<Node> _nodes = null!;
    private Lister<Lease> _leases = null!;
    private Lister<Pod> _pods = null!;
    private Task _loop = Task.CompletedTask;

    private NodeLifecycleController(KubeCluster cluster, BuiltInControllersOptions options)
    {
        _cluster = cluster;
        _options = options;
        _recorder = cluster.Controllers.GetEventRecorder(Name);
    }

    /// <summary>Registers the node lifecycle and taint eviction controllers on <paramref name="builder"/>; they start with the cluster.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options)
    {
        Validate(options);
        builder.AddHostedComponent(async (cluster, ct) =>
        {
            var controller = new NodeLifecycleController(cluster, options);
            await controller.StartAsync(ct).ConfigureAwait(false);
            return controller;
        });
        TaintEvictionController.Register(builder);
    }

    private static void Validate(BuiltInControllersOptions o)
    {
        if (o.NodeMonitorPeriod <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(o.NodeMonitorPeriod), o.NodeMonitorPeriod, "NodeMonitorPeriod must be positive");
        if (o.NodeMonitorGracePeriod <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(o.NodeMonitorGracePeriod), o.NodeMonitorGracePeriod, "NodeMonitorGracePeriod must be positive");
        if (o.NodeStartupGracePeriod <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(o.NodeStartupGracePeriod), o.NodeStartupGracePeriod, "NodeStartupGracePeriod must be positive");
        if (o.NodeEvictionRate < 0 || double.IsNaN(o.NodeEvictionRate)) throw new ArgumentOutOfRangeException(nameof(o.NodeEvictionRate), o.NodeEvictionRate, "NodeEvictionRate must not be negative");
        if (o.SecondaryNodeEvictionRate < 0 || double.IsNaN(o.SecondaryNodeEvictionRate)) throw new ArgumentOutOfRangeException(nameof(o.SecondaryNodeEvictionRate), o.SecondaryNodeEvictionRate, "SecondaryNodeEvictionRate must not be negative");
        if (o.UnhealthyZoneThreshold is <= 0 or > 1 || double.IsNaN(o.UnhealthyZoneThreshold)) throw new ArgumentOutOfRangeException(nameof(o.UnhealthyZoneThreshold), o.UnhealthyZoneThreshold, "UnhealthyZoneThreshold must be in (0, 1]");
    }

    private async Task StartAsync(CancellationToken ct)
    {
        var nodes = _cluster.Informers.GetInformer<Node>();
        var leases = _cluster.Informers.GetInformer<Lease>();
        var pods = _cluster.Informers.GetInformer<Pod>();
        nodes.Start(CancellationToken.None);
        leases.Start(CancellationToken.None);
        pods.Start(CancellationToken.None);
        await Task.WhenAll(nodes.WaitForSyncAsync(ct), leases.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct)).ConfigureAwait(false);
        _nodes = nodes.Lister;
        _leases = leases.Lister;
        _pods = pods.Lister;
        // Node changes (a kubelet posting Ready again, a cordon, a deletion) are acted on at once; heartbeats are polled.
        _handlers.Add(nodes.AddEventHandler(onAdd: _ => Signal(), onUpdate: (o, n) => { if (Changed(o, n)) Signal(); }, onDelete: _ => Signal()));
        Signal();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    private static bool Changed(Node old, Node @new) =>
        !ReferenceEquals(old.Spec?.Taints, @new.Spec?.Taints) || old.Spec?.Unschedulable != @new.Spec?.Unschedulable
        || !(old.Status?.Conditions ?? []).Select(c => c.Status).SequenceEqual((@new.Status?.Conditions ?? []).Select(c => c.Status));

    private void Signal() => _signal.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken ct)
    {
        var wait = TimeSpan.Zero;
        while (!ct.IsCancellationRequested)
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var signalled = _signal.Reader.WaitToReadAsync(cts.Token).AsTask();
                var tick = Task.Delay(wait, _cluster.TimeProvider, cts.Token);
                try { await Task.WhenAny(signalled, tick).ConfigureAwait(false); }
                finally { await cts.CancelAsync().ConfigureAwait(false); }
            }
            if (ct.IsCancellationRequested) break;
            _signal.Reader.TryRead(out _);
            try { wait = await MonitorAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (KubeApiException) { wait = TimeSpan.FromSeconds(1); } // a failed write is retried on the next pass
        }
    }

    /// <summary>One pass over every node; returns how long to wait before the next one.</summary>
    private async Task<TimeSpan> MonitorAsync(CancellationToken ct)
    {
        var now = _cluster.TimeProvider.GetUtcNow();
        var nodes = _nodes.List().OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        RecordMembership(nodes);
        var current = new List<Node>(nodes.Count);
        List<Node> unready = [];
        foreach (var node in nodes)
        {
            var updated = await UpdateHealthAsync(node, now, ct).ConfigureAwait(false);
            current.Add(updated);
            if (NodeTaints.ReadyStatus(updated) != "True") unready.Add(updated);
        }
        if (unready.Count > 0) await MarkPodsNotReadyAsync(unready, ct).ConfigureAwait(false);
        var next = await UpdateTaintsAsync(current, now, ct).ConfigureAwait(false);
        return next is { } soon && soon < _options.NodeMonitorPeriod ? soon : _options.NodeMonitorPeriod;
    }

    private void RecordMembership(List<Node> nodes)
    {
        var names = nodes.Select(n => n.Metadata.Name!).ToHashSet(StringComparer.Ordinal);
        foreach (var node in nodes)
            if (_known.Add(node.Metadata.Name!))
                _recorder.Record(node, EventTypes.Normal, "RegisteredNode", $"Node {node.Metadata.Name} event: Registered Node {node.Metadata.Name} in Controller");
        foreach (var gone in _known.Where(n => !names.Contains(n)).ToList())
        {
            _known.Remove(gone);
            _recorder.Record(new Node { ApiVersion = "v1", Kind = "Node", Metadata = new ObjectMeta { Name = gone } },
                EventTypes.Normal, "RemovingNode", $"Node {gone} event: Removing Node {gone} from Controller");
        }
    }

    /// <summary>Sets the node's conditions to Unknown when its heartbeat is older than the grace period.</summary>
    private async Task<Node> UpdateHealthAsync(Node node, DateTimeOffset now, CancellationToken ct)
    {
        var conditions = node.Status?.Conditions ?? [];
        var ready = conditions.FirstOrDefault(c => c.Type == "Ready");
        var probe = node.Metadata.CreationTimestamp?.Value ?? now;
        if (ready?.LastHeartbeatTime is { } heartbeat && heartbeat.Value > probe) probe = heartbeat.Value;
        if (_leases.Get(LeaseNamespace, node.Metadata.Name!)?.Spec?.RenewTime is { } renewed && renewed.Value > probe) probe = renewed.Value;
        if (_disruptionEndedAt > probe) probe = _disruptionEndedAt; // after a cluster-wide outage every node gets a fresh grace period
        var grace = ready is null ? _options.NodeStartupGracePeriod : _options.NodeMonitorGracePeriod;
        if (now - probe <= grace) return node;

        var stamp = KubeTime.FromDateTimeOffset(now);
        var updated = conditions.ToList();
        var changed = false;
        foreach (var type in MonitoredConditions)
        {
            var index = updated.FindIndex(c => c.Type == type);
            if (index < 0)
            {
                updated.Add(new NodeCondition
                {
                    Type = type, Status = "Unknown", Reason = "NodeStatusNeverUpdated", Message = "Kubelet never posted node status.",
                    LastHeartbeatTime = node.Metadata.CreationTimestamp, LastTransitionTime = stamp,
                });
                changed = true;
            }
            else if (updated[index].Status != "Unknown")
            {
                updated[index] = updated[index] with { Status = "Unknown", Reason = "NodeStatusUnknown", Message = "Kubelet stopped posting node status.", LastTransitionTime = stamp };
                changed = true;
            }
        }
        if (!changed) return node;
        try
        {
            var posted = await _cluster.Client.Nodes().UpdateStatusAsync(node with { Status = (node.Status ?? new NodeStatus()) with { Conditions = updated } }, null, ct).ConfigureAwait(false);
            if (ready?.Status == "True")
                _recorder.Record(posted, EventTypes.Normal, "NodeNotReady", $"Node {node.Metadata.Name} status is now: NodeNotReady");
            return posted;
        }
        catch (ConflictException) { Signal(); return node; } // the kubelet wrote meanwhile: look again
        catch (NotFoundException) { return node; }
    }

    /// <summary>Upstream's MarkPodsNotReady: a node that cannot report cannot say its pods stopped serving, so the controller does.</summary>
    private async Task MarkPodsNotReadyAsync(List<Node> unready, CancellationToken ct)
    {
        var names = unready.Select(n => n.Metadata.Name!).ToHashSet(StringComparer.Ordinal);
        var stamp = KubeTime.Now(_cluster.TimeProvider);
        foreach (var pod in _pods.List(null, p => p.Spec?.NodeName is { } n && names.Contains(n)))
        {
            var conditions = pod.Status?.Conditions;
            var index = conditions?.ToList().FindIndex(c => c.Type == "Ready") ?? -1;
            if (index < 0 || conditions![index].Status == "False") continue;
            var updated = conditions.ToList();
            updated[index] = updated[index] with { Status = "False", LastTransitionTime = stamp };
            try
            {
                await _cluster.Client.Pods(pod.Metadata.Namespace).UpdateStatusAsync(pod with { Status = pod.Status! with { Conditions = updated } }, null, ct).ConfigureAwait(false);
                _recorder.Record(pod, EventTypes.Warning, "NodeNotReady", "Node is not ready");
            }
            catch (ConflictException) { Signal(); }
            catch (NotFoundException) { }
        }
    }

    /// <summary>Stops the controller and detaches from the informers.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var handler in _handlers) handler.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
