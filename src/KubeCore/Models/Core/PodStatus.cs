using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>The observed state of a pod (<c>PodStatus</c>).</summary>
public sealed record PodStatus
{
    /// <summary>The pod generation this status reflects.</summary>
    public long? ObservedGeneration { get; init; }
    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    public string? Phase { get; init; }
    /// <summary>Current service state.</summary>
    public IReadOnlyList<PodCondition>? Conditions { get; init; }
    /// <summary>Why the pod is in this condition.</summary>
    public string? Message { get; init; }
    /// <summary>Brief reason, e.g. <c>Evicted</c>.</summary>
    public string? Reason { get; init; }
    /// <summary>Node the pod is nominated to after preemption.</summary>
    public string? NominatedNodeName { get; init; }
    /// <summary>Primary IP of the host.</summary>
    public string? HostIP { get; init; }
    /// <summary>IPs of the host.</summary>
    public IReadOnlyList<HostIPEntry>? HostIPs { get; init; }
    /// <summary>Primary IP of the pod.</summary>
    public string? PodIP { get; init; }
    /// <summary>IPs of the pod.</summary>
    public IReadOnlyList<PodIPEntry>? PodIPs { get; init; }
    /// <summary>When the kubelet acknowledged the pod.</summary>
    public KubeTime? StartTime { get; init; }
    /// <summary>Statuses of init containers.</summary>
    public IReadOnlyList<ContainerStatus>? InitContainerStatuses { get; init; }
    /// <summary>Statuses of app containers.</summary>
    public IReadOnlyList<ContainerStatus>? ContainerStatuses { get; init; }
    /// <summary><c>Guaranteed</c>, <c>Burstable</c> or <c>BestEffort</c>.</summary>
    public string? QosClass { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An IP of the host.</summary>
public sealed record HostIPEntry
{
    /// <summary>The address.</summary>
    public string? Ip { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An IP of the pod.</summary>
public sealed record PodIPEntry
{
    /// <summary>The address.</summary>
    public string? Ip { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A pod condition.</summary>
public sealed record PodCondition
{
    /// <summary><c>PodScheduled</c>, <c>Initialized</c>, <c>ContainersReady</c>, <c>Ready</c>, …</summary>
    public string Type { get; init; } = "";
    /// <summary>The pod generation the condition was set for.</summary>
    public long? ObservedGeneration { get; init; }
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When the condition was last probed.</summary>
    public KubeTime? LastProbeTime { get; init; }
    /// <summary>When the status last changed.</summary>
    public KubeTime? LastTransitionTime { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The status of one container.</summary>
public sealed record ContainerStatus
{
    /// <summary>The container name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Current state.</summary>
    public ContainerState? State { get; init; }
    /// <summary>Last termination.</summary>
    public ContainerState? LastState { get; init; }
    /// <summary>Whether the readiness probe passes.</summary>
    public bool? Ready { get; init; }
    /// <summary>Number of restarts.</summary>
    public int? RestartCount { get; init; }
    /// <summary>The image the container runs.</summary>
    public string? Image { get; init; }
    /// <summary>The image's ID.</summary>
    public string? ImageID { get; init; }
    /// <summary>The container's ID, <c>&lt;runtime&gt;://&lt;id&gt;</c>.</summary>
    public string? ContainerID { get; init; }
    /// <summary>Whether the startup probe passed.</summary>
    public bool? Started { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The state of a container: exactly one member is set.</summary>
public sealed record ContainerState
{
    /// <summary>Not yet running.</summary>
    public ContainerStateWaiting? Waiting { get; init; }
    /// <summary>Running.</summary>
    public ContainerStateRunning? Running { get; init; }
    /// <summary>Terminated.</summary>
    public ContainerStateTerminated? Terminated { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A waiting container.</summary>
public sealed record ContainerStateWaiting
{
    /// <summary>Why it is waiting.</summary>
    public string? Reason { get; init; }
    /// <summary>Details.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A running container.</summary>
public sealed record ContainerStateRunning
{
    /// <summary>When it started.</summary>
    public KubeTime? StartedAt { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A terminated container.</summary>
public sealed record ContainerStateTerminated
{
    /// <summary>Exit code.</summary>
    public int ExitCode { get; init; }
    /// <summary>Signal that killed it.</summary>
    public int? Signal { get; init; }
    /// <summary>Why it terminated.</summary>
    public string? Reason { get; init; }
    /// <summary>Details.</summary>
    public string? Message { get; init; }
    /// <summary>When it started.</summary>
    public KubeTime? StartedAt { get; init; }
    /// <summary>When it finished.</summary>
    public KubeTime? FinishedAt { get; init; }
    /// <summary>The container's ID.</summary>
    public string? ContainerID { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
