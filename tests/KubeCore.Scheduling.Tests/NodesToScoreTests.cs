using Microsoft.Extensions.DependencyInjection;
namespace KubeCore.Scheduling.Tests;

public sealed class NodesToScoreTests
{
    [Theory]
    [InlineData(50, 50)]     // under 100 nodes: every node
    [InlineData(100, 100)]   // 50 % of 100 is below the 100-node floor
    [InlineData(1000, 420)]  // 50 - 1000/125 = 42 %
    [InlineData(5000, 500)]  // 50 - 40 = 10 %
    [InlineData(6000, 300)]  // 50 - 48 = 2 %, floored at 5 %
    public void Adaptive_percentage_matches_upstream(int nodes, int expected) =>
        Assert.Equal(expected, NodesToScore.NumFeasibleNodesToFind(nodes));

    [Theory]
    [InlineData(1000, 30, 300)]
    [InlineData(500, 10, 100)]   // never fewer than 100
    [InlineData(1000, 100, 1000)]
    public void Configured_percentage_is_applied_with_the_100_node_floor(int nodes, int percentage, int expected) =>
        Assert.Equal(expected, NodesToScore.NumFeasibleNodesToFind(nodes, percentage));
}

public sealed class FeasibleNodeSearchTests : SchedulerTest
{
    [Fact]
    public async Task Scheduler_stops_searching_once_it_has_found_100_feasible_nodes_out_of_150()
    {
        for (var i = 0; i < 150; i++)
            await Client.Nodes().CreateAsync(new Models.Node
            {
                Metadata = new Models.ObjectMeta { Name = $"node-{i:D3}" },
                Status = new Models.NodeStatus { Allocatable = new Dictionary<string, Models.Quantity> { ["cpu"] = Models.Quantity.Parse("4"), ["memory"] = Models.Quantity.Parse("8Gi"), ["pods"] = Models.Quantity.FromInt64(110) } },
            });
        await Eventually(() => Scheduler.Cache.NodeCount == 150, "scheduler to see every node");
        await CreatePod("one");
        await ScheduledNode("one");

        // 50 - 150/125 = 49 % of 150 is 73, below the 100-node floor.
        Assert.Equal(100, Scheduler.LastFeasibleNodesFound);
    }
}

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddKubeCoreScheduler_builds_a_scheduler_from_bound_options()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddKubeCore();
        services.AddKubeCoreScheduler(o => o.PodMaxBackoff = TimeSpan.FromSeconds(30));
        await using var provider = services.BuildServiceProvider();
        var cluster = provider.GetRequiredService<KubeCluster>();
        await cluster.StartAsync();
        var scheduler = provider.GetRequiredService<Scheduler>();
        await scheduler.StartAsync(cluster);

        Assert.Equal(TimeSpan.FromSeconds(30), scheduler.Options.PodMaxBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), scheduler.Queue.BackoffDuration(10));
        Assert.Contains(SchedulerOptions.DefaultSchedulerName, scheduler.Profiles.Keys);
        await scheduler.DisposeAsync();
        await cluster.DisposeAsync();
    }
}
