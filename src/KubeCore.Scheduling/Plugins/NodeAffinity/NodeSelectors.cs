using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Scheduling.Plugins;

/// <summary>Matching of node selector terms (<c>nodeaffinity.NodeSelector</c>): terms are ORed, requirements ANDed.</summary>
public static class NodeSelectors
{
    /// <summary>Whether any term matches the node (no terms: no match).</summary>
    public static bool Matches(NodeSelector selector, Node node) =>
        (selector.NodeSelectorTerms ?? []).Any(t => Matches(t, node));

    /// <summary>Whether a term matches (an empty term matches nothing).</summary>
    public static bool Matches(NodeSelectorTerm term, Node node)
    {
        var exprs = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (exprs.Count == 0 && fields.Count == 0) return false;
        var labels = node.Metadata.Labels;
        foreach (var r in exprs)
            if (!Matches(r, labels is not null && labels.TryGetValue(r.Key, out var v) ? v : null)) return false;
        foreach (var r in fields)
        {
            if (r.Key != "metadata.name") return false;
            if (!Matches(r, node.Metadata.Name)) return false;
        }
        return true;
    }

    /// <summary>Whether the pod's <c>nodeSelector</c> and required node affinity both match the node.</summary>
    public static bool PodMatchesNode(Pod pod, Node node)
    {
        if (pod.Spec?.NodeSelector is { Count: > 0 } selector)
        {
            var labels = node.Metadata.Labels;
            foreach (var (k, v) in selector)
                if (labels is null || !labels.TryGetValue(k, out var actual) || actual != v) return false;
        }
        var required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required is null || Matches(required, node);
    }

    private static bool Matches(NodeSelectorRequirement r, string? value)
    {
        var values = r.Values ?? [];
        switch (r.Operator)
        {
            case "In": return value is not null && values.Contains(value);
            case "NotIn": return value is null || !values.Contains(value);
            case "Exists": return value is not null;
            case "DoesNotExist": return value is null;
            case "Gt":
            case "Lt":
                if (value is null || values.Count != 1) return false;
                if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)) return false;
                if (!long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)) return false;
                return r.Operator == "Gt" ? actual > bound : actual < bound;
            default: return false;
        }
    }
}
