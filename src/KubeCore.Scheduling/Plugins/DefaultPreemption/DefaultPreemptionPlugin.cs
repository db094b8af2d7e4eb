using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.DefaultPreemption;

/// <summary>
/// Priority-based preemption (PostFilter): finds the node where evicting the fewest, least important lower-priority
/// pods makes the pod fit, deletes those victims (with their grace period, after marking them <c>DisruptionTarget</c>)
/// and nominates the node in <c>status.nominatedNodeName</c>.
/// </summary>
public sealed class DefaultPreemptionPlugin : IPostFilterPlugin, IFrameworkAwarePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "DefaultPreemption";

    /// <summary>Upstream's status for nodes where removing pods cannot help.</summary>
    public const string NotHelpful = "Preemption is not helpful for scheduling";

    /// <summary>Upstream's status for nodes without lower-priority pods.</summary>
    public const string NoVictims = "No preemption victims found for incoming pod";

    private IFrameworkHandle? _handle;

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public void Initialize(IFrameworkHandle handle) => _handle = handle;

    /// <inheritdoc />
    public async Task<PostFilterResult> PostFilterAsync(CycleState state, Pod pod, IReadOnlyDictionary<string, PluginStatus> nodeStatuses, CancellationToken cancellationToken)
    {
        var handle = _handle ?? throw new InvalidOperationException("DefaultPreemption is not initialized");
        if (pod.Spec?.PreemptionPolicy == "Never") return Fail("not eligible due to preemptionPolicy=Never.");
        var snapshot = handle.Snapshot;
        var priority = PodKeys.PriorityOf(pod);
        if (pod.Status?.NominatedNodeName is { Length: > 0 } nominated && snapshot.Get(nominated) is { } nominatedNode &&
            nominatedNode.Pods.Any(p => PodKeys.IsTerminating(p.Pod) && p.Priority < priority))
            return Fail("not eligible due to a terminating pod on the nominated node.");

        var statuses = new Dictionary<string, PluginStatus>(StringComparer.Ordinal);
        var candidates = new List<(NodeInfo Node, List<PodInfo> Victims)>();
        foreach (var node in snapshot.Nodes)
        {
            if (nodeStatuses.TryGetValue(node.Name, out var s) && s.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                statuses[node.Name] = PluginStatus.UnschedulableAndUnresolvable(NotHelpful);
                continue;
            }
            var (victims, status) = SelectVictims(handle, pod, node, snapshot);
            if (victims is null) statuses[node.Name] = status;
            else candidates.Add((node, victims));
        }
        if (candidates.Count == 0)
            return Fail(new FitError(pod, snapshot.Nodes.Count, statuses).Message);

        var best = candidates
            .OrderBy(c => c.Victims.Count == 0 ? int.MinValue : c.Victims.Max(v => v.Priority))
            .ThenBy(c => c.Victims.Sum(v => (long)v.Priority))
            .ThenBy(c => c.Victims.Count)
            .First();
        foreach (var victim in best.Victims) await EvictAsync(handle, pod, victim.Pod, best.Node.Name, cancellationToken).ConfigureAwait(false);
        return new PostFilterResult(PluginStatus.Success, best.Node.Name);
    }

    private static PostFilterResult Fail(string message) => new(PluginStatus.Unschedulable("preemption: " + message));

    /// <summary>Removes every lower-priority pod; if the pod then fits, adds back as many as possible, most important first.</summary>
    private static (List<PodInfo>? Victims, PluginStatus Status) SelectVictims(IFrameworkHandle handle, Pod pod, NodeInfo node, Snapshot snapshot)
    {
        var priority = PodKeys.PriorityOf(pod);
        var clone = node.Clone();
        var potential = node.Pods.Where(p => p.Priority < priority).ToList();
        if (potential.Count == 0) return (null, PluginStatus.UnschedulableAndUnresolvable(NoVictims));
        foreach (var p in potential) clone.RemovePod(p.Key);
        var fits = Fits(handle, pod, clone, snapshot);
        if (!fits.IsSuccess) return (null, fits);
        var victims = new List<PodInfo>();
        foreach (var p in potential.OrderByDescending(p => p.Priority).ThenBy(p => p.Pod.Status?.StartTime?.Value ?? p.Pod.Metadata.CreationTimestamp?.Value))
        {
            clone.AddPod(p);
            if (!Fits(handle, pod, clone, snapshot).IsSuccess)
            {
                clone.RemovePod(p.Key);
                victims.Add(p);
            }
        }
        return (victims, PluginStatus.Success);
    }

    private static PluginStatus Fits(IFrameworkHandle handle, Pod pod, NodeInfo node, Snapshot snapshot)
    {
        var state = new CycleState();
        var pre = handle.RunPreFilterPlugins(state, pod, snapshot.WithNode(node));
        return pre.IsSuccess ? handle.RunFilterPlugins(state, pod, node) : pre;
    }

    private static async Task EvictAsync(IFrameworkHandle handle, Pod preemptor, Pod victim, string nodeName, CancellationToken cancellationToken)
    {
        var pods = handle.Client.Pods(victim.Metadata.Namespace);
        try
        {
            var current = await pods.TryGetAsync(victim.Metadata.Name!, cancellationToken).ConfigureAwait(false);
            if (current is null) return;
            var condition = new PodCondition
            {
                Type = "DisruptionTarget",
                Status = "True",
                Reason = "PreemptionByScheduler",
                Message = $"{handle.ProfileName}: preempting to accommodate a higher priority pod",
                LastTransitionTime = KubeTime.Now(handle.TimeProvider),
            };
            var status = current.Status ?? new PodStatus();
            await pods.UpdateStatusAsync(current with
            {
                Status = status with { Conditions = (status.Conditions ?? []).Where(c => c.Type != "DisruptionTarget").Append(condition).ToList() },
            }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException) { }
        try
        {
            await pods.DeleteAsync(victim.Metadata.Name!, null, cancellationToken).ConfigureAwait(false);
            handle.EventRecorder.Record(victim, EventTypes.Normal, "Preempted", $"Preempted by pod {preemptor.Metadata.Uid} on node {nodeName}");
        }
        catch (NotFoundException) { }
    }
}
