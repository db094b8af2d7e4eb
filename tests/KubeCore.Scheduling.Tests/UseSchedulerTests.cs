using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Scheduling.Tests;

public sealed class UseSchedulerTests
{
    [Fact]
    public async Task A_scheduler_composed_on_the_builder_starts_and_stops_with_the_cluster()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(time).UseScheduler().StartAsync();
        await cluster.Client.Nodes().CreateAsync(new Node
        {
            Metadata = new ObjectMeta { Name = "node-1" },
            Status = new NodeStatus
            {
                Allocatable = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("110") },
                Conditions = [new NodeCondition { Type = "Ready", Status = "True" }],
            },
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var bound = cluster.Client.Pods("default").WatchAsync(new KubeCore.Api.ListOptions { FieldSelector = "metadata.name=web" }, timeout.Token)
            .FirstAsync(e => e.Object?.Spec?.NodeName is { Length: > 0 }, timeout.Token);
        // If the pod reaches the scheduler before the node does, it waits as unschedulable and moves when the node arrives.
        await cluster.Client.Pods("default").CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "web" },
            Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] },
        });

        Assert.Equal("node-1", (await bound).Object!.Spec!.NodeName);
    }
}
