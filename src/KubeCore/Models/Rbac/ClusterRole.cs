using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Cluster-wide permissions (<c>rbac.authorization.k8s.io/v1 ClusterRole</c>).</summary>
public sealed record ClusterRole : KubeObject
{
    /// <summary>Creates an empty ClusterRole with apiVersion and kind set.</summary>
    public ClusterRole() { ApiVersion = "rbac.authorization.k8s.io/v1"; Kind = "ClusterRole"; }
    /// <summary>The permissions.</summary>
    public IReadOnlyList<PolicyRule>? Rules { get; init; }
    /// <summary>Cluster roles aggregated into this one.</summary>
    public AggregationRule? AggregationRule { get; init; }
}

/// <summary>Selects cluster roles to aggregate.</summary>
public sealed record AggregationRule
{
    /// <summary>The selectors (ORed).</summary>
    public IReadOnlyList<LabelSelector>? ClusterRoleSelectors { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
