using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A namespace (<c>v1 Namespace</c>).</summary>
public sealed record Namespace : KubeObject<NamespaceSpec, NamespaceStatus>
{
    /// <summary>Creates an empty namespace with apiVersion and kind set.</summary>
    public Namespace() { ApiVersion = "v1"; Kind = "Namespace"; }
}

/// <summary>The spec of a namespace.</summary>
public sealed record NamespaceSpec
{
    /// <summary>Finalizers that must be empty before the namespace is removed.</summary>
    public IReadOnlyList<string>? Finalizers { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The status of a namespace.</summary>
public sealed record NamespaceStatus
{
    /// <summary><c>Active</c> or <c>Terminating</c>.</summary>
    public string? Phase { get; init; }
    /// <summary>Observations of the namespace's state.</summary>
    public IReadOnlyList<NamespaceCondition>? Conditions { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A namespace condition.</summary>
public sealed record NamespaceCondition
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
