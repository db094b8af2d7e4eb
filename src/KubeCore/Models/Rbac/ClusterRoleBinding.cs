using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Grants a cluster role cluster-wide (<c>rbac.authorization.k8s.io/v1 ClusterRoleBinding</c>).</summary>
public sealed record ClusterRoleBinding : KubeObject
{
    /// <summary>Creates an empty ClusterRoleBinding with apiVersion and kind set.</summary>
    public ClusterRoleBinding() { ApiVersion = "rbac.authorization.k8s.io/v1"; Kind = "ClusterRoleBinding"; }
    /// <summary>Who is granted the role.</summary>
    public IReadOnlyList<Subject>? Subjects { get; init; }
    /// <summary>The role granted.</summary>
    public RoleRef RoleRef { get; init; } = new();
}
