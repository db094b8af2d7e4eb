using KubeCore.Models;
using KubeCore.Selectors;

namespace KubeCore.Scheduling.Plugins.PodTopologySpread;

/// <summary>A topology spread constraint with its selector parsed (and <c>matchLabelKeys</c> folded in).</summary>
internal sealed record SpreadConstraint(int MaxSkew, string TopologyKey, Selector Selector, int MinDomains, bool HonorNodeAffinity, bool HonorNodeTaints)
{
    public static List<SpreadConstraint> Of(Pod pod, string whenUnsatisfiable)
    {
        var result = new List<SpreadConstraint>();
        foreach (var c in pod.Spec?.TopologySpreadConstraints ?? [])
        {
            if (c.WhenUnsatisfiable != whenUnsatisfiable) continue;
            var selector = Selector.FromLabelSelector(c.LabelSelector);
            foreach (var key in c.MatchLabelKeys ?? [])
                if (pod.Metadata.Labels?.TryGetValue(key, out var value) == true)
                    selector = selector.Add(LabelRequirement.Create(key, SelectorOperator.In, [value]));
            result.Add(new SpreadConstraint(c.MaxSkew, c.TopologyKey, selector, c.MinDomains ?? 1,
                c.NodeAffinityPolicy != "Ignore", c.NodeTaintsPolicy == "Honor"));
        }
        return result;
    }
}
