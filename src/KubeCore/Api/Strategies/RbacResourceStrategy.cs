using KubeCore.Validation;

namespace KubeCore.Api.Strategies;

/// <summary>
/// Roles, ClusterRoles and their bindings: names are path segments (<c>ValidateRBACName</c>), so the bootstrap
/// policy's <c>system:discovery</c> and <c>system:basic-user</c> are valid names.
/// </summary>
public class RbacResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static RbacResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override Func<string, bool, IReadOnlyList<string>> NameValidator => static (name, prefix) =>
        prefix ? Formats.PathSegmentErrors(name.Replace(".", "x", StringComparison.Ordinal)) : Formats.PathSegmentErrors(name);
}
