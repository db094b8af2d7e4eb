using k8s;
using KubeCore.ApiServer;

namespace KubeCore.ApiServer.Tests;

/// <summary>A cluster served over loopback HTTP, with the official client and a raw HttpClient pointed at it.</summary>
public abstract class ApiServerTest : IAsyncLifetime
{
    protected KubeCluster Cluster { get; private set; } = null!;
    protected KubeApiServer Server { get; private set; } = null!;
    protected Kubernetes Client { get; private set; } = null!;
    protected HttpClient Http { get; private set; } = null!;

    protected virtual KubeClusterBuilder Configure(KubeClusterBuilder builder) => builder;

    public async Task InitializeAsync()
    {
        Cluster = await Configure(KubeCluster.CreateBuilder()).UseApiServer().StartAsync();
        Server = Cluster.GetApiServer();
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
        Http = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    private string? _kubectlDir;
    private Kubectl? _kubectl;

    /// <summary>The real kubectl pointed at this test's server (kubeconfig written on first use, removed with the test).</summary>
    protected Kubectl Kubectl
    {
        get
        {
            if (_kubectl is not null) return _kubectl;
            _kubectlDir = Directory.CreateTempSubdirectory("kubecore-kubectl-").FullName;
            var kubeconfig = Path.Combine(_kubectlDir, "config");
            File.WriteAllText(kubeconfig, Cli.Kubeconfig.For(Server.BaseAddress));
            return _kubectl = new Kubectl(kubeconfig);
        }
    }

    /// <summary>The folder holding <see cref="Kubectl"/>'s kubeconfig, for files a test hands to kubectl.</summary>
    protected string KubectlDirectory
    {
        get
        {
            _ = Kubectl;
            return _kubectlDir!;
        }
    }

    /// <summary>Runs <paramref name="run"/> with <see cref="Kubectl"/>.</summary>
    protected Task WithKubectlAsync(Func<Kubectl, Task> run) => run(Kubectl);

    public async Task DisposeAsync()
    {
        _kubectl?.Dispose();
        if (_kubectlDir is not null) Directory.Delete(_kubectlDir, recursive: true);
        Http.Dispose();
        Client.Dispose();
        await Cluster.DisposeAsync();
    }

    protected async Task<(int Code, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        if (body is not null) request.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}
