using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Namespaced permissions (<c>rbac.authorization.k8s.io/v1 Role</c>).</summary>
public sealed record Role : KubeObject
{
    /// <summary>Creates an empty Role with apiVersion and kind set.</summary>
    public Role() { ApiVersion = "rbac.authorization.k8s.io/v1"; Kind = "Role"; }
    /// <summary>The permissions.</summary>
    public IReadOnlyList<PolicyRule>? Rules { get; init; }
}

/// <summary>A set of permitted verbs on resources.</summary>
public sealed record PolicyRule
{
    /// <summary>Verbs, e.g. <c>get</c>, or <c>*</c>.</summary>
    public IReadOnlyList<string>? Verbs { get; init; }
    /// <summary>API groups.</summary>
    public IReadOnlyList<string>? ApiGroups { get; init; }
    /// <summary>Resources.</summary>
    public IReadOnlyList<string>? Resources { get; init; }
    /// <summary>Resource names.</summary>
    public IReadOnlyList<string>? ResourceNames { get; init; }
    /// <summary>Non-resource URLs (cluster roles only).</summary>
    public IReadOnlyList<string>? NonResourceURLs { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
