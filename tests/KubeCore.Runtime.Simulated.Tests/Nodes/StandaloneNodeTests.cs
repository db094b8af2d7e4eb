using KubeCore.Models;
using KubeCore.Runtime.Simulated.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Runtime.Simulated.Tests.Nodes;

public sealed class StandaloneNodeTests
{
    [Fact]
    public async Task A_standalone_node_registers_with_its_options_and_stops_heartbeating_when_stopped()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(time).StartAsync();
        var options = new SimulatedNodeOptions { Name = "edge-7", Index = 7 };
        options.Labels["zone"] = "a";
        options.Taints.Add(new Taint { Key = "dedicated", Value = "edge", Effect = "NoSchedule" });
        var node = new SimulatedNode(options);

        await node.StartAsync(cluster);
        var registered = await cluster.Client.Nodes().GetAsync("edge-7");
        await node.StopAsync();
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(node.IsRunning);
        Assert.Equal("a", registered.Metadata.Labels!["zone"]);
        Assert.Equal("edge-7", registered.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("dedicated", Assert.Single(registered.Spec!.Taints!).Key);
        Assert.Equal("10.244.7.0/24", registered.Spec.PodCIDR);
        var lease = await cluster.Client.Leases("kube-node-lease").GetAsync("edge-7");
        Assert.Equal(time.GetUtcNow().AddSeconds(-30), lease.Spec!.RenewTime!.Value.Value);
    }
}
