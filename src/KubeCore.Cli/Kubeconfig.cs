namespace KubeCore.Cli;

/// <summary>
/// Writes the kubeconfig <c>kubecore serve</c> hands to clients. Over plain HTTP it names a cluster with
/// <c>insecure-skip-tls-verify</c> and a context without a user: the shape kubectl, the C#, Python and JavaScript
/// clients all accept (a context naming an empty user makes the C# client refuse it). Over HTTPS the cluster carries
/// the CA (<c>certificate-authority-data</c>) and the context names a user with a client certificate or a token.
/// </summary>
internal static class Kubeconfig
{
    /// <summary>A kubeconfig user: a client certificate and key (PEM) or a bearer token.</summary>
    internal sealed record Credentials(string User, string? CertificatePem = null, string? KeyPem = null, string? Token = null);

    /// <summary>The kubeconfig text for a server at <paramref name="server"/>.</summary>
    public static string For(Uri server, string name = "kubecore", string? certificateAuthorityPem = null, Credentials? credentials = null)
    {
        var url = server.ToString().TrimEnd('/');
        static string B64(string pem) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem));
        var trust = certificateAuthorityPem is null ? "insecure-skip-tls-verify: true" : $"certificate-authority-data: {B64(certificateAuthorityPem)}";
        var contextUser = credentials is null ? "" : $"\n    user: {credentials.User}";
        var users = credentials switch
        {
            null => "users: []",
            { Token: { } token } => $"users:\n- name: {credentials.User}\n  user:\n    token: {token}",
            _ => $"users:\n- name: {credentials.User}\n  user:\n    client-certificate-data: {B64(credentials.CertificatePem!)}\n    client-key-data: {B64(credentials.KeyPem!)}",
        };
        return $"""
            apiVersion: v1
            kind: Config
            preferences: {"{}"}
            clusters:
            - name: {name}
              cluster:
                server: {url}
                {trust}
            contexts:
            - name: {name}
              context:
                cluster: {name}
                namespace: default{contextUser}
            current-context: {name}
            {users}

            """;
    }

    /// <summary>Writes the kubeconfig (readable by its owner only when it holds credentials), creating its folder.</summary>
    public static void Write(string path, Uri server, string? certificateAuthorityPem = null, Credentials? credentials = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "");
        if (credentials is not null && !OperatingSystem.IsWindows()) File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(full, For(server, certificateAuthorityPem: certificateAuthorityPem, credentials: credentials));
    }
}
