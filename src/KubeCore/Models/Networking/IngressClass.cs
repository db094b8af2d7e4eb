using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A class of ingress controller (<c>networking.k8s.io/v1 IngressClass</c>).</summary>
public sealed record IngressClass : KubeObjectWithSpec<IngressClassSpec>
{
    /// <summary>Creates an empty IngressClass with apiVersion and kind set.</summary>
    public IngressClass() { ApiVersion = "networking.k8s.io/v1"; Kind = "IngressClass"; }
}

/// <summary>The spec of an ingress class.</summary>
public sealed record IngressClassSpec
{
    /// <summary>The controller name.</summary>
    public string? Controller { get; init; }
    /// <summary>Controller parameters.</summary>
    public IngressClassParametersReference? Parameters { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference to controller parameters.</summary>
public sealed record IngressClassParametersReference
{
    /// <summary>API group.</summary>
    public string? ApiGroup { get; init; }
    /// <summary>Kind.</summary>
    public string Kind { get; init; } = "";
    /// <summary>Name.</summary>
    public string Name { get; init; } = "";
    /// <summary><c>Cluster</c> or <c>Namespace</c>.</summary>
    public string? Scope { get; init; }
    /// <summary>Namespace, for namespace scope.</summary>
    public string? Namespace { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
