using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A reference to another object (<c>core/v1 ObjectReference</c>).</summary>
public sealed record ObjectReference
{
    /// <summary>Kind of the referent.</summary>
    public string? Kind { get; init; }
    /// <summary>Namespace of the referent.</summary>
    public string? Namespace { get; init; }
    /// <summary>Name of the referent.</summary>
    public string? Name { get; init; }
    /// <summary>UID of the referent.</summary>
    public string? Uid { get; init; }
    /// <summary>API version of the referent.</summary>
    public string? ApiVersion { get; init; }
    /// <summary>Resource version of the referent.</summary>
    public string? ResourceVersion { get; init; }
    /// <summary>A field within the referent, e.g. <c>spec.containers{web}</c>.</summary>
    public string? FieldPath { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference to an object by name in the same namespace (<c>LocalObjectReference</c>).</summary>
public sealed record LocalObjectReference
{
    /// <summary>Name of the referent.</summary>
    public string? Name { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference to a typed object in the same namespace (<c>TypedLocalObjectReference</c>).</summary>
public sealed record TypedLocalObjectReference
{
    /// <summary>API group of the referent; empty for the core group.</summary>
    public string? ApiGroup { get; init; }
    /// <summary>Kind of the referent.</summary>
    public string Kind { get; init; } = "";
    /// <summary>Name of the referent.</summary>
    public string Name { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
