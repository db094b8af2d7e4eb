using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A lease used for leader election and heartbeats (<c>coordination.k8s.io/v1 Lease</c>).</summary>
public sealed record Lease : KubeObjectWithSpec<LeaseSpec>
{
    /// <summary>Creates an empty Lease with apiVersion and kind set.</summary>
    public Lease() { ApiVersion = "coordination.k8s.io/v1"; Kind = "Lease"; }
}

/// <summary>The spec of a lease.</summary>
public sealed record LeaseSpec
{
    /// <summary>The current holder.</summary>
    public string? HolderIdentity { get; init; }
    /// <summary>Seconds candidates wait before taking over.</summary>
    public int? LeaseDurationSeconds { get; init; }
    /// <summary>When the lease was acquired.</summary>
    public MicroTime? AcquireTime { get; init; }
    /// <summary>When the holder last renewed.</summary>
    public MicroTime? RenewTime { get; init; }
    /// <summary>Number of holder changes.</summary>
    public int? LeaseTransitions { get; init; }
    /// <summary>Coordinated leader election strategy.</summary>
    public string? Strategy { get; init; }
    /// <summary>Preferred holder for coordinated election.</summary>
    public string? PreferredHolder { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
