using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeCore.Testing;

namespace KubeCore.ApiServer.Tests;

/// <summary>The Testing package as a user's test would use it.</summary>
public sealed class TestClusterTests
{
    [Fact]
    public async Task The_official_client_works_in_process_with_kube_apiserver_errors()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();

        var created = await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), created.Metadata.CreationTimestamp); // the virtual clock
        Assert.Equal("1", (await k8s.CoreV1.ReadNamespacedConfigMapAsync("settings", "default")).Data["a"]);
        var patched = await k8s.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"2"}}""", V1Patch.PatchType.MergePatch), "settings", "default");
        Assert.Equal("2", patched.Data["a"]);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => k8s.CoreV1.ReadNamespacedSecretAsync("nope", "default"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);

        // The in-process API and the client see the same state.
        Assert.Equal("2", (await cluster.Client.Resource<Models.ConfigMap>("default").GetAsync("settings")).Data!["a"]);
    }

    [Fact]
    public async Task Watches_stream_in_process()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new TaskCompletionSource<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in k8s.CoreV1.WatchListNamespacedSecretAsync("default", cancellationToken: cts.Token))
                if (type == WatchEventType.Added) { seen.TrySetResult(item.Metadata.Name); break; }
        });
        await k8s.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "token" }, StringData = new Dictionary<string, string> { ["t"] = "x" } }, "default");
        Assert.Equal("token", await seen.Task.WaitAsync(cts.Token));
        await watching.WaitAsync(cts.Token);
    }

    [Fact]
    public async Task A_deployment_runs_on_simulated_nodes_on_the_virtual_clock()
    {
        await using var cluster = await TestCluster.StartAsync(o => { o.Nodes = 2; o.Controllers = true; });
        var k8s = cluster.CreateKubernetesClient();
        await k8s.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] },
                },
            },
        }, "default");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = new HashSet<string>();
        await foreach (var (type, pod) in k8s.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: cts.Token))
        {
            if (pod.Status?.Phase == "Running") running.Add(pod.Metadata.Name);
            if (running.Count == 2) break;
        }
        V1Deployment? available = null;
        await foreach (var (_, d) in k8s.AppsV1.WatchListNamespacedDeploymentAsync("default", fieldSelector: "metadata.name=web", cancellationToken: cts.Token))
            if (d.Status?.AvailableReplicas == 2) { available = d; break; }
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), available!.Metadata.CreationTimestamp);

        var pods = await k8s.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web");
        Assert.All(pods.Items, p => Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), p.Status.StartTime));
    }

    [Fact]
    public async Task The_loopback_client_talks_over_real_http()
    {
        await using var cluster = await TestCluster.StartAsync();
        var server = await cluster.LoopbackServerAsync();
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        var k8s = await cluster.CreateLoopbackKubernetesClientAsync();
        var namespaces = await k8s.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");
    }

    [Fact]
    public async Task Advancing_a_real_clock_is_refused()
    {
        await using var cluster = await TestCluster.StartAsync(o => o.TimeProvider = TimeProvider.System);
        Assert.Null(cluster.VirtualTime);
        Assert.Throws<InvalidOperationException>(() => cluster.Advance(TimeSpan.FromSeconds(1)));
    }
}
