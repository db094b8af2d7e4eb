using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Grants a role within a namespace (<c>rbac.authorization.k8s.io/v1 RoleBinding</c>).</summary>
public sealed record RoleBinding : KubeObject
{
    /// <summary>Creates an empty RoleBinding with apiVersion and kind set.</summary>
    public RoleBinding() { ApiVersion = "rbac.authorization.k8s.io/v1"; Kind = "RoleBinding"; }
    /// <summary>Who is granted the role.</summary>
    public IReadOnlyList<Subject>? Subjects { get; init; }
    /// <summary>The role granted.</summary>
    public RoleRef RoleRef { get; init; } = new();
}

/// <summary>A user, group or service account.</summary>
public sealed record Subject
{
    /// <summary><c>User</c>, <c>Group</c> or <c>ServiceAccount</c>.</summary>
    public string Kind { get; init; } = "";
    /// <summary>API group of the subject.</summary>
    public string? ApiGroup { get; init; }
    /// <summary>Name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Namespace, for service accounts.</summary>
    public string? Namespace { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference to a role.</summary>
public sealed record RoleRef
{
    /// <summary>API group of the role.</summary>
    public string ApiGroup { get; init; } = "";
    /// <summary><c>Role</c> or <c>ClusterRole</c>.</summary>
    public string Kind { get; init; } = "";
    /// <summary>Name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
