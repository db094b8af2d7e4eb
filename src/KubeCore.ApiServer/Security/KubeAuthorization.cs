namespace KubeCore.ApiServer.Security;

/// <summary>
/// Decides whether a request may proceed, as a kube-apiserver authorization mode does. Set one on
/// <see cref="KubeApiServerOptions.Authorizer"/> to replace the default <see cref="RbacAuthorizer"/>; members of
/// <c>system:masters</c> are allowed before any authorizer is asked.
/// </summary>
public interface IKubeAuthorizer
{
    /// <summary>Decides on one request (or one SelfSubjectAccessReview question).</summary>
    ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken);
}

/// <summary>What a request asks to do, as kube-apiserver's <c>authorizer.Attributes</c>.</summary>
public sealed record AuthorizationAttributes
{
    /// <summary>Who asks.</summary>
    public required KubeUser User { get; init; }

    /// <summary>
    /// The verb: <c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c> or
    /// <c>deletecollection</c> for resources; the lower-case HTTP method for other paths.
    /// </summary>
    public required string Verb { get; init; }

    /// <summary>Whether the request is for a resource (otherwise <see cref="Path"/> names a non-resource URL).</summary>
    public bool IsResourceRequest { get; init; }

    /// <summary>The request path (for non-resource requests).</summary>
    public string Path { get; init; } = "";

    /// <summary>The namespace ("" for cluster-scoped requests and requests across all namespaces).</summary>
    public string Namespace { get; init; } = "";

    /// <summary>The API group ("" for the core group).</summary>
    public string ApiGroup { get; init; } = "";

    /// <summary>The API version.</summary>
    public string ApiVersion { get; init; } = "";

    /// <summary>The resource's plural name.</summary>
    public string Resource { get; init; } = "";

    /// <summary>The subresource ("" for none).</summary>
    public string Subresource { get; init; } = "";

    /// <summary>The object's name ("" for collections).</summary>
    public string Name { get; init; } = "";
}

/// <summary>An authorizer's answer.</summary>
/// <param name="Outcome">Allow, deny, or no opinion (which denies when no other authorizer allows).</param>
/// <param name="Reason">Why, e.g. <c>RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "jane"</c>.</param>
public sealed record AuthorizationDecision(AuthorizationOutcome Outcome, string Reason = "")
{
    /// <summary>Whether the request may proceed.</summary>
    public bool Allowed => Outcome == AuthorizationOutcome.Allow;

    /// <summary>An allow decision.</summary>
    public static AuthorizationDecision Allow(string reason = "") => new(AuthorizationOutcome.Allow, reason);

    /// <summary>An explicit deny.</summary>
    public static AuthorizationDecision Deny(string reason = "") => new(AuthorizationOutcome.Deny, reason);

    /// <summary>No opinion: the request is denied unless another authorizer allows it.</summary>
    public static AuthorizationDecision NoOpinion(string reason = "") => new(AuthorizationOutcome.NoOpinion, reason);
}

/// <summary>The outcome of an authorization decision.</summary>
public enum AuthorizationOutcome
{
    /// <summary>No opinion; denied unless another authorizer allows.</summary>
    NoOpinion,

    /// <summary>Allowed.</summary>
    Allow,

    /// <summary>Denied.</summary>
    Deny,
}

/// <summary>Allows every request (kube-apiserver's <c>AlwaysAllow</c> mode).</summary>
public sealed class AlwaysAllowAuthorizer : IKubeAuthorizer
{
    /// <summary>The one instance.</summary>
    public static AlwaysAllowAuthorizer Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AuthorizationDecision.Allow());
}
