using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Declarative updates for pods and replica sets (<c>apps/v1 Deployment</c>).</summary>
public sealed record Deployment : KubeObject<DeploymentSpec, DeploymentStatus>
{
    /// <summary>Creates an empty Deployment with apiVersion and kind set.</summary>
    public Deployment() { ApiVersion = "apps/v1"; Kind = "Deployment"; }
}

/// <summary>The desired state of a deployment.</summary>
public sealed record DeploymentSpec
{
    /// <summary>Desired number of pods.</summary>
    public int? Replicas { get; init; }
    /// <summary>Selects the pods this deployment manages.</summary>
    public LabelSelector? Selector { get; init; }
    /// <summary>Template of the pods.</summary>
    public PodTemplateSpec? Template { get; init; }
    /// <summary>How old pods are replaced by new ones.</summary>
    public DeploymentStrategy? Strategy { get; init; }
    /// <summary>Seconds a new pod must be ready to count as available.</summary>
    public int? MinReadySeconds { get; init; }
    /// <summary>Old replica sets to keep for rollback.</summary>
    public int? RevisionHistoryLimit { get; init; }
    /// <summary>Whether the deployment is paused.</summary>
    public bool? Paused { get; init; }
    /// <summary>Seconds before a stalled rollout is reported as failed.</summary>
    public int? ProgressDeadlineSeconds { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A deployment strategy.</summary>
public sealed record DeploymentStrategy
{
    /// <summary><c>RollingUpdate</c> or <c>Recreate</c>.</summary>
    public string? Type { get; init; }
    /// <summary>Rolling update parameters.</summary>
    public RollingUpdateDeployment? RollingUpdate { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Rolling update parameters.</summary>
public sealed record RollingUpdateDeployment
{
    /// <summary>Pods that may be unavailable during the update (number or percentage).</summary>
    public IntOrString? MaxUnavailable { get; init; }
    /// <summary>Pods that may be created above the desired count (number or percentage).</summary>
    public IntOrString? MaxSurge { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a deployment.</summary>
public sealed record DeploymentStatus
{
    /// <summary>The generation observed by the controller.</summary>
    public long? ObservedGeneration { get; init; }
    /// <summary>Non-terminating pods targeted by this deployment.</summary>
    public int? Replicas { get; init; }
    /// <summary>Pods with the desired template.</summary>
    public int? UpdatedReplicas { get; init; }
    /// <summary>Ready pods.</summary>
    public int? ReadyReplicas { get; init; }
    /// <summary>Available pods.</summary>
    public int? AvailableReplicas { get; init; }
    /// <summary>Unavailable pods.</summary>
    public int? UnavailableReplicas { get; init; }
    /// <summary>Terminating pods.</summary>
    public int? TerminatingReplicas { get; init; }
    /// <summary>Observations of the rollout.</summary>
    public IReadOnlyList<DeploymentCondition>? Conditions { get; init; }
    /// <summary>Hash collision count, used to name replica sets.</summary>
    public int? CollisionCount { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A deployment condition.</summary>
public sealed record DeploymentCondition
{
    /// <summary><c>Available</c>, <c>Progressing</c> or <c>ReplicaFailure</c>.</summary>
    public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When the condition was last updated.</summary>
    public KubeTime? LastUpdateTime { get; init; }
    /// <summary>When the status last changed.</summary>
    public KubeTime? LastTransitionTime { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
