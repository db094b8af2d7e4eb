namespace KubeCore.Cli;

/// <summary>
/// Writes the kubeconfig <c>kubecore serve</c> hands to clients. Over plain HTTP it names a cluster with
/// <c>insecure-skip-tls-verify</c> and a context without a user: the shape kubectl, the C#, Python and JavaScript
/// clients all accept (a context naming an empty user makes the C# client refuse it).
/// </summary>
internal static class Kubeconfig
{
    /// <summary>The kubeconfig text for a server at <paramref name="server"/>.</summary>
    public static string For(Uri server, string name = "kubecore")
    {
        var url = server.ToString().TrimEnd('/');
        return $"""
            apiVersion: v1
            kind: Config
            preferences: {"{}"}
            clusters:
            - name: {name}
              cluster:
                server: {url}
                insecure-skip-tls-verify: true
            contexts:
            - name: {name}
              context:
                cluster: {name}
                namespace: default
            current-context: {name}
            users: []

            """;
    }

    /// <summary>Writes the kubeconfig, creating its folder.</summary>
    public static void Write(string path, Uri server)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, For(server));
    }
}
