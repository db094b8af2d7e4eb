using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A piece of storage in the cluster (<c>v1 PersistentVolume</c>).</summary>
public sealed record PersistentVolume : KubeObject<PersistentVolumeSpec, PersistentVolumeStatus>
{
    /// <summary>Creates an empty PersistentVolume with apiVersion and kind set.</summary>
    public PersistentVolume() { ApiVersion = "v1"; Kind = "PersistentVolume"; }
}

/// <summary>The desired state of a persistent volume (volume sources other than hostPath/local/csi/nfs stay in extension data).</summary>
public sealed record PersistentVolumeSpec
{
    /// <summary>Capacity, e.g. <c>storage</c>.</summary>
    public IReadOnlyDictionary<string, Quantity>? Capacity { get; init; }
    /// <summary>Ways the volume can be mounted.</summary>
    public IReadOnlyList<string>? AccessModes { get; init; }
    /// <summary>The claim bound to this volume.</summary>
    public ObjectReference? ClaimRef { get; init; }
    /// <summary><c>Retain</c>, <c>Delete</c> or <c>Recycle</c>.</summary>
    public string? PersistentVolumeReclaimPolicy { get; init; }
    /// <summary>The storage class.</summary>
    public string? StorageClassName { get; init; }
    /// <summary>Mount options.</summary>
    public IReadOnlyList<string>? MountOptions { get; init; }
    /// <summary><c>Filesystem</c> or <c>Block</c>.</summary>
    public string? VolumeMode { get; init; }
    /// <summary>Nodes the volume can be accessed from.</summary>
    public VolumeNodeAffinity? NodeAffinity { get; init; }
    /// <summary>The volume attributes class.</summary>
    public string? VolumeAttributesClassName { get; init; }
    /// <summary>A host path.</summary>
    public HostPathVolumeSource? HostPath { get; init; }
    /// <summary>A local disk.</summary>
    public LocalVolumeSource? Local { get; init; }
    /// <summary>A CSI volume (loosely typed).</summary>
    public JsonElement? Csi { get; init; }
    /// <summary>An NFS volume (loosely typed).</summary>
    public JsonElement? Nfs { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Nodes a volume can be accessed from.</summary>
public sealed record VolumeNodeAffinity
{
    /// <summary>The nodes.</summary>
    public NodeSelector? Required { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A local disk.</summary>
public sealed record LocalVolumeSource
{
    /// <summary>Path on the node.</summary>
    public string Path { get; init; } = "";
    /// <summary>Filesystem type.</summary>
    public string? FsType { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a persistent volume.</summary>
public sealed record PersistentVolumeStatus
{
    /// <summary><c>Pending</c>, <c>Available</c>, <c>Bound</c>, <c>Released</c> or <c>Failed</c>.</summary>
    public string? Phase { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>When the phase last changed.</summary>
    public KubeTime? LastPhaseTransitionTime { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
