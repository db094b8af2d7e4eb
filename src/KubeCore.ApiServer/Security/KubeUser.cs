namespace KubeCore.ApiServer.Security;

/// <summary>
/// Who a request is from, as kube-apiserver's authenticators report it: a user name, its groups, and optionally a uid
/// and extra attributes. Authenticated users carry <c>system:authenticated</c>; the anonymous user is
/// <c>system:anonymous</c> in <c>system:unauthenticated</c>.
/// </summary>
/// <param name="Name">The user name, e.g. <c>jane</c> or <c>system:serviceaccount:default:builder</c>.</param>
/// <param name="Groups">The groups the user is in, e.g. <c>system:masters</c>.</param>
public sealed record KubeUser(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The group whose members every authorizer allows everything (kube-apiserver's privileged group).</summary>
    public const string MastersGroup = "system:masters";

    /// <summary>The group every authenticated user is in.</summary>
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>The group of the anonymous user.</summary>
    public const string UnauthenticatedGroup = "system:unauthenticated";

    /// <summary>The name of the anonymous user.</summary>
    public const string AnonymousName = "system:anonymous";

    /// <summary>A stable identifier of the user, when the authenticator knows one.</summary>
    public string? Uid { get; init; }

    /// <summary>Extra attributes (e.g. scopes), as <c>userInfo.extra</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra { get; init; }

    /// <summary>The user of requests that carry no credentials when anonymous requests are enabled.</summary>
    public static KubeUser Anonymous { get; } = new(AnonymousName, [UnauthenticatedGroup]);

    /// <summary>The user of every request when authentication is off (plain HTTP, full access).</summary>
    public static KubeUser Unsecured { get; } = new("system:unsecured", [MastersGroup, AuthenticatedGroup]);

    /// <summary>This user with <c>system:authenticated</c> added, as kube-apiserver adds it to every authenticated user.</summary>
    internal KubeUser WithAuthenticatedGroup() =>
        Name == AnonymousName || Groups.Contains(AuthenticatedGroup) || Groups.Contains(UnauthenticatedGroup)
            ? this
            : this with { Groups = [.. Groups, AuthenticatedGroup] };
}
