using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A named volume in a pod (common sources typed; others stay in extension data).</summary>
public sealed record Volume
{
    /// <summary>Volume name, unique within the pod.</summary>
    public string Name { get; init; } = "";
    /// <summary>A temporary directory that shares the pod's lifetime.</summary>
    public EmptyDirVolumeSource? EmptyDir { get; init; }
    /// <summary>A file or directory on the host.</summary>
    public HostPathVolumeSource? HostPath { get; init; }
    /// <summary>A config map projected as files.</summary>
    public ConfigMapVolumeSource? ConfigMap { get; init; }
    /// <summary>A secret projected as files.</summary>
    public SecretVolumeSource? Secret { get; init; }
    /// <summary>A persistent volume claim.</summary>
    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An empty directory volume.</summary>
public sealed record EmptyDirVolumeSource
{
    /// <summary>Storage medium; <c>Memory</c> for tmpfs.</summary>
    public string? Medium { get; init; }
    /// <summary>Maximum size.</summary>
    public Quantity? SizeLimit { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A host path volume.</summary>
public sealed record HostPathVolumeSource
{
    /// <summary>Path on the host.</summary>
    public string Path { get; init; } = "";
    /// <summary>Expected type of the path.</summary>
    public string? Type { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Maps a key to a file path.</summary>
public sealed record KeyToPath
{
    /// <summary>The key.</summary>
    public string Key { get; init; } = "";
    /// <summary>Relative file path.</summary>
    public string Path { get; init; } = "";
    /// <summary>File mode bits.</summary>
    public int? Mode { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A config map volume.</summary>
public sealed record ConfigMapVolumeSource
{
    /// <summary>The config map.</summary>
    public string? Name { get; init; }
    /// <summary>Keys to project; all when empty.</summary>
    public IReadOnlyList<KeyToPath>? Items { get; init; }
    /// <summary>Default file mode bits.</summary>
    public int? DefaultMode { get; init; }
    /// <summary>Whether the config map may be missing.</summary>
    public bool? Optional { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A secret volume.</summary>
public sealed record SecretVolumeSource
{
    /// <summary>The secret.</summary>
    public string? SecretName { get; init; }
    /// <summary>Keys to project; all when empty.</summary>
    public IReadOnlyList<KeyToPath>? Items { get; init; }
    /// <summary>Default file mode bits.</summary>
    public int? DefaultMode { get; init; }
    /// <summary>Whether the secret may be missing.</summary>
    public bool? Optional { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A persistent volume claim volume.</summary>
public sealed record PersistentVolumeClaimVolumeSource
{
    /// <summary>The claim, in the pod's namespace.</summary>
    public string ClaimName { get; init; } = "";
    /// <summary>Whether mounted read-only.</summary>
    public bool? ReadOnly { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
