namespace KubeCore.ApiServer.Routing;

/// <summary>
/// What a request path names, parsed as kube-apiserver's request-info factory does:
/// <c>/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]</c> and the same under <c>/apis/{group}/{version}</c>.
/// </summary>
internal sealed record RequestInfo
{
    /// <summary>The API group ("" for the core group).</summary>
    public required string Group { get; init; }

    /// <summary>The API version.</summary>
    public required string Version { get; init; }

    /// <summary>The namespace from the path, or null.</summary>
    public string? Namespace { get; init; }

    /// <summary>The resource's plural name.</summary>
    public required string Resource { get; init; }

    /// <summary>The object's name, or null for a collection.</summary>
    public string? Name { get; init; }

    /// <summary>The subresource ("" for none).</summary>
    public string Subresource { get; init; } = "";

    /// <summary>The subresources of a namespace that kube-apiserver does not read as a resource in that namespace.</summary>
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    /// <summary>Parses a resource path, or returns null when the path is not a resource request.</summary>
    public static RequestInfo? Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        string group, version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else return null;

        var segments = parts.AsSpan(rest);
        if (segments.Length == 0 || segments.IndexOf("") >= 0) return null;
        string? ns = null;
        if (segments[0] == "namespaces" && segments.Length > 1 && !(segments.Length > 2 && NamespaceSubresources.Contains(segments[2]) && segments.Length == 3))
        {
            // /namespaces/{ns} is the namespace itself; /namespaces/{ns}/{resource}... is a namespaced resource.
            if (segments.Length > 2)
            {
                ns = segments[1];
                segments = segments[2..];
            }
        }
        if (segments.Length > 3) return null;
        return new RequestInfo
        {
            Group = group,
            Version = version,
            Namespace = ns,
            Resource = segments[0],
            Name = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : null,
            Subresource = segments.Length > 2 ? segments[2] : "",
        };
    }
}
