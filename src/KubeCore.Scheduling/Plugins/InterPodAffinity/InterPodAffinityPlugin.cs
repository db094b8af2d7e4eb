using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.InterPodAffinity;

/// <summary>
/// Pod affinity and anti-affinity by topology domain: Filter enforces the pod's required terms and existing pods'
/// required anti-affinity; Score adds preferred term weights (both ways) and existing pods' required affinity
/// (<see cref="SchedulerProfile.HardPodAffinityWeight"/>), normalized to 0–100.
/// </summary>
public sealed class InterPodAffinityPlugin : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IFrameworkAwarePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "InterPodAffinity";

    /// <summary>Upstream's reason when required affinity is not met.</summary>
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";

    /// <summary>Upstream's reason when the pod's required anti-affinity is violated.</summary>
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    /// <summary>Upstream's reason when an existing pod's anti-affinity would be violated.</summary>
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

    private const string FilterKey = "PreFilter" + PluginName;
    private const string ScoreKey = "PreScore" + PluginName;
    private readonly int _hardPodAffinityWeight;
    private IFrameworkHandle? _handle;

    /// <summary>Creates the plugin.</summary>
    public InterPodAffinityPlugin(int hardPodAffinityWeight = 1) => _hardPodAffinityWeight = hardPodAffinityWeight;

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public void Initialize(IFrameworkHandle handle) => _handle = handle;

    private sealed record FilterState(List<AffinityTerm> Affinity, List<AffinityTerm> AntiAffinity,
        Dictionary<(string, string), int> AffinityCounts, Dictionary<(string, string), int> AntiAffinityCounts,
        Dictionary<(string, string), int> ExistingAntiAffinityCounts, bool MatchesOwnAffinity);

    /// <inheritdoc />
    public PluginStatus PreFilter(CycleState state, Pod pod, Snapshot snapshot)
    {
        var affinity = AffinityTerm.Required(pod, anti: false);
        var anti = AffinityTerm.Required(pod, anti: true);
        var affinityCounts = new Dictionary<(string, string), int>();
        var antiCounts = new Dictionary<(string, string), int>();
        var existingAnti = new Dictionary<(string, string), int>();
        // Existing pods' required anti-affinity: only nodes that have such pods can contribute.
        foreach (var node in snapshot.HavePodsWithRequiredAntiAffinity)
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
                foreach (var term in existing.Terms(required: true, anti: true))
                    if (term.Matches(pod, snapshot) && node.Labels.TryGetValue(term.TopologyKey, out var v))
                        Increment(existingAnti, (term.TopologyKey, v));
        // The incoming pod's own terms are matched against every existing pod.
        if (affinity.Count > 0 || anti.Count > 0)
        {
            foreach (var node in snapshot.Nodes)
            {
                foreach (var existing in node.Pods)
                {
                    var other = existing.Pod;
                    if (affinity.Count > 0 && MatchesAll(affinity, other, snapshot))
                        foreach (var term in affinity)
                            if (node.Labels.TryGetValue(term.TopologyKey, out var v)) Increment(affinityCounts, (term.TopologyKey, v));
                    foreach (var term in anti)
                        if (term.Matches(other, snapshot) && node.Labels.TryGetValue(term.TopologyKey, out var v)) Increment(antiCounts, (term.TopologyKey, v));
                }
            }
        }
        if (affinity.Count == 0 && anti.Count == 0 && existingAnti.Count == 0) return PluginStatus.Skip;
        var matchesOwn = affinity.Count > 0 && MatchesAll(affinity, pod, snapshot);
        state.Write(FilterKey, new FilterState(affinity, anti, affinityCounts, antiCounts, existingAnti, matchesOwn));
        return PluginStatus.Success;
    }

    private static bool MatchesAll(List<AffinityTerm> terms, Pod pod, Snapshot snapshot)
    {
        foreach (var t in terms)
            if (!t.Matches(pod, snapshot)) return false;
        return true;
    }

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node)
    {
        var s = state.Read<FilterState>(FilterKey);
        if (s is null) return PluginStatus.Success;
        if (!SatisfiesAffinity(s, node)) return PluginStatus.UnschedulableAndUnresolvable(ErrReasonAffinityRulesNotMatch);
        foreach (var term in s.AntiAffinity)
            if (node.Labels.TryGetValue(term.TopologyKey, out var v) && s.AntiAffinityCounts.GetValueOrDefault((term.TopologyKey, v)) > 0)
                return PluginStatus.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
        if (s.ExistingAntiAffinityCounts.Count > 0)
            foreach (var (k, v) in node.Labels)
                if (s.ExistingAntiAffinityCounts.GetValueOrDefault((k, v)) > 0) return PluginStatus.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
        return PluginStatus.Success;
    }

    private static bool SatisfiesAffinity(FilterState s, NodeInfo node)
    {
        var podsExist = true;
        foreach (var term in s.Affinity)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var v)) return false;
            if (s.AffinityCounts.GetValueOrDefault((term.TopologyKey, v)) <= 0) podsExist = false;
        }
        // The first pod of a group with affinity to itself may go anywhere that has the topology labels.
        return podsExist || (s.AffinityCounts.Count == 0 && s.MatchesOwnAffinity);
    }

    /// <inheritdoc />
    public PluginStatus PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var snapshot = _handle?.Snapshot ?? new Snapshot(nodes);
        var preferredAffinity = AffinityTerm.Preferred(pod, anti: false);
        var preferredAnti = AffinityTerm.Preferred(pod, anti: true);
        var hasOwn = preferredAffinity.Count > 0 || preferredAnti.Count > 0;
        var scores = new Dictionary<(string, string), long>();
        // Without preferred terms of its own, only existing pods with affinity terms can score the pod.
        foreach (var node in hasOwn ? snapshot.Nodes : snapshot.HavePodsWithAffinity)
        {
            foreach (var existing in hasOwn ? node.Pods : node.PodsWithAffinityList)
            {
                var other = existing.Pod;
                foreach (var t in preferredAffinity) Add(scores, node, t, t.Matches(other, snapshot), t.Weight);
                foreach (var t in preferredAnti) Add(scores, node, t, t.Matches(other, snapshot), -t.Weight);
                if (!existing.HasAffinity) continue;
                if (_hardPodAffinityWeight > 0)
                    foreach (var t in existing.Terms(required: true, anti: false)) Add(scores, node, t, t.Matches(pod, snapshot), _hardPodAffinityWeight);
                foreach (var t in existing.Terms(required: false, anti: false)) Add(scores, node, t, t.Matches(pod, snapshot), t.Weight);
                foreach (var t in existing.Terms(required: false, anti: true)) Add(scores, node, t, t.Matches(pod, snapshot), -t.Weight);
            }
        }
        if (scores.Count == 0) return PluginStatus.Skip;
        state.Write(ScoreKey, scores);
        return PluginStatus.Success;
    }

    /// <inheritdoc />
    public long Score(CycleState state, Pod pod, NodeInfo node)
    {
        var scores = state.Read<Dictionary<(string, string), long>>(ScoreKey);
        if (scores is null) return 0;
        long total = 0;
        foreach (var ((key, value), score) in scores)
            if (node.Labels.TryGetValue(key, out var v) && v == value) total += score;
        return total;
    }

    /// <inheritdoc />
    public void NormalizeScore(CycleState state, Pod pod, Span<NodeScore> scores)
    {
        if (scores.Length == 0) return;
        long min = long.MaxValue, max = long.MinValue;
        foreach (var s in scores) { min = Math.Min(min, s.Score); max = Math.Max(max, s.Score); }
        var diff = max - min;
        for (var i = 0; i < scores.Length; i++)
            scores[i].Score = diff > 0 ? (long)(ScoreLimits.MaxNodeScore * ((double)(scores[i].Score - min) / diff)) : 0;
    }

    private static void Add(Dictionary<(string, string), long> scores, NodeInfo node, AffinityTerm term, bool matches, long weight)
    {
        if (!matches || !node.Labels.TryGetValue(term.TopologyKey, out var v)) return;
        scores[(term.TopologyKey, v)] = scores.GetValueOrDefault((term.TopologyKey, v)) + weight;
    }

    private static void Increment(Dictionary<(string, string), int> counts, (string, string) key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
