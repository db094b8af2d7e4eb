using System.Security.Cryptography.X509Certificates;
using KubeCore.Api;
using KubeCore.ApiServer.Routing;
using KubeCore.Models;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Security;

/// <summary>
/// Authentication and authorization of one request, in kube-apiserver's order: authenticate (client certificate, then
/// bearer token, then anonymous), answer 401 when that fails, then authorize the request's attributes and answer
/// 403 with kube-apiserver's wording when the authorizer does not allow.
/// </summary>
internal sealed class RequestSecurity
{
    private const string UserKey = "KubeCore.ApiServer.User";
    private readonly KubeAuthenticationOptions? _authentication;
    private readonly IReadOnlyList<X509Certificate2> _clientRoots;
    private readonly TimeProvider _time;
    private readonly Lazy<Task>? _bootstrap;

    public RequestSecurity(KubeCluster cluster, KubeApiServerOptions options, KubeCertificateAuthority? certificateAuthority)
    {
        _authentication = options.Authentication;
        _clientRoots = [.. new[] { certificateAuthority?.Certificate ?? options.Tls?.CertificateAuthority?.Certificate }.OfType<X509Certificate2>(),
            .. options.Authentication?.ClientCertificateAuthorities ?? []];
        _time = TimeProvider.System; // certificates are dated by real clocks, whatever the cluster's clock says
        if (_authentication is null)
        {
            Authorizer = AlwaysAllowAuthorizer.Instance;
            return;
        }
        if (options.Authorizer is { } custom) Authorizer = custom;
        else
        {
            Authorizer = new RbacAuthorizer(cluster.Api);
            _bootstrap = new Lazy<Task>(() => RbacAuthorizer.EnsureBootstrapPolicyAsync(cluster.Api));
        }
    }

    /// <summary>Whether requests are authenticated and authorized at all.</summary>
    public bool Enabled => _authentication is not null;

    /// <summary>The authorizer consulted after the <c>system:masters</c> check.</summary>
    public IKubeAuthorizer Authorizer { get; }

    /// <summary>Creates the bootstrap RBAC policy once, before the first decision.</summary>
    public Task InitializeAsync() => _bootstrap?.Value ?? Task.CompletedTask;

    /// <summary>The user of an authenticated request.</summary>
    public static KubeUser UserOf(HttpContext context) => context.Items[UserKey] as KubeUser ?? KubeUser.Unsecured;

    /// <summary>
    /// Authenticates and authorizes the request; returns the failure Status (401 or 403) or null to go on.
    /// </summary>
    public async ValueTask<Status?> CheckAsync(HttpContext context)
    {
        if (_authentication is null) return null;
        await InitializeAsync().ConfigureAwait(false);
        if (Authenticate(context) is not { } user) return Unauthorized();
        context.Items[UserKey] = user;
        var attributes = Attributes(context, user);
        var decision = await DecideAsync(attributes, context.RequestAborted).ConfigureAwait(false);
        return decision.Allowed ? null : Forbidden(attributes, decision.Reason);
    }

    /// <summary>Asks the authorizer, after letting <c>system:masters</c> through as kube-apiserver's privileged-group authorizer does.</summary>
    public async ValueTask<AuthorizationDecision> DecideAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        if (attributes.User.Groups.Contains(KubeUser.MastersGroup)) return AuthorizationDecision.Allow();
        await InitializeAsync().ConfigureAwait(false);
        return await Authorizer.AuthorizeAsync(attributes, cancellationToken).ConfigureAwait(false);
    }

    private KubeUser? Authenticate(HttpContext context)
    {
        var failed = false;
        if (_authentication!.ClientCertificates && context.Connection.ClientCertificate is { } certificate)
        {
            if (_clientRoots.Count > 0 && KubeCertificateAuthority.Verify(certificate, KubeCertificateAuthority.ClientAuthUsage, _clientRoots, _time)
                && UserFromCertificate(certificate) is { } user)
                return user.WithAuthenticatedGroup();
            failed = true;
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization[7..].Trim() is { Length: > 0 } token)
        {
            if (_authentication.Tokens.TryGetValue(token, out var user)) return user.WithAuthenticatedGroup();
            failed = true;
        }
        if (failed) return null;
        return _authentication.Anonymous ? KubeUser.Anonymous : null;
    }

    /// <summary>CN is the user name, every O a group (kube-apiserver's x509 CommonNameUserConversion).</summary>
    private static KubeUser? UserFromCertificate(X509Certificate2 certificate)
    {
        string? name = null;
        var groups = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            var value = rdn.GetSingleElementValue();
            switch (rdn.GetSingleElementType().Value)
            {
                case "2.5.4.3": name = value; break;
                case "2.5.4.10" when value is not null: groups.Add(value); break;
            }
        }
        return string.IsNullOrEmpty(name) ? null : new KubeUser(name, groups);
    }

    /// <summary>The request's attributes, as kube-apiserver's RequestInfoFactory derives them.</summary>
    public static AuthorizationAttributes Attributes(HttpContext context, KubeUser user)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        if (RequestInfo.Parse(path.Length > 1 ? path.TrimEnd('/') : path) is not { } info)
            return new AuthorizationAttributes { User = user, Verb = method.ToLowerInvariant(), Path = path };
        var name = info.Name ?? "";
        string verb;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            verb = "get";
            if (name.Length == 0)
            {
                var watch = context.Request.Query["watch"].ToString();
                verb = watch is "true" or "1" or "True" ? "watch" : "list";
                name = NameFromFieldSelector(context.Request.Query["fieldSelector"].ToString()) ?? "";
            }
        }
        else if (HttpMethods.IsPost(method)) verb = "create";
        else if (HttpMethods.IsPut(method)) verb = "update";
        else if (HttpMethods.IsPatch(method)) verb = "patch";
        else if (HttpMethods.IsDelete(method)) verb = name.Length == 0 ? "deletecollection" : "delete";
        else verb = "";
        return new AuthorizationAttributes
        {
            User = user,
            Verb = verb,
            IsResourceRequest = true,
            Path = path,
            // A namespace's own requests (/api/v1/namespaces/x, .../x/status) are in the namespace they name.
            Namespace = info.Namespace ?? (info.Resource == "namespaces" && info.Name is not null ? info.Name : ""),
            ApiGroup = info.Group,
            ApiVersion = info.Version,
            Resource = info.Resource,
            Subresource = info.Subresource,
            Name = name,
        };
    }

    private static string? NameFromFieldSelector(string selector)
    {
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (term.StartsWith("metadata.name==", StringComparison.Ordinal)) return term["metadata.name==".Length..];
            if (term.StartsWith("metadata.name=", StringComparison.Ordinal)) return term["metadata.name=".Length..];
        }
        return null;
    }

    /// <summary>kube-apiserver's 401 body.</summary>
    public static Status Unauthorized() => new()
    {
        StatusValue = Status.Failure, Code = StatusCodes.Status401Unauthorized, Reason = StatusReasons.Unauthorized, Message = "Unauthorized",
    };

    /// <summary>kube-apiserver's 403 body: <c>pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"</c>.</summary>
    public static Status Forbidden(AuthorizationAttributes a, string reason)
    {
        string message;
        StatusDetails details;
        if (!a.IsResourceRequest)
        {
            message = $"forbidden: User \"{a.User.Name}\" cannot {a.Verb} path \"{a.Path}\"";
            details = new StatusDetails();
        }
        else
        {
            var resource = a.Subresource.Length > 0 ? a.Resource + "/" + a.Subresource : a.Resource;
            var scope = a.Namespace.Length > 0 ? $"in the namespace \"{a.Namespace}\"" : "at the cluster scope";
            var why = $"User \"{a.User.Name}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" {scope}";
            var qualified = a.ApiGroup.Length > 0 ? $"{a.Resource}.{a.ApiGroup}" : a.Resource;
            message = a.Name.Length > 0 ? $"{qualified} \"{a.Name}\" is forbidden: {why}" : $"{qualified} is forbidden: {why}";
            details = new StatusDetails { Name = a.Name.Length > 0 ? a.Name : null, Group = a.ApiGroup, Kind = a.Resource };
        }
        if (reason.Length > 0) message += ": " + reason;
        // kube-apiserver keeps the message from looking like HTML.
        message = message.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        return new Status { StatusValue = Status.Failure, Code = StatusCodes.Status403Forbidden, Reason = StatusReasons.Forbidden, Message = message, Details = details };
    }
}
