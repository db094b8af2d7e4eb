using KubeCore.Api;
using KubeCore.Informers;
using KubeCore.Models;

namespace KubeCore.Controllers.NodeLifecycle;

/// <summary>
/// kube-controller-manager's pod garbage collector (pkg/controller/podgc), on the cluster clock: every
/// <see cref="BuiltInControllersOptions.PodGarbageCollectorPeriod"/> it force-deletes (grace 0) pods bound to nodes
/// that have been gone for <see cref="BuiltInControllersOptions.OrphanedPodQuarantine"/>, terminating pods on nodes
/// that are not ready and tainted <c>node.kubernetes.io/out-of-service</c>, terminating pods that were never
/// scheduled, and the oldest terminated pods beyond <see cref="BuiltInControllersOptions.TerminatedPodGcThreshold"/>.
/// Pods that had not finished are first marked Failed, as upstream does.
/// </summary>
internal sealed class PodGarbageCollector : IAsyncDisposable
{
    /// <summary>The controller's name.</summary>
    public const string Name = "pod-garbage-collector";

    private readonly KubeCluster _cluster;
    private readonly BuiltInControllersOptions _options;
    private readonly CancellationTokenSource _stop = new();
    // Loop-owned: nodes referenced by pods but missing from the cache, and since when.
    private readonly Dictionary<string, DateTimeOffset> _missingSince = new(StringComparer.Ordinal);
    private Lister<Node> _nodes = null!;
    private Lister<Pod> _pods = null!;
    private Task _loop = Task.CompletedTask;

    private PodGarbageCollector(KubeCluster cluster, BuiltInControllersOptions options)
    {
        _cluster = cluster;
        _options = options;
    }

    /// <summary>Registers the collector on <paramref name="builder"/>; it starts with the cluster.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options)
    {
        if (options.PodGarbageCollectorPeriod <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.PodGarbageCollectorPeriod, "PodGarbageCollectorPeriod must be positive");
        if (options.OrphanedPodQuarantine < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.OrphanedPodQuarantine, "OrphanedPodQuarantine must not be negative");
        builder.AddHostedComponent(async (cluster, ct) =>
        {
            var gc = new PodGarbageCollector(cluster, options);
            await gc.StartAsync(ct).ConfigureAwait(false);
            return gc;
        });
    }

    private async Task StartAsync(CancellationToken ct)
    {
        var nodes = _cluster.Informers.GetInformer<Node>();
        var pods = _cluster.Informers.GetInformer<Pod>();
        nodes.Start(CancellationToken.None);
        pods.Start(CancellationToken.None);
        await Task.WhenAll(nodes.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct)).ConfigureAwait(false);
        _nodes = nodes.Lister;
        _pods = pods.Lister;
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var ticks = new PeriodicTimer(_options.PodGarbageCollectorPeriod, _cluster.TimeProvider);
        try
        {
            while (await ticks.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try { await CollectAsync(ct).ConfigureAwait(false); }
                catch (KubeApiException) { } // tried again next period
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task CollectAsync(CancellationToken ct)
    {
        var now = _cluster.TimeProvider.GetUtcNow();
        var pods = _pods.List();
        await CollectTerminatedAsync(pods, ct).ConfigureAwait(false);
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is null) continue;
            if (string.IsNullOrEmpty(pod.Spec?.NodeName)) { await ForceDeleteAsync(pod, null, ct).ConfigureAwait(false); continue; }
            // Out-of-service: the node's operator says it is shut down, so its pods' graceful deletes will never be confirmed.
            if (_nodes.Get(null, pod.Spec.NodeName) is { } node && NodeTaints.ReadyStatus(node) != "True"
                && node.Spec?.Taints?.Any(t => t.Key == NodeTaints.OutOfService) == true)
                await ForceDeleteAsync(pod, null, ct).ConfigureAwait(false);
        }
        await CollectOrphanedAsync(pods, now, ct).ConfigureAwait(false);
    }

    private async Task CollectTerminatedAsync(IReadOnlyList<Pod> pods, CancellationToken ct)
    {
        if (_options.TerminatedPodGcThreshold <= 0) return;
        var terminated = pods.Where(p => p.Status?.Phase is "Succeeded" or "Failed").ToList();
        var excess = terminated.Count - _options.TerminatedPodGcThreshold;
        if (excess <= 0) return;
        // Oldest first, evicted pods before the rest (upstream's byEvictionAndCreationTimestamp).
        foreach (var pod in terminated.OrderBy(p => p.Status?.Reason == "Evicted" ? 0 : 1)
                     .ThenBy(p => p.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue)
                     .ThenBy(p => p.Metadata.Namespace, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal).Take(excess))
            await ForceDeleteAsync(pod, null, ct).ConfigureAwait(false);
    }

    private async Task CollectOrphanedAsync(IReadOnlyList<Pod> pods, DateTimeOffset now, CancellationToken ct)
    {
        var orphaned = pods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName) && _nodes.Get(null, p.Spec.NodeName) is null)
            .GroupBy(p => p.Spec!.NodeName!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var name in _missingSince.Keys.Where(n => !orphaned.ContainsKey(n)).ToList()) _missingSince.Remove(name);
        foreach (var (nodeName, nodePods) in orphaned)
        {
            if (!_missingSince.TryGetValue(nodeName, out var since)) { _missingSince[nodeName] = since = now; }
            if (now - since < _options.OrphanedPodQuarantine) continue;
            // The cache may lag: only a node the API server does not know either is really gone.
            if (await _cluster.Client.Nodes().TryGetAsync(nodeName, ct).ConfigureAwait(false) is not null) { _missingSince.Remove(nodeName); continue; }
            var condition = new PodCondition { Type = "DisruptionTarget", Status = "True", Reason = "DeletionByPodGC", Message = "PodGC: node no longer exists" };
            foreach (var pod in nodePods) await ForceDeleteAsync(pod, condition, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Marks a pod that had not finished Failed (with <paramref name="condition"/>), then deletes it with grace 0.</summary>
    private async Task ForceDeleteAsync(Pod pod, PodCondition? condition, CancellationToken ct)
    {
        var pods = _cluster.Client.Pods(pod.Metadata.Namespace);
        try
        {
            if (pod.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                var conditions = (pod.Status?.Conditions ?? []).ToList();
                if (condition is not null)
                {
                    conditions.RemoveAll(c => c.Type == condition.Type);
                    conditions.Add(condition with { LastTransitionTime = KubeTime.Now(_cluster.TimeProvider) });
                }
                try { await pods.UpdateStatusAsync(pod with { Status = (pod.Status ?? new PodStatus()) with { Phase = "Failed", Conditions = conditions } }, null, ct).ConfigureAwait(false); }
                catch (ConflictException) { }
            }
            await pods.DeleteAsync(pod.Metadata.Name!, new DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }, ct).ConfigureAwait(false);
        }
        catch (NotFoundException) { }
        catch (ConflictException) { }
    }

    /// <summary>Stops the collector.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
