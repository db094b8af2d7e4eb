namespace KubeCore.Api;

/// <summary>A resource qualified by its API group, printed as Kubernetes does: <c>pods</c>, <c>deployments.apps</c>.</summary>
/// <param name="Group">The API group ("" for core).</param>
/// <param name="Resource">The plural resource name.</param>
public readonly record struct GroupResource(string Group, string Resource)
{
    /// <summary><c>resource</c> or <c>resource.group</c>.</summary>
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}

/// <summary>A kind qualified by its API group, printed as Kubernetes does: <c>Pod</c>, <c>Deployment.apps</c>.</summary>
/// <param name="Group">The API group ("" for core).</param>
/// <param name="Kind">The kind.</param>
public readonly record struct GroupKind(string Group, string Kind)
{
    /// <summary><c>Kind</c> or <c>Kind.group</c>.</summary>
    public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}

/// <summary>A group, version and kind.</summary>
/// <param name="Group">The API group ("" for core).</param>
/// <param name="Version">The version, e.g. <c>v1</c>.</param>
/// <param name="Kind">The kind.</param>
public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The <c>apiVersion</c> string: <c>v1</c> or <c>apps/v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Parses an apiVersion and kind.</summary>
    public static GroupVersionKind FromApiVersion(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new("", apiVersion, kind) : new(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    /// <summary>The group and kind.</summary>
    public GroupKind GroupKind => new(Group, Kind);

    /// <summary><c>apps/v1, Kind=Deployment</c>.</summary>
    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}
