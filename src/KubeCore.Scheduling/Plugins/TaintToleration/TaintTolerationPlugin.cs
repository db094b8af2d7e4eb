using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.TaintToleration;

/// <summary>
/// Filters out nodes with a NoSchedule or NoExecute taint the pod does not tolerate; scores nodes by how few
/// PreferNoSchedule taints the pod does not tolerate (fewer is better).
/// </summary>
public sealed class TaintTolerationPlugin : IFilterPlugin, IScorePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "TaintToleration";

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node)
    {
        foreach (var taint in node.Node.Spec?.Taints ?? [])
        {
            if (taint.Effect is not ("NoSchedule" or "NoExecute")) continue;
            if (!Tolerations.Tolerates(pod.Spec?.Tolerations, taint))
                return PluginStatus.UnschedulableAndUnresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
        }
        return PluginStatus.Success;
    }

    /// <inheritdoc />
    public long Score(CycleState state, Pod pod, NodeInfo node)
    {
        var taints = node.Node.Spec?.Taints;
        if (taints is null || taints.Count == 0) return 0;
        return CountIntolerable(pod, taints);
    }

    private static long CountIntolerable(Pod pod, IReadOnlyList<Taint> taints)
    {
        var tolerations = (pod.Spec?.Tolerations ?? []).Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule").ToList();
        return taints.Count(t => t.Effect == "PreferNoSchedule" && !Tolerations.Tolerates(tolerations, t));
    }

    /// <inheritdoc />
    public void NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores) => ScoreLimits.DefaultNormalize(ScoreLimits.MaxNodeScore, true, scores);
}
