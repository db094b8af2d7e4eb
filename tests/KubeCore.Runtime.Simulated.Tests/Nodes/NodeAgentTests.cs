using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Tests.Nodes;

public sealed class NodeAgentTests : SimulatedClusterTest
{
    [Fact]
    public async Task Nodes_register_Ready_with_capacity_addresses_labels_and_every_nodeInfo_field()
    {
        var nodes = (await Client.Nodes().ListAsync()).Items.OrderBy(n => n.Metadata.Name).ToList();

        Assert.Equal(["node-1", "node-2"], nodes.Select(n => n.Metadata.Name));
        var node = nodes[0];
        Assert.Equal("node-1", node.Metadata.Labels!["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("amd64", node.Metadata.Labels["kubernetes.io/arch"]);
        Assert.Equal(Quantity.Parse("4"), node.Status!.Capacity!["cpu"]);
        Assert.Equal(Quantity.Parse("8Gi"), node.Status.Allocatable!["memory"]);
        Assert.Equal(Quantity.Parse("110"), node.Status.Allocatable["pods"]);
        var conditions = node.Status.Conditions!.ToDictionary(c => c.Type, c => c);
        Assert.Equal("True", conditions["Ready"].Status);
        Assert.All(["MemoryPressure", "DiskPressure", "PIDPressure"], t => Assert.Equal("False", conditions[t].Status));
        Assert.All(conditions.Values, c => { Assert.NotNull(c.LastHeartbeatTime); Assert.NotNull(c.LastTransitionTime); });
        Assert.Contains(node.Status.Addresses!, a => a.Type == "InternalIP" && a.Address.StartsWith("10.0.", StringComparison.Ordinal));
        Assert.Contains(node.Status.Addresses!, a => a.Type == "Hostname" && a.Address == "node-1");
        Assert.Equal(10250, node.Status.DaemonEndpoints!.KubeletEndpoint!.Port);
        var info = node.Status.NodeInfo!;
        Assert.All(new[] { info.Architecture, info.BootID, info.ContainerRuntimeVersion, info.KernelVersion, info.KubeProxyVersion, info.KubeletVersion, info.MachineID, info.OperatingSystem, info.OsImage, info.SystemUUID },
            v => Assert.False(string.IsNullOrEmpty(v)));
        Assert.NotEqual(nodes[0].Status!.Addresses![0].Address, nodes[1].Status!.Addresses![0].Address);
    }

    [Fact]
    public async Task Node_lease_is_held_by_the_node_and_renewed_every_ten_seconds_of_virtual_time()
    {
        var lease = await Client.Leases("kube-node-lease").GetAsync("node-1");
        Assert.Equal("node-1", lease.Spec!.HolderIdentity);
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        var first = lease.Spec.RenewTime!.Value;

        Time.Advance(TimeSpan.FromSeconds(10));

        var renewed = await Eventually(async () => await Client.Leases("kube-node-lease").GetAsync("node-1") is { } l && l.Spec!.RenewTime!.Value.Value > first.Value ? l : null, "lease renewal");
        Assert.Equal(first.Value.AddSeconds(10), renewed.Spec!.RenewTime!.Value.Value);
    }

    [Fact]
    public async Task A_failed_node_stops_renewing_its_lease()
    {
        var node = Cluster.GetSimulatedNodes().Single(n => n.Name == "node-2");
        node.Fail();
        var before = (await Client.Leases("kube-node-lease").GetAsync("node-2")).Spec!.RenewTime;

        await Advance(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));
        // node-1 still heartbeats, which shows time did move for the agents.
        await Eventually(async () => (await Client.Leases("kube-node-lease").GetAsync("node-1")).Spec!.RenewTime!.Value.Value >= Time.GetUtcNow().AddSeconds(-10) ? "ok" : null, "node-1 renewal");

        Assert.False(node.IsRunning);
        Assert.Equal(before, (await Client.Leases("kube-node-lease").GetAsync("node-2")).Spec!.RenewTime);
    }

    [Fact]
    public async Task Node_status_is_reposted_every_five_minutes_with_fresh_heartbeats_and_unchanged_transitions()
    {
        var before = (await Client.Nodes().GetAsync("node-1")).Status!.Conditions!.Single(c => c.Type == "Ready");

        await Advance(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));

        var after = await Eventually(async () => (await Client.Nodes().GetAsync("node-1")).Status!.Conditions!.Single(c => c.Type == "Ready") is { } r && r.LastHeartbeatTime > before.LastHeartbeatTime ? r : null, "status report");
        Assert.Equal(before.LastTransitionTime, after.LastTransitionTime);
        Assert.Equal("True", after.Status);
    }
}
