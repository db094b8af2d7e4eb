using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A request for storage (<c>v1 PersistentVolumeClaim</c>).</summary>
public sealed record PersistentVolumeClaim : KubeObject<PersistentVolumeClaimSpec, PersistentVolumeClaimStatus>
{
    /// <summary>Creates an empty PersistentVolumeClaim with apiVersion and kind set.</summary>
    public PersistentVolumeClaim() { ApiVersion = "v1"; Kind = "PersistentVolumeClaim"; }
}

/// <summary>The desired state of a claim.</summary>
public sealed record PersistentVolumeClaimSpec
{
    /// <summary>Desired access modes.</summary>
    public IReadOnlyList<string>? AccessModes { get; init; }
    /// <summary>Volumes to consider.</summary>
    public LabelSelector? Selector { get; init; }
    /// <summary>Requested resources.</summary>
    public VolumeResourceRequirements? Resources { get; init; }
    /// <summary>The bound volume.</summary>
    public string? VolumeName { get; init; }
    /// <summary>The storage class.</summary>
    public string? StorageClassName { get; init; }
    /// <summary><c>Filesystem</c> or <c>Block</c>.</summary>
    public string? VolumeMode { get; init; }
    /// <summary>Data to populate the volume from.</summary>
    public TypedLocalObjectReference? DataSource { get; init; }
    /// <summary>The volume attributes class.</summary>
    public string? VolumeAttributesClassName { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Storage resource requirements.</summary>
public sealed record VolumeResourceRequirements
{
    /// <summary>Maximum amounts.</summary>
    public IReadOnlyDictionary<string, Quantity>? Limits { get; init; }
    /// <summary>Minimum amounts.</summary>
    public IReadOnlyDictionary<string, Quantity>? Requests { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a claim.</summary>
public sealed record PersistentVolumeClaimStatus
{
    /// <summary><c>Pending</c>, <c>Bound</c> or <c>Lost</c>.</summary>
    public string? Phase { get; init; }
    /// <summary>Actual access modes.</summary>
    public IReadOnlyList<string>? AccessModes { get; init; }
    /// <summary>Actual resources.</summary>
    public IReadOnlyDictionary<string, Quantity>? Capacity { get; init; }
    /// <summary>Claim conditions.</summary>
    public IReadOnlyList<PersistentVolumeClaimCondition>? Conditions { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A claim condition.</summary>
public sealed record PersistentVolumeClaimCondition
{
    /// <summary>The condition type.</summary>
    public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When last probed.</summary>
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
