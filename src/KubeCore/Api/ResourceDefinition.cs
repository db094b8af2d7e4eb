namespace KubeCore.Api;

/// <summary>
/// Everything the API layer and discovery know about one resource: its kind and plural name, group/version, scope,
/// short names, categories, subresources and verbs, the CLR type that models it, and its <see cref="ResourceStrategy"/>.
/// </summary>
public sealed record ResourceDefinition
{
    /// <summary>The API group ("" for the core group).</summary>
    public required string Group { get; init; }

    /// <summary>The version served, e.g. <c>v1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The kind, e.g. <c>Deployment</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The plural resource name used in URLs, e.g. <c>deployments</c>.</summary>
    public required string Plural { get; init; }

    /// <summary>The singular name, e.g. <c>deployment</c>.</summary>
    public string Singular { get; init; } = "";

    /// <summary>Whether objects live in a namespace (false: cluster-scoped).</summary>
    public required bool Namespaced { get; init; }

    /// <summary>Short names accepted by kubectl, e.g. <c>deploy</c>.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Categories the resource belongs to, e.g. <c>all</c>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Subresources served, e.g. <c>status</c>, <c>scale</c>, <c>log</c>.</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];

    /// <summary>Verbs served on the resource itself.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = StandardVerbs;

    /// <summary>The CLR type that models the kind (<see cref="Models.GenericObject"/> for unmodelled kinds).</summary>
    public required Type ClrType { get; init; }

    /// <summary>Per-kind behaviour: defaulting, validation, status handling, field selectors.</summary>
    public ResourceStrategy Strategy { get; init; } = ResourceStrategy.Default;

    /// <summary>The verbs of an ordinary resource.</summary>
    public static IReadOnlyList<string> StandardVerbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The <c>apiVersion</c> string, e.g. <c>apps/v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The kind of lists of this resource, e.g. <c>DeploymentList</c> (by default the kind plus <c>List</c>; a CRD may name its own).</summary>
    public string ListKind
    {
        get => _listKind ?? Kind + "List";
        init => _listKind = string.IsNullOrEmpty(value) ? null : value;
    }

    private readonly string? _listKind;

    /// <summary>The group-qualified resource, e.g. <c>deployments.apps</c>.</summary>
    public GroupResource GroupResource => new(Group, Plural);

    /// <summary>The group-qualified kind, e.g. <c>Deployment.apps</c>.</summary>
    public GroupKind GroupKind => new(Group, Kind);

    /// <summary>The storage key prefix of every object of this resource, e.g. <c>/registry/deployments/</c>.</summary>
    public string KeyPrefix => _keyPrefix ??= IsBuiltInGroup(Group) ? $"/registry/{Plural}/" : $"/registry/{Group}/{Plural}/";

    /// <summary>Whether the resource serves a subresource.</summary>
    public bool HasSubresource(string name) => Subresources.Contains(name, StringComparer.Ordinal);

    /// <summary>The storage key of one object.</summary>
    public string KeyFor(string? @namespace, string name) =>
        Namespaced ? string.Concat(KeyPrefix, @namespace, "/", name) : string.Concat(KeyPrefix, name);

    /// <summary>The storage key prefix of every object of this resource in one namespace (all, when null or cluster-scoped).</summary>
    public string KeyPrefixFor(string? @namespace) =>
        Namespaced && !string.IsNullOrEmpty(@namespace) ? string.Concat(KeyPrefix, @namespace, "/") : KeyPrefix;

    private string? _keyPrefix;

    private static bool IsBuiltInGroup(string group) =>
        group.Length == 0 || !group.Contains('.', StringComparison.Ordinal) || group.EndsWith(".k8s.io", StringComparison.Ordinal);
}
