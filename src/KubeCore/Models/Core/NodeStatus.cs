using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>The observed state of a node.</summary>
public sealed record NodeStatus
{
    /// <summary>Total resources of the node.</summary>
    public IReadOnlyDictionary<string, Quantity>? Capacity { get; init; }
    /// <summary>Resources available for scheduling.</summary>
    public IReadOnlyDictionary<string, Quantity>? Allocatable { get; init; }
    /// <summary>Deprecated lifecycle phase.</summary>
    public string? Phase { get; init; }
    /// <summary>Observations such as <c>Ready</c> and <c>MemoryPressure</c>.</summary>
    public IReadOnlyList<NodeCondition>? Conditions { get; init; }
    /// <summary>Addresses reachable to the node.</summary>
    public IReadOnlyList<NodeAddress>? Addresses { get; init; }
    /// <summary>Endpoints of daemons running on the node.</summary>
    public NodeDaemonEndpoints? DaemonEndpoints { get; init; }
    /// <summary>General information about the node.</summary>
    public NodeSystemInfo? NodeInfo { get; init; }
    /// <summary>Images present on the node.</summary>
    public IReadOnlyList<ContainerImage>? Images { get; init; }
    /// <summary>Attachable volumes in use.</summary>
    public IReadOnlyList<string>? VolumesInUse { get; init; }
    /// <summary>Volumes attached to the node.</summary>
    public IReadOnlyList<AttachedVolume>? VolumesAttached { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A node condition.</summary>
public sealed record NodeCondition
{
    /// <summary>The condition type, e.g. <c>Ready</c>.</summary>
    public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When the condition was last reported.</summary>
    public KubeTime? LastHeartbeatTime { get; init; }
    /// <summary>When the status last changed.</summary>
    public KubeTime? LastTransitionTime { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An address of a node.</summary>
public sealed record NodeAddress
{
    /// <summary><c>Hostname</c>, <c>InternalIP</c>, <c>ExternalIP</c>, …</summary>
    public string Type { get; init; } = "";
    /// <summary>The address.</summary>
    public string Address { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Endpoints of daemons running on a node.</summary>
public sealed record NodeDaemonEndpoints
{
    /// <summary>The kubelet's endpoint.</summary>
    public DaemonEndpoint? KubeletEndpoint { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A daemon's port.</summary>
public sealed record DaemonEndpoint
{
    /// <summary>The port number (the wire name is capitalised, as in Kubernetes).</summary>
    [JsonPropertyName("Port")] public int Port { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>General information about a node.</summary>
public sealed record NodeSystemInfo
{
    /// <summary>The machine ID.</summary>
    public string? MachineID { get; init; }
    /// <summary>The system UUID.</summary>
    public string? SystemUUID { get; init; }
    /// <summary>The boot ID.</summary>
    public string? BootID { get; init; }
    /// <summary>The kernel version.</summary>
    public string? KernelVersion { get; init; }
    /// <summary>The OS image.</summary>
    public string? OsImage { get; init; }
    /// <summary>The container runtime version.</summary>
    public string? ContainerRuntimeVersion { get; init; }
    /// <summary>The kubelet version.</summary>
    public string? KubeletVersion { get; init; }
    /// <summary>The kube-proxy version (deprecated).</summary>
    public string? KubeProxyVersion { get; init; }
    /// <summary>The operating system.</summary>
    public string? OperatingSystem { get; init; }
    /// <summary>The architecture.</summary>
    public string? Architecture { get; init; }
    /// <summary>Swap information.</summary>
    public NodeSwapStatus? Swap { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Swap memory information.</summary>
public sealed record NodeSwapStatus
{
    /// <summary>Total swap in bytes.</summary>
    public long? Capacity { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An image on a node.</summary>
public sealed record ContainerImage
{
    /// <summary>Names of the image.</summary>
    public IReadOnlyList<string>? Names { get; init; }
    /// <summary>Size in bytes.</summary>
    public long? SizeBytes { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A volume attached to a node.</summary>
public sealed record AttachedVolume
{
    /// <summary>The volume name.</summary>
    public string Name { get; init; } = "";
    /// <summary>The device path.</summary>
    public string DevicePath { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
