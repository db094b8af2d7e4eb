using k8s;
using k8s.Models;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// <c>kubecore serve --tls</c>: HTTPS with a generated CA and a kubeconfig that carries the CA and an admin
/// credential, used as written by the real kubectl and the official C# client (no insecure-skip-tls-verify).
/// </summary>
public sealed class TlsServeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubecore-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<T> ServeAsync<T>(Cli.ServeCommand.ServeAuth auth, Func<string, string, Task<T>> test)
    {
        var kubeconfig = Path.Combine(_dir, $"config-{auth}");
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var output = new StringWriter();
        var serve = Cli.ServeCommand.RunAsync(new Cli.ServeCommand.ServeOptions(0, kubeconfig, 1, "4", "8Gi", Tls: true, Auth: auth), output, stop.Token, _ => started.TrySetResult());
        await Task.WhenAny(started.Task, serve);
        Assert.True(started.Task.IsCompleted, "kubecore serve --tls did not start");
        try { return await test(kubeconfig, output.ToString()); }
        finally
        {
            stop.Cancel();
            Assert.Equal(0, await serve);
        }
    }

    [Fact]
    public Task Kubectl_and_the_csharp_client_work_over_https_with_the_client_certificate() =>
        ServeAsync(Cli.ServeCommand.ServeAuth.Certificate, async (kubeconfig, output) =>
        {
            var text = await File.ReadAllTextAsync(kubeconfig);
            Assert.Contains("server: https://127.0.0.1:", text);
            Assert.Contains("certificate-authority-data: ", text);
            Assert.Contains("client-certificate-data: ", text);
            Assert.DoesNotContain("insecure-skip-tls-verify", text);
            Assert.Contains("client certificate", output);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kubeconfig));

            using var kubectl = new Kubectl(kubeconfig);
            Assert.Contains("node-1", await kubectl.OkAsync("get nodes -o name"));
            Assert.Contains("configmap/settings created", await kubectl.OkAsync("create configmap settings --from-literal=colour=blue"));
            Assert.Equal("blue", await kubectl.OkAsync("get configmap settings -o jsonpath={.data.colour}"));
            var whoami = await kubectl.OkAsync("auth whoami");
            Assert.Matches(@"Username\s+kubecore-admin", whoami);
            Assert.Matches(@"Groups\s+\[system:masters system:authenticated\]", whoami);
            Assert.Equal("yes", (await kubectl.OkAsync("auth can-i * *")).Trim());

            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
            Assert.Equal("blue", cm.Data["colour"]);
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "from-csharp" } }, "default");
            Assert.Contains("configmap/from-csharp", await kubectl.OkAsync("get configmaps -o name"));
            return 0;
        });

    [Fact]
    public Task The_token_kubeconfig_works_and_a_wrong_token_is_unauthorized() =>
        ServeAsync(Cli.ServeCommand.ServeAuth.Token, async (kubeconfig, output) =>
        {
            var text = await File.ReadAllTextAsync(kubeconfig);
            Assert.Contains("token: ", text);
            Assert.DoesNotContain("client-certificate-data", text);
            Assert.Contains("bearer token", output);

            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            Assert.Contains(client.CoreV1.ListNode().Items, n => n.Metadata.Name == "node-1");
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "token-made" } }, "default");

            using var kubectl = new Kubectl(kubeconfig);
            Assert.Contains("configmap/token-made", await kubectl.OkAsync("get configmaps -o name"));
            Assert.Matches(@"Username\s+kubecore-admin", await kubectl.OkAsync("auth whoami"));

            var token = System.Text.RegularExpressions.Regex.Match(text, @"token: (\S+)").Groups[1].Value;
            var wrong = Path.Combine(_dir, "wrong-token");
            await File.WriteAllTextAsync(wrong, text.Replace(token, "not-" + token));
            using var wrongClient = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(wrong));
            var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => wrongClient.CoreV1.ListNamespaceAsync());
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.Response.StatusCode);
            Assert.Contains("\"reason\":\"Unauthorized\"", e.Response.Content);
            using var wrongKubectl = new Kubectl(wrong);
            var (code, _, stderr) = await wrongKubectl.RunAsync("get configmaps");
            Assert.Equal(1, code);
            Assert.Contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)", stderr);
            return 0;
        });
}
