using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.NodeAffinity;

/// <summary>
/// Filters nodes by the pod's <c>nodeSelector</c> and required node affinity; scores nodes by the summed weights of
/// the preferred terms they match, normalized to 0–100.
/// </summary>
public sealed class NodeAffinityPlugin : IFilterPlugin, IPreScorePlugin, IScorePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "NodeAffinity";

    /// <summary>Upstream's reason.</summary>
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node) =>
        NodeSelectors.PodMatchesNode(pod, node.Node) ? PluginStatus.Success : PluginStatus.UnschedulableAndUnresolvable(ErrReasonPod);

    /// <inheritdoc />
    public PluginStatus PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes) =>
        pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 } ? PluginStatus.Success : PluginStatus.Skip;

    /// <inheritdoc />
    public long Score(CycleState state, Pod pod, NodeInfo node)
    {
        long score = 0;
        foreach (var term in pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? [])
            if (term.Weight != 0 && term.Preference is not null && NodeSelectors.Matches(term.Preference, node.Node)) score += term.Weight;
        return score;
    }

    /// <inheritdoc />
    public void NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores) => ScoreLimits.DefaultNormalize(ScoreLimits.MaxNodeScore, false, scores);
}
