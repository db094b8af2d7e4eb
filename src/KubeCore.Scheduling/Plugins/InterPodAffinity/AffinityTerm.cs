using KubeCore.Models;
using KubeCore.Scheduling.Framework;
using KubeCore.Selectors;

namespace KubeCore.Scheduling.Plugins.InterPodAffinity;

/// <summary>A pod (anti-)affinity term with its selectors parsed and namespaces resolved against the pod that owns it.</summary>
internal sealed record AffinityTerm(Selector Selector, HashSet<string> Namespaces, Selector? NamespaceSelector, string TopologyKey, int Weight)
{
    public static AffinityTerm Of(Pod owner, PodAffinityTerm term, int weight = 0)
    {
        var namespaces = new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
        Selector? nsSelector = term.NamespaceSelector is null ? null : Selector.FromLabelSelector(term.NamespaceSelector);
        if (namespaces.Count == 0 && nsSelector is null) namespaces.Add(owner.Metadata.Namespace ?? "");
        var selector = Selector.FromLabelSelector(term.LabelSelector);
        foreach (var key in term.MatchLabelKeys ?? [])
            if (owner.Metadata.Labels?.TryGetValue(key, out var v) == true) selector = selector.Add(LabelRequirement.Create(key, SelectorOperator.In, [v]));
        foreach (var key in term.MismatchLabelKeys ?? [])
            if (owner.Metadata.Labels?.TryGetValue(key, out var v) == true) selector = selector.Add(LabelRequirement.Create(key, SelectorOperator.NotIn, [v]));
        return new AffinityTerm(selector, namespaces, nsSelector, term.TopologyKey, weight);
    }

    public bool Matches(Pod pod, Snapshot snapshot)
    {
        var ns = pod.Metadata.Namespace ?? "";
        if (!Namespaces.Contains(ns) && (NamespaceSelector is null || !NamespaceSelector.Matches(snapshot.NamespaceLabels(ns)))) return false;
        return Selector.Matches(pod.Metadata.Labels);
    }

    public static List<AffinityTerm> Required(Pod pod, bool anti)
    {
        var a = anti ? pod.Spec?.Affinity?.PodAntiAffinity : pod.Spec?.Affinity?.PodAffinity;
        return (a?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => Of(pod, t)).ToList();
    }

    public static List<AffinityTerm> Preferred(Pod pod, bool anti)
    {
        var a = anti ? pod.Spec?.Affinity?.PodAntiAffinity : pod.Spec?.Affinity?.PodAffinity;
        return (a?.PreferredDuringSchedulingIgnoredDuringExecution ?? [])
            .Where(w => w.PodAffinityTerm is not null && w.Weight != 0)
            .Select(w => Of(pod, w.PodAffinityTerm!, w.Weight)).ToList();
    }
}
