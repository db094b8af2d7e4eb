using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Keeps a number of pod replicas running (<c>apps/v1 ReplicaSet</c>).</summary>
public sealed record ReplicaSet : KubeObject<ReplicaSetSpec, ReplicaSetStatus>
{
    /// <summary>Creates an empty ReplicaSet with apiVersion and kind set.</summary>
    public ReplicaSet() { ApiVersion = "apps/v1"; Kind = "ReplicaSet"; }
}

/// <summary>The desired state of a replica set.</summary>
public sealed record ReplicaSetSpec
{
    /// <summary>Desired number of pods.</summary>
    public int? Replicas { get; init; }
    /// <summary>Seconds a new pod must be ready to count as available.</summary>
    public int? MinReadySeconds { get; init; }
    /// <summary>Selects the pods.</summary>
    public LabelSelector? Selector { get; init; }
    /// <summary>Template of the pods.</summary>
    public PodTemplateSpec? Template { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a replica set.</summary>
public sealed record ReplicaSetStatus
{
    /// <summary>Current number of pods.</summary>
    public int? Replicas { get; init; }
    /// <summary>Pods whose labels match the template's.</summary>
    public int? FullyLabeledReplicas { get; init; }
    /// <summary>Ready pods.</summary>
    public int? ReadyReplicas { get; init; }
    /// <summary>Available pods.</summary>
    public int? AvailableReplicas { get; init; }
    /// <summary>Terminating pods.</summary>
    public int? TerminatingReplicas { get; init; }
    /// <summary>The generation observed by the controller.</summary>
    public long? ObservedGeneration { get; init; }
    /// <summary>Observations.</summary>
    public IReadOnlyList<ReplicaSetCondition>? Conditions { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A replica set condition.</summary>
public sealed record ReplicaSetCondition
{
    /// <summary>The condition type.</summary>
    public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When the status last changed.</summary>
    public KubeTime? LastTransitionTime { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
