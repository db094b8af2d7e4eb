using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeCore.ApiServer.Security;

/// <summary>
/// A certificate authority for a KubeCore API server: it signs the server's serving certificate and the client
/// certificates users authenticate with (the subject's CN is the user name, each O a group, as kube-apiserver reads
/// them). Keys are ECDSA P-256 and live only in memory.
/// </summary>
/// <remarks>
/// Certificates are dated by <see cref="TimeProvider.System"/> unless told otherwise: the clients that check them
/// (kubectl, the official clients) compare against the machine's real clock, not a cluster's virtual one.
/// </remarks>
public sealed class KubeCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly TimeProvider _time;

    private KubeCertificateAuthority(X509Certificate2 certificate, TimeProvider time)
    {
        Certificate = certificate;
        _time = time;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM, as a kubeconfig's <c>certificate-authority-data</c> carries it (base64 of this).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>How long issued certificates stay valid.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Generates a new self-signed CA.</summary>
    /// <param name="commonName">The CA's subject CN.</param>
    /// <param name="timeProvider">The clock that dates certificates; the system clock by default.</param>
    public static KubeCertificateAuthority Create(string commonName = "kubecore-ca", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        var time = timeProvider ?? TimeProvider.System;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
        return new KubeCertificateAuthority(Reload(certificate), time);
    }

    /// <summary>Uses an existing CA certificate, which must carry its private key.</summary>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    public static KubeCertificateAuthority FromCertificate(X509Certificate2 certificate, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("the CA certificate must include its private key", nameof(certificate));
        return new KubeCertificateAuthority(certificate, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Issues a serving certificate for <paramref name="hostNames"/> (IP addresses become IP SANs, the rest DNS SANs),
    /// e.g. <c>127.0.0.1</c>, <c>localhost</c>, <c>kubernetes.default.svc</c>.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> hostNames)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        var names = hostNames.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0) throw new ArgumentException("a server certificate needs at least one host name", nameof(hostNames));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(name);
        }
        return Issue("CN=kube-apiserver", ServerAuth, san.Build());
    }

    /// <summary>
    /// Issues a client certificate for <paramref name="user"/> in <paramref name="groups"/>: kube-apiserver's x509
    /// authenticator reads the subject's CN as the user name and each O as a group (<c>system:masters</c> grants all).
    /// </summary>
    public X509Certificate2 IssueClientCertificate(string user, IEnumerable<string>? groups = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        var subject = string.Join(", ", (groups ?? []).Select(g => $"O={Escape(g)}").Append($"CN={Escape(user)}"));
        return Issue(subject, ClientAuth, null);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA, is in date and is meant for client authentication.</summary>
    public bool IsValidClientCertificate(X509Certificate2 certificate) => Verify(certificate, ClientAuth, [Certificate], _time);

    /// <summary>The PEM of a certificate's private key (PKCS#8), as a kubeconfig's <c>client-key-data</c> carries it.</summary>
    /// <exception cref="ArgumentException">The certificate has no exportable ECDSA or RSA private key.</exception>
    public static string ExportPrivateKeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.GetECDsaPrivateKey() is { } ec) using (ec) return ec.ExportPkcs8PrivateKeyPem();
        if (certificate.GetRSAPrivateKey() is { } rsa) using (rsa) return rsa.ExportPkcs8PrivateKeyPem();
        throw new ArgumentException("the certificate has no exportable private key", nameof(certificate));
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();

    internal static bool Verify(X509Certificate2 certificate, Oid usage, IEnumerable<X509Certificate2> roots, TimeProvider time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var root in roots) chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        return chain.Build(certificate);
    }

    internal static Oid ClientAuthUsage => ClientAuth;

    private X509Certificate2 Issue(string subject, Oid usage, X509Extension? subjectAlternativeNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (subjectAlternativeNames is not null) request.CertificateExtensions.Add(subjectAlternativeNames);
        var now = _time.GetUtcNow();
        var notAfter = now + Validity;
        if (notAfter > Certificate.NotAfter.ToUniversalTime()) notAfter = Certificate.NotAfter.ToUniversalTime();
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f; // a positive serial number
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>A PKCS#12 round trip: a certificate whose key outlives the ECDsa object that made it (SslStream needs that).</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);

    /// <summary>Quotes an RDN value when it holds characters X.500 names treat specially.</summary>
    private static string Escape(string value) =>
        value.IndexOfAny([',', '+', '"', '\\', '<', '>', ';', '=', '#']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
