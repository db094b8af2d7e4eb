using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A worker machine (<c>v1 Node</c>).</summary>
public sealed record Node : KubeObject<NodeSpec, NodeStatus>
{
    /// <summary>Creates an empty Node with apiVersion and kind set.</summary>
    public Node() { ApiVersion = "v1"; Kind = "Node"; }
}

/// <summary>The desired state of a node.</summary>
public sealed record NodeSpec
{
    /// <summary>The pod IP range assigned to the node.</summary>
    public string? PodCIDR { get; init; }
    /// <summary>The pod IP ranges assigned to the node.</summary>
    public IReadOnlyList<string>? PodCIDRs { get; init; }
    /// <summary>The cloud provider's ID of the node.</summary>
    public string? ProviderID { get; init; }
    /// <summary>Whether new pods may not be scheduled (cordoned).</summary>
    public bool? Unschedulable { get; init; }
    /// <summary>Taints repelling pods.</summary>
    public IReadOnlyList<Taint>? Taints { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A taint: pods that do not tolerate it are repelled.</summary>
public sealed record Taint
{
    /// <summary>Taint key.</summary>
    public string Key { get; init; } = "";
    /// <summary>Taint value.</summary>
    public string? Value { get; init; }
    /// <summary><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>.</summary>
    public string Effect { get; init; } = "";
    /// <summary>When a NoExecute taint was added.</summary>
    public KubeTime? TimeAdded { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
