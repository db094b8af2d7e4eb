using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>The scale subresource of a workload (<c>autoscaling/v1 Scale</c>).</summary>
public sealed record Scale : KubeObject<ScaleSpec, ScaleStatus>
{
    /// <summary>Creates an empty Scale with apiVersion and kind set.</summary>
    public Scale() { ApiVersion = "autoscaling/v1"; Kind = "Scale"; }
}

/// <summary>The desired scale.</summary>
public sealed record ScaleSpec
{
    /// <summary>Desired replicas.</summary>
    public int? Replicas { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed scale.</summary>
public sealed record ScaleStatus
{
    /// <summary>Actual replicas.</summary>
    public int Replicas { get; init; }
    /// <summary>Label selector of the pods, in string form.</summary>
    public string? Selector { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
