using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.PodTopologySpread;

/// <summary>
/// Spreads matching pods across topology domains: Filter enforces <c>DoNotSchedule</c> constraints (skew ≤ maxSkew,
/// with minDomains), Score prefers less crowded domains for <c>ScheduleAnyway</c> constraints.
/// </summary>
public sealed class PodTopologySpreadPlugin : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IFrameworkAwarePlugin
{
    private IFrameworkHandle? _handle;

    /// <inheritdoc />
    public void Initialize(IFrameworkHandle handle) => _handle = handle;

    /// <summary>The plugin name.</summary>
    public const string PluginName = "PodTopologySpread";

    /// <summary>Upstream's reason when the skew would be too large.</summary>
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";

    /// <summary>Upstream's reason when the node lacks a topology label.</summary>
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    private const string FilterKey = "PreFilter" + PluginName;
    private const string ScoreKey = "PreScore" + PluginName;

    /// <inheritdoc />
    public string Name => PluginName;

    private sealed record FilterState(List<SpreadConstraint> Constraints, Dictionary<(string, string), int> Counts, int[] MinMatch);

    private sealed record ScoreState(List<SpreadConstraint> Constraints, Dictionary<(string, string), int> Counts, double[] Weights, HashSet<string> Ignored);

    /// <inheritdoc />
    public PluginStatus PreFilter(CycleState state, Pod pod, Snapshot snapshot)
    {
        var constraints = SpreadConstraint.Of(pod, "DoNotSchedule");
        if (constraints.Count == 0) return PluginStatus.Skip;
        var counts = new Dictionary<(string, string), int>();
        foreach (var node in snapshot.Nodes)
        {
            if (!Eligible(pod, node, constraints)) continue;
            for (var i = 0; i < constraints.Count; i++)
            {
                var c = constraints[i];
                var pair = (c.TopologyKey, node.Labels[c.TopologyKey]);
                counts[pair] = counts.GetValueOrDefault(pair) + CountMatching(node, c, pod.Metadata.Namespace);
            }
        }
        var minMatch = new int[constraints.Count];
        for (var i = 0; i < constraints.Count; i++)
        {
            var c = constraints[i];
            var domains = counts.Where(kv => kv.Key.Item1 == c.TopologyKey).Select(kv => kv.Value).ToList();
            minMatch[i] = domains.Count == 0 || domains.Count < c.MinDomains ? 0 : domains.Min();
        }
        state.Write(FilterKey, new FilterState(constraints, counts, minMatch));
        return PluginStatus.Success;
    }

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node)
    {
        var s = state.Read<FilterState>(FilterKey);
        if (s is null) return PluginStatus.Success;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!node.Labels.TryGetValue(c.TopologyKey, out var value)) return PluginStatus.UnschedulableAndUnresolvable(ErrReasonNodeLabelNotMatch);
            var self = c.Selector.Matches(pod.Metadata.Labels) ? 1 : 0;
            var skew = s.Counts.GetValueOrDefault((c.TopologyKey, value)) + self - s.MinMatch[i];
            if (skew > c.MaxSkew) return PluginStatus.Unschedulable(ErrReasonConstraintsNotMatch);
        }
        return PluginStatus.Success;
    }

    /// <inheritdoc />
    public PluginStatus PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var constraints = SpreadConstraint.Of(pod, "ScheduleAnyway");
        if (constraints.Count == 0) return PluginStatus.Skip;
        var counts = new Dictionary<(string, string), int>();
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        var domains = new HashSet<string>[constraints.Count];
        for (var i = 0; i < domains.Length; i++) domains[i] = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (constraints.Any(c => !node.Labels.ContainsKey(c.TopologyKey))) { ignored.Add(node.Name); continue; }
            for (var i = 0; i < constraints.Count; i++)
            {
                var value = node.Labels[constraints[i].TopologyKey];
                domains[i].Add(value);
                counts.TryAdd((constraints[i].TopologyKey, value), 0);
            }
        }
        var s = new ScoreState(constraints, counts, domains.Select(d => Math.Log(d.Count + 2)).ToArray(), ignored);
        CountAll(s, pod, _handle?.Snapshot.Nodes ?? nodes);
        state.Write(ScoreKey, s);
        return PluginStatus.Success;
    }

    /// <summary>Counts the pods of the whole cluster into the domains seen among the feasible nodes.</summary>
    private static void CountAll(ScoreState s, Pod pod, IEnumerable<NodeInfo> all)
    {
        foreach (var node in all)
        {
            if (!Eligible(pod, node, s.Constraints)) continue;
            foreach (var c in s.Constraints)
            {
                var pair = (c.TopologyKey, node.Labels[c.TopologyKey]);
                if (s.Counts.ContainsKey(pair)) s.Counts[pair] += CountMatching(node, c, pod.Metadata.Namespace);
            }
        }
    }

    /// <inheritdoc />
    public long Score(CycleState state, Pod pod, NodeInfo node)
    {
        var s = state.Read<ScoreState>(ScoreKey);
        if (s is null || s.Ignored.Contains(node.Name)) return 0;
        double score = 0;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var c = s.Constraints[i];
            if (!node.Labels.TryGetValue(c.TopologyKey, out var value)) continue;
            long count = c.TopologyKey == "kubernetes.io/hostname"
                ? CountMatching(node, c, pod.Metadata.Namespace)
                : s.Counts.GetValueOrDefault((c.TopologyKey, value));
            score += count * s.Weights[i] + (c.MaxSkew - 1);
        }
        return (long)Math.Round(score, MidpointRounding.AwayFromZero);
    }

    /// <inheritdoc />
    public void NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores)
    {
        var s = state.Read<ScoreState>(ScoreKey);
        if (s is null) return;
        long min = long.MaxValue, max = 0;
        foreach (var score in scores)
        {
            if (s.Ignored.Contains(score.Name)) continue;
            min = Math.Min(min, score.Score);
            max = Math.Max(max, score.Score);
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (s.Ignored.Contains(scores[i].Name)) { scores[i].Score = 0; continue; }
            scores[i].Score = max == 0 ? ScoreLimits.MaxNodeScore : ScoreLimits.MaxNodeScore * (max + min - scores[i].Score) / max;
        }
    }

    private static bool Eligible(Pod pod, NodeInfo node, List<SpreadConstraint> constraints)
    {
        foreach (var c in constraints)
            if (!node.Labels.ContainsKey(c.TopologyKey)) return false;
        if (constraints.Any(c => c.HonorNodeAffinity) && !NodeSelectors.PodMatchesNode(pod, node.Node)) return false;
        if (constraints.Any(c => c.HonorNodeTaints))
        {
            foreach (var taint in node.Node.Spec?.Taints ?? [])
                if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerations.Tolerates(pod.Spec?.Tolerations, taint)) return false;
        }
        return true;
    }

    private static int CountMatching(NodeInfo node, SpreadConstraint c, string? @namespace)
    {
        var n = 0;
        foreach (var p in node.Pods)
        {
            var other = p.Pod;
            if (other.Metadata.Namespace != @namespace || PodKeys.IsTerminating(other)) continue;
            if (c.Selector.Matches(other.Metadata.Labels)) n++;
        }
        return n;
    }
}
