using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Scheduling constraints of a pod.</summary>
public sealed record Affinity
{
    /// <summary>Node affinity rules.</summary>
    public NodeAffinity? NodeAffinity { get; init; }
    /// <summary>Rules to co-locate with other pods.</summary>
    public PodAffinity? PodAffinity { get; init; }
    /// <summary>Rules to avoid other pods (same shape as pod affinity).</summary>
    public PodAffinity? PodAntiAffinity { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Node affinity rules.</summary>
public sealed record NodeAffinity
{
    /// <summary>Hard requirement.</summary>
    public NodeSelector? RequiredDuringSchedulingIgnoredDuringExecution { get; init; }
    /// <summary>Weighted preferences.</summary>
    public IReadOnlyList<PreferredSchedulingTerm>? PreferredDuringSchedulingIgnoredDuringExecution { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A node selector: the terms are ORed.</summary>
public sealed record NodeSelector
{
    /// <summary>The terms.</summary>
    public IReadOnlyList<NodeSelectorTerm>? NodeSelectorTerms { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A node selector term: requirements ANDed.</summary>
public sealed record NodeSelectorTerm
{
    /// <summary>Requirements on node labels.</summary>
    public IReadOnlyList<NodeSelectorRequirement>? MatchExpressions { get; init; }
    /// <summary>Requirements on node fields.</summary>
    public IReadOnlyList<NodeSelectorRequirement>? MatchFields { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A requirement on a node label or field.</summary>
public sealed record NodeSelectorRequirement
{
    /// <summary>The label key or field.</summary>
    public string Key { get; init; } = "";
    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>, <c>Gt</c> or <c>Lt</c>.</summary>
    public string Operator { get; init; } = "";
    /// <summary>The values.</summary>
    public IReadOnlyList<string>? Values { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A weighted node preference.</summary>
public sealed record PreferredSchedulingTerm
{
    /// <summary>Weight 1-100.</summary>
    public int Weight { get; init; }
    /// <summary>The term.</summary>
    public NodeSelectorTerm? Preference { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Pod (anti-)affinity rules.</summary>
public sealed record PodAffinity
{
    /// <summary>Hard requirements.</summary>
    public IReadOnlyList<PodAffinityTerm>? RequiredDuringSchedulingIgnoredDuringExecution { get; init; }
    /// <summary>Weighted preferences.</summary>
    public IReadOnlyList<WeightedPodAffinityTerm>? PreferredDuringSchedulingIgnoredDuringExecution { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Pods matching the selector in the namespaces must (not) share the topology domain.</summary>
public sealed record PodAffinityTerm
{
    /// <summary>Which pods.</summary>
    public LabelSelector? LabelSelector { get; init; }
    /// <summary>Namespaces to look in.</summary>
    public IReadOnlyList<string>? Namespaces { get; init; }
    /// <summary>Node label key that defines the domain.</summary>
    public string TopologyKey { get; init; } = "";
    /// <summary>Namespaces to look in, by label.</summary>
    public LabelSelector? NamespaceSelector { get; init; }
    /// <summary>Pod label keys whose values are added to the selector.</summary>
    public IReadOnlyList<string>? MatchLabelKeys { get; init; }
    /// <summary>Pod label keys whose values are excluded via the selector.</summary>
    public IReadOnlyList<string>? MismatchLabelKeys { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A weighted pod affinity term.</summary>
public sealed record WeightedPodAffinityTerm
{
    /// <summary>Weight 1-100.</summary>
    public int Weight { get; init; }
    /// <summary>The term.</summary>
    public PodAffinityTerm? PodAffinityTerm { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
