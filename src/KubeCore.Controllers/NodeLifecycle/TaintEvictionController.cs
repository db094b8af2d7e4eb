using System.Collections.Concurrent;
using System.Threading.Channels;
using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Informers;
using KubeCore.Models;

namespace KubeCore.Controllers.NodeLifecycle;

/// <summary>
/// kube-controller-manager's taint eviction controller (pkg/controller/tainteviction): a pod on a node with NoExecute
/// taints is deleted (gracefully, through the API) at once when it does not tolerate one of them, after the smallest
/// <c>tolerationSeconds</c> of the tolerations it uses otherwise, and never when those tolerate forever. The countdown
/// starts when the taint was added (or when the pod was created, if later) and survives the taint being swapped
/// between <c>not-ready</c> and <c>unreachable</c>; it is cancelled when the taints go away.
/// </summary>
internal sealed class TaintEvictionController : IAsyncDisposable
{
    /// <summary>The controller's name, also the source of its events.</summary>
    public const string Name = "taint-eviction-controller";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly KubeCluster _cluster;
    private readonly IEventRecorder _recorder;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentQueue<string> _dirtyNodes = new();
    private readonly ConcurrentQueue<(string Namespace, string Name)> _dirtyPods = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _handlers = [];
    // Loop-owned: the pods with a pending eviction, by namespace/name.
    private readonly Dictionary<(string Namespace, string Name), ScheduledEviction> _scheduled = [];
    private Lister<Node> _nodes = null!;
    private Lister<Pod> _pods = null!;
    private Task _loop = Task.CompletedTask;

    private sealed record ScheduledEviction(string Uid, DateTimeOffset Start, DateTimeOffset FireAt);

    private TaintEvictionController(KubeCluster cluster)
    {
        _cluster = cluster;
        _recorder = cluster.Controllers.GetEventRecorder(Name);
    }

    /// <summary>Registers the controller on <paramref name="builder"/>; it starts with the cluster.</summary>
    public static void Register(KubeClusterBuilder builder) =>
        builder.AddHostedComponent(async (cluster, ct) =>
        {
            var controller = new TaintEvictionController(cluster);
            await controller.StartAsync(ct).ConfigureAwait(false);
            return controller;
        });

    private async Task StartAsync(CancellationToken ct)
    {
        var nodes = _cluster.Informers.GetInformer<Node>();
        var pods = _cluster.Informers.GetInformer<Pod>();
        nodes.Start(CancellationToken.None);
        pods.Start(CancellationToken.None);
        await Task.WhenAll(nodes.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct)).ConfigureAwait(false);
        _nodes = nodes.Lister;
        _pods = pods.Lister;
        _handlers.Add(nodes.AddEventHandler(
            onAdd: n => NodeChanged(n.Metadata.Name!),
            onUpdate: (o, n) => { if (!NoExecuteTaints(o).SequenceEqual(NoExecuteTaints(n))) NodeChanged(n.Metadata.Name!); },
            onDelete: n => NodeChanged(n.Metadata.Name!)));
        _handlers.Add(pods.AddEventHandler(
            onAdd: p => { if (!string.IsNullOrEmpty(p.Spec?.NodeName)) PodChanged(p); },
            onUpdate: (o, n) =>
            {
                if (o.Spec?.NodeName != n.Spec?.NodeName || !ReferenceEquals(o.Spec?.Tolerations, n.Spec?.Tolerations)
                    || o.Metadata.DeletionTimestamp != n.Metadata.DeletionTimestamp) PodChanged(n);
            },
            onDelete: PodChanged));
        foreach (var node in _nodes.List()) if (NoExecuteTaints(node).Any()) _dirtyNodes.Enqueue(node.Metadata.Name!);
        Signal();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    private static IEnumerable<Taint> NoExecuteTaints(Node node) => (node.Spec?.Taints ?? []).Where(t => t.Effect == NodeTaints.NoExecute);

    private void NodeChanged(string name) { _dirtyNodes.Enqueue(name); Signal(); }

    private void PodChanged(Pod pod) { _dirtyPods.Enqueue((pod.Metadata.Namespace ?? "", pod.Metadata.Name!)); Signal(); }

    private void Signal() => _signal.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken ct)
    {
        var time = _cluster.TimeProvider;
        while (!ct.IsCancellationRequested)
        {
            var due = _scheduled.Count == 0 ? Timeout.InfiniteTimeSpan : _scheduled.Values.Min(s => s.FireAt) - time.GetUtcNow();
            if (due != Timeout.InfiniteTimeSpan && due < TimeSpan.Zero) due = TimeSpan.Zero;
            if (due != TimeSpan.Zero)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var signalled = _signal.Reader.WaitToReadAsync(cts.Token).AsTask();
                var timer = Task.Delay(due, time, cts.Token);
                try { await Task.WhenAny(signalled, timer).ConfigureAwait(false); }
                finally { await cts.CancelAsync().ConfigureAwait(false); }
            }
            if (ct.IsCancellationRequested) break;
            _signal.Reader.TryRead(out _);
            try { await ProcessAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
        }
    }

    private async Task ProcessAsync(CancellationToken ct)
    {
        var now = _cluster.TimeProvider.GetUtcNow();
        HashSet<(string, string)> pods = [];
        HashSet<string> nodes = new(StringComparer.Ordinal);
        while (_dirtyNodes.TryDequeue(out var node)) nodes.Add(node);
        while (_dirtyPods.TryDequeue(out var pod)) pods.Add(pod);
        if (nodes.Count > 0)
        {
            foreach (var pod in _pods.List(null, p => p.Spec?.NodeName is { } n && nodes.Contains(n))) pods.Add((pod.Metadata.Namespace ?? "", pod.Metadata.Name!));
        }
        List<Pod> evictNow = [];
        foreach (var (ns, name) in pods) if (Schedule(ns, name, now) is { } pod) evictNow.Add(pod);
        foreach (var (key, scheduled) in _scheduled.Where(s => s.Value.FireAt <= now).ToList())
        {
            _scheduled.Remove(key);
            if (_pods.Get(key.Namespace, key.Name) is { } pod && pod.Metadata.Uid == scheduled.Uid) evictNow.Add(pod);
        }
        foreach (var pod in evictNow)
        {
            if (!await EvictAsync(pod, ct).ConfigureAwait(false))
            {
                var key = (pod.Metadata.Namespace ?? "", pod.Metadata.Name!);
                _scheduled[key] = new ScheduledEviction(pod.Metadata.Uid ?? "", now, now + RetryDelay);
            }
        }
    }

    /// <summary>Works out what should happen to one pod: returns it when it must go now, else schedules or cancels its eviction.</summary>
    private Pod? Schedule(string ns, string name, DateTimeOffset now)
    {
        var key = (ns, name);
        var pod = _pods.Get(ns, name);
        if (pod is null || pod.Metadata.DeletionTimestamp is not null || string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            _scheduled.Remove(key);
            return null;
        }
        var node = _nodes.Get(null, pod.Spec.NodeName);
        var taints = node is null ? [] : NoExecuteTaints(node).ToList();
        if (taints.Count == 0) { Cancel(key, pod); return null; }
        var tolerations = (pod.Spec.Tolerations ?? []).Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == NodeTaints.NoExecute).ToList();
        long? minSeconds = null;
        foreach (var taint in taints)
        {
            var used = tolerations.FirstOrDefault(t => NodeTaints.Tolerates(t, taint));
            if (used is null) { _scheduled.Remove(key); return pod; } // an untolerated NoExecute taint: out at once
            if (used.TolerationSeconds is { } seconds) minSeconds = Math.Min(minSeconds ?? long.MaxValue, Math.Max(0, seconds));
        }
        if (minSeconds is not { } min) { Cancel(key, pod); return null; } // tolerated forever
        var existing = _scheduled.GetValueOrDefault(key);
        if (existing is not null && existing.Uid != pod.Metadata.Uid) existing = null;
        var start = existing?.Start ?? Start(taints, pod, now);
        var fireAt = start + TimeSpan.FromSeconds(min);
        if (fireAt <= now) { _scheduled.Remove(key); return pod; }
        _scheduled[key] = new ScheduledEviction(pod.Metadata.Uid ?? "", start, fireAt);
        return null;
    }

    // When the countdown starts: when the node got its first NoExecute taint, or when the pod was created, whichever is later.
    private static DateTimeOffset Start(List<Taint> taints, Pod pod, DateTimeOffset now)
    {
        var added = taints.Where(t => t.TimeAdded is not null).Select(t => t.TimeAdded!.Value.Value).DefaultIfEmpty(now).Min();
        if (added > now) added = now;
        return pod.Metadata.CreationTimestamp?.Value is { } created && created > added ? created : added;
    }

    private void Cancel((string Namespace, string Name) key, Pod pod)
    {
        if (_scheduled.Remove(key))
            _recorder.Record(pod, EventTypes.Normal, "TaintManagerEviction", $"Cancelling deletion of Pod {key.Namespace}/{key.Name}");
    }

    /// <summary>Marks the pod with a DisruptionTarget condition and deletes it gracefully; false when it should be tried again.</summary>
    private async Task<bool> EvictAsync(Pod pod, CancellationToken ct)
    {
        var pods = _cluster.Client.Pods(pod.Metadata.Namespace);
        _recorder.Record(pod, EventTypes.Normal, "TaintManagerEviction", $"Marking for deletion Pod {pod.Metadata.Namespace}/{pod.Metadata.Name}");
        try
        {
            var conditions = (pod.Status?.Conditions ?? []).Where(c => c.Type != "DisruptionTarget").ToList();
            conditions.Add(new PodCondition
            {
                Type = "DisruptionTarget", Status = "True", Reason = "DeletionByTaintManager", Message = "Taint manager: deleting due to NoExecute taint",
                LastTransitionTime = KubeTime.Now(_cluster.TimeProvider),
            });
            try { await pods.UpdateStatusAsync(pod with { Status = (pod.Status ?? new PodStatus()) with { Conditions = conditions } }, null, ct).ConfigureAwait(false); }
            catch (ConflictException) { } // the condition is informative; the delete below is what matters
            await pods.DeleteAsync(pod.Metadata.Name!, new DeleteOptions { Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }, ct).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException) { return true; }
        catch (ConflictException) { return true; } // a different pod of the same name now: it is looked at on its own
        catch (KubeApiException) { return false; }
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
