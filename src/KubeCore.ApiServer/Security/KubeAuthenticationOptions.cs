using System.Security.Cryptography.X509Certificates;

namespace KubeCore.ApiServer.Security;

/// <summary>
/// How the API server authenticates requests once authentication is on (<see cref="KubeApiServerOptions.Authentication"/>
/// set): x509 client certificates signed by a trusted CA (CN = user, O = groups), static bearer tokens, and optionally
/// anonymous requests. A request whose credential fails, or that has none while anonymous requests are off, gets
/// 401 Unauthorized.
/// </summary>
public sealed class KubeAuthenticationOptions
{
    /// <summary>Bearer tokens and the users they authenticate (kube-apiserver's <c>--token-auth-file</c>).</summary>
    public IDictionary<string, KubeUser> Tokens { get; } = new Dictionary<string, KubeUser>(StringComparer.Ordinal);

    /// <summary>Whether client certificates authenticate (over HTTPS). On by default.</summary>
    public bool ClientCertificates { get; set; } = true;

    /// <summary>
    /// CAs whose client certificates are trusted, besides <see cref="KubeApiServerTlsOptions.CertificateAuthority"/>
    /// (kube-apiserver's <c>--client-ca-file</c>).
    /// </summary>
    public IList<X509Certificate2> ClientCertificateAuthorities { get; } = new List<X509Certificate2>();

    /// <summary>
    /// Whether requests without credentials run as <c>system:anonymous</c> in <c>system:unauthenticated</c>
    /// (kube-apiserver's <c>--anonymous-auth</c>); off by default.
    /// </summary>
    public bool Anonymous { get; set; }
}
