using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.ApiServer.Security;

/// <summary>
/// Role-based access control over the cluster's own <c>rbac.authorization.k8s.io/v1</c> objects, evaluated as
/// kube-apiserver's RBAC authorizer does: ClusterRoleBindings first, then the RoleBindings of the request's namespace;
/// the first rule that allows wins, and nothing denies (an unmatched request gets no opinion, so it is forbidden).
/// Bindings take effect on the next request: the store is read per decision.
/// </summary>
public sealed class RbacAuthorizer : IKubeAuthorizer
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private readonly KubeApi _api;
    private readonly ResourceDefinition _roles, _clusterRoles, _roleBindings, _clusterRoleBindings;

    /// <summary>Creates an authorizer over <paramref name="api"/>'s roles and bindings.</summary>
    public RbacAuthorizer(KubeApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        _roles = Resource(api, "roles");
        _clusterRoles = Resource(api, "clusterroles");
        _roleBindings = Resource(api, "rolebindings");
        _clusterRoleBindings = Resource(api, "clusterrolebindings");
    }

    /// <inheritdoc />
    public async ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var errors = new List<string>();
        foreach (var item in (await _api.ListAsync(_clusterRoleBindings, null, null, cancellationToken).ConfigureAwait(false)).Items)
        {
            if (item is not ClusterRoleBinding binding || AppliesTo(attributes.User, binding.Subjects, "") is not { } subject) continue;
            var rules = await RulesAsync(binding.RoleRef, "", errors, cancellationToken).ConfigureAwait(false);
            if (rules.Any(r => RuleAllows(attributes, r)))
                return AuthorizationDecision.Allow($"RBAC: allowed by ClusterRoleBinding \"{binding.Metadata.Name}\" of {binding.RoleRef.Kind} \"{binding.RoleRef.Name}\" to {Describe(subject, "")}");
        }
        if (attributes.Namespace.Length > 0)
        {
            foreach (var item in (await _api.ListAsync(_roleBindings, attributes.Namespace, null, cancellationToken).ConfigureAwait(false)).Items)
            {
                if (item is not RoleBinding binding || AppliesTo(attributes.User, binding.Subjects, attributes.Namespace) is not { } subject) continue;
                var rules = await RulesAsync(binding.RoleRef, attributes.Namespace, errors, cancellationToken).ConfigureAwait(false);
                if (rules.Any(r => RuleAllows(attributes, r)))
                    return AuthorizationDecision.Allow($"RBAC: allowed by RoleBinding \"{binding.Metadata.Name}/{binding.Metadata.Namespace}\" of {binding.RoleRef.Kind} \"{binding.RoleRef.Name}\" to {Describe(subject, attributes.Namespace)}");
            }
        }
        return AuthorizationDecision.NoOpinion(errors.Count == 0 ? "" : "RBAC: " + (errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]"));
    }

    /// <summary>Whether <paramref name="rule"/> allows the request (verb, API group, resource/subresource, name; or verb and path).</summary>
    public static bool RuleAllows(AuthorizationAttributes attributes, PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(rule);
        if (!Has(rule.Verbs, attributes.Verb)) return false;
        if (!attributes.IsResourceRequest)
            return rule.NonResourceURLs?.Any(u => u == "*" || u == attributes.Path || (u.EndsWith('*') && attributes.Path.StartsWith(u[..^1], StringComparison.Ordinal))) == true;
        if (!Has(rule.ApiGroups, attributes.ApiGroup)) return false;
        var combined = attributes.Subresource.Length > 0 ? attributes.Resource + "/" + attributes.Subresource : attributes.Resource;
        var resourceMatches = rule.Resources?.Any(r => r == "*" || r == combined
            || (attributes.Subresource.Length > 0 && r.Length == attributes.Subresource.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(attributes.Subresource, StringComparison.Ordinal))) == true;
        if (!resourceMatches) return false;
        return rule.ResourceNames is not { Count: > 0 } names || names.Contains(attributes.Name);
    }

    /// <summary>
    /// The bootstrap roles and bindings kube-apiserver creates at start (the subset a small cluster needs):
    /// <c>cluster-admin</c> for <c>system:masters</c>, <c>system:discovery</c> and <c>system:basic-user</c> for every
    /// authenticated user, <c>system:public-info-viewer</c> for everyone.
    /// </summary>
    public static IReadOnlyList<KubeObject> BootstrapPolicy { get; } = CreateBootstrapPolicy();

    /// <summary>Creates the <see cref="BootstrapPolicy"/> objects that do not exist yet.</summary>
    public static async Task EnsureBootstrapPolicyAsync(KubeApi api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var obj in BootstrapPolicy)
        {
            var resource = Resource(api, obj is ClusterRole ? "clusterroles" : "clusterrolebindings");
            try { await api.CreateAsync(resource, null, obj, new CreateOptions(), cancellationToken).ConfigureAwait(false); }
            catch (AlreadyExistsException) { }
        }
    }

    private async ValueTask<IReadOnlyList<PolicyRule>> RulesAsync(RoleRef roleRef, string bindingNamespace, List<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            switch (roleRef.Kind)
            {
                case "Role" when bindingNamespace.Length > 0:
                    return (await _api.GetAsync(_roles, bindingNamespace, roleRef.Name, new GetOptions(), cancellationToken).ConfigureAwait(false) as Role)?.Rules ?? [];
                case "ClusterRole":
                    return (await _api.GetAsync(_clusterRoles, null, roleRef.Name, new GetOptions(), cancellationToken).ConfigureAwait(false) as ClusterRole)?.Rules ?? [];
                default:
                    errors.Add($"unsupported role reference kind: \"{roleRef.Kind}\"");
                    return [];
            }
        }
        catch (NotFoundException e)
        {
            errors.Add(e.Message);
            return [];
        }
    }

    private static Subject? AppliesTo(KubeUser user, IReadOnlyList<Subject>? subjects, string bindingNamespace)
    {
        foreach (var s in subjects ?? [])
        {
            var applies = s.Kind switch
            {
                "User" => user.Name == s.Name,
                "Group" => user.Groups.Contains(s.Name),
                "ServiceAccount" => (string.IsNullOrEmpty(s.Namespace) ? bindingNamespace : s.Namespace) is { Length: > 0 } ns
                    && user.Name == $"system:serviceaccount:{ns}:{s.Name}",
                _ => false,
            };
            if (applies) return s;
        }
        return null;
    }

    private static string Describe(Subject s, string bindingNamespace) => s.Kind == "ServiceAccount"
        ? $"{s.Kind} \"{s.Name}/{(string.IsNullOrEmpty(s.Namespace) ? bindingNamespace : s.Namespace)}\""
        : $"{s.Kind} \"{s.Name}\"";

    private static bool Has(IReadOnlyList<string>? values, string value) => values is not null && (values.Contains("*") || values.Contains(value));

    private static ResourceDefinition Resource(KubeApi api, string plural) =>
        api.Registry.TryGetByResource(RbacGroup, plural, out var d) ? d : throw new InvalidOperationException($"{plural}.{RbacGroup} is not registered");

    private static List<KubeObject> CreateBootstrapPolicy()
    {
        var labels = new Dictionary<string, string> { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        var annotations = new Dictionary<string, string> { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" };
        ObjectMeta Meta(string name) => new() { Name = name, Labels = labels, Annotations = annotations };
        ClusterRole Role(string name, params PolicyRule[] rules) => new() { Metadata = Meta(name), Rules = rules };
        ClusterRoleBinding Binding(string name, params string[] groups) => new()
        {
            Metadata = Meta(name),
            RoleRef = new RoleRef { ApiGroup = RbacGroup, Kind = "ClusterRole", Name = name },
            Subjects = [.. groups.Select(g => new Subject { ApiGroup = RbacGroup, Kind = "Group", Name = g })],
        };
        string[] info = ["/healthz", "/livez", "/readyz", "/version", "/version/"];
        return
        [
            Role("cluster-admin",
                new PolicyRule { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] },
                new PolicyRule { Verbs = ["*"], NonResourceURLs = ["*"] }),
            Role("system:discovery", new PolicyRule { Verbs = ["get"], NonResourceURLs = ["/api", "/api/*", "/apis", "/apis/*", .. info, "/openapi", "/openapi/*"] }),
            Role("system:basic-user",
                new PolicyRule { Verbs = ["create"], ApiGroups = ["authentication.k8s.io"], Resources = ["selfsubjectreviews"] },
                new PolicyRule { Verbs = ["create"], ApiGroups = ["authorization.k8s.io"], Resources = ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] }),
            Role("system:public-info-viewer", new PolicyRule { Verbs = ["get"], NonResourceURLs = info }),
            Binding("cluster-admin", KubeUser.MastersGroup),
            Binding("system:discovery", KubeUser.AuthenticatedGroup),
            Binding("system:basic-user", KubeUser.AuthenticatedGroup),
            Binding("system:public-info-viewer", KubeUser.AuthenticatedGroup, KubeUser.UnauthenticatedGroup),
        ];
    }
}
