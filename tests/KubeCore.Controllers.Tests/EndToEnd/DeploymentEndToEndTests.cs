using KubeCore.Api;
using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.EndToEnd;

/// <summary>The seed story on a composed cluster: nodes, scheduler and built-in controllers together.</summary>
public sealed class DeploymentEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_two_replica_deployment_runs_on_nodes_and_replaces_a_deleted_pod()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var cluster = await KubeCluster.CreateBuilder()
            .UseTimeProvider(time)
            .AddNodes(2)
            .UseScheduler()
            .AddBuiltInControllers()
            .StartAsync();
        var client = cluster.Client;

        await client.Deployments("default").CreateAsync(new Deployment
        {
            Metadata = new ObjectMeta { Name = "hello" },
            Spec = new DeploymentSpec
            {
                Replicas = 2,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "hello" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "hello" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "hello", Image = "hello-k8s:v1" }] },
                },
            },
        });

        var running = await WaitForRunningPodsAsync(client, 2);
        Assert.All(running, p => Assert.StartsWith("node-", p.Spec!.NodeName));

        await client.Pods("default").DeleteAsync(running[0].Metadata.Name!);
        var healed = await WaitForRunningPodsAsync(client, 2, exclude: running[0].Metadata.Name);
        Assert.DoesNotContain(healed, p => p.Metadata.Name == running[0].Metadata.Name);

        // The ReplicaSet and Deployment statuses follow the pods.
        using var cts = new CancellationTokenSource(Timeout);
        while ((await client.Deployments("default").GetAsync("hello", cts.Token)).Status?.AvailableReplicas != 2)
            await Task.Delay(50, cts.Token);
        var deployment = await client.Deployments("default").GetAsync("hello");
        Assert.Equal(2, deployment.Status!.UpdatedReplicas);
        Assert.Contains(deployment.Status.Conditions!, c => c.Type == "Available" && c.Status == "True");
    }

    private static async Task<List<Pod>> WaitForRunningPodsAsync(KubeCore.Client.KubeClient client, int count, string? exclude = null)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var pods = (await client.Pods("default").ListAsync("app=hello", cancellationToken: cts.Token)).Items
                .Where(p => p.Metadata.DeletionTimestamp is null && p.Metadata.Name != exclude && p.Status?.Phase == "Running"
                            && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
                .ToList();
            if (pods.Count == count) return pods;
            // Wait for the next pod change rather than spinning.
            var list = await client.Pods("default").ListAsync(new ListOptions(), cts.Token);
            await using var events = client.Pods("default").WatchAsync(new ListOptions { ResourceVersion = list.Metadata.ResourceVersion }, cts.Token).GetAsyncEnumerator(cts.Token);
            var next = events.MoveNextAsync().AsTask();
            await Task.WhenAny(next, Task.Delay(200, cts.Token));
        }
    }
}
