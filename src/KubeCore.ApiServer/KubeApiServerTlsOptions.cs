using System.Security.Cryptography.X509Certificates;
using KubeCore.ApiServer.Security;

namespace KubeCore.ApiServer;

/// <summary>
/// HTTPS for the API server. With neither a CA nor a certificate given, the server generates a CA and a serving
/// certificate for <see cref="HostNames"/>; read the CA back from <see cref="KubeApiServer.CertificateAuthority"/> to
/// write kubeconfigs and issue client certificates.
/// </summary>
public sealed class KubeApiServerTlsOptions
{
    /// <summary>The CA that signs the serving certificate (when <see cref="ServerCertificate"/> is not given) and whose client certificates authenticate.</summary>
    public KubeCertificateAuthority? CertificateAuthority { get; set; }

    /// <summary>A serving certificate of your own, with its private key; issued by <see cref="CertificateAuthority"/> when null.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>The names a generated serving certificate is valid for (IP addresses become IP SANs).</summary>
    public IList<string> HostNames { get; } = new List<string>
    {
        "127.0.0.1", "::1", "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
    };
}
