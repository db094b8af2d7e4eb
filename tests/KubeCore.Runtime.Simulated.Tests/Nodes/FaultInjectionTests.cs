using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Tests.Nodes;

public sealed class FaultInjectionTests : SimulatedClusterTest
{
    private async Task<(Pod Pod, KubeCore.Runtime.Simulated.Nodes.SimulatedNode Node)> RunningPod(string name)
    {
        await CreatePod(name);
        var pod = await PodWhere(name, p => p.Status?.Phase == "Running", "Running");
        return (pod, Cluster.GetSimulatedNode(pod.Spec!.NodeName!));
    }

    private async Task<DateTimeOffset> LeaseRenewTime(string node) => (await Client.Leases("kube-node-lease").GetAsync(node)).Spec!.RenewTime!.Value.Value;

    [Fact]
    public async Task Stopped_heartbeats_leave_the_lease_stale_while_pods_keep_running_until_resumed()
    {
        var (_, node) = await RunningPod("web");
        var before = await LeaseRenewTime(node.Name);
        node.StopHeartbeats();

        await Advance(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));
        Cluster.GetSimulatedRuntime().KillContainer("default", "web", "main"); // the node still manages and reports its pods
        await PodWhere("web", p => MainOf(p)?.RestartCount == 1, "restart reported");
        Assert.Equal(before, await LeaseRenewTime(node.Name));
        Assert.True(node.HeartbeatsStopped);

        node.ResumeHeartbeats();

        await Eventually(async () => await LeaseRenewTime(node.Name) == Time.GetUtcNow() ? "renewed" : null, "lease renewed at once");
    }

    [Fact]
    public async Task A_partitioned_node_keeps_its_containers_running_and_resyncs_on_heal()
    {
        var (_, node) = await RunningPod("kept");
        await RunningPod("doomed");
        var doomedNode = Cluster.GetSimulatedNode((await Client.Pods("default").GetAsync("doomed")).Spec!.NodeName!);
        var before = await LeaseRenewTime(node.Name);
        node.Partition();
        if (doomedNode != node) doomedNode.Partition();

        node.KillContainer("default", "kept", "main");  // happens while cut off: not reported yet
        await Client.Pods("default").DeleteAsync("doomed"); // not seen yet: stays terminating
        await Advance(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));
        Assert.Equal(before, await LeaseRenewTime(node.Name));
        Assert.Equal(0, MainOf(await Client.Pods("default").GetAsync("kept"))!.RestartCount);
        Assert.NotNull((await Client.Pods("default").GetAsync("doomed")).Metadata.DeletionTimestamp);
        Assert.True(node.IsPartitioned);

        await node.HealAsync();
        if (doomedNode != node) await doomedNode.HealAsync();

        Assert.Equal(Time.GetUtcNow(), await LeaseRenewTime(node.Name));
        await PodWhere("kept", p => MainOf(p)?.RestartCount == 1 && MainOf(p)!.LastState?.Terminated?.ExitCode == 137, "restart reported after heal");
        await Eventually(async () => await Client.Pods("default").TryGetAsync("doomed") is null ? "gone" : null, "deleted pod killed and removed after heal");
    }

    [Fact]
    public async Task Killing_a_container_applies_the_restart_policy_with_back_off()
    {
        var (pod, node) = await RunningPod("victim");

        node.KillContainer("default", "victim", "main", exitCode: 137);
        await PodWhere("victim", p => MainOf(p)?.RestartCount == 1 && MainOf(p)!.State?.Running is not null, "restarted at once");
        node.KillContainer("default", "victim", "main");

        var backingOff = await PodWhere("victim", p => MainOf(p)?.State?.Waiting?.Reason == "CrashLoopBackOff", "CrashLoopBackOff");
        Assert.Equal(("Error", 137), (MainOf(backingOff)!.LastState!.Terminated!.Reason, MainOf(backingOff)!.LastState!.Terminated!.ExitCode));
        await EventFor("victim", "BackOff", $"Back-off restarting failed container main in pod victim_default({pod.Metadata.Uid})");
        Assert.Throws<InvalidOperationException>(() => node.KillContainer("default", "victim", "main")); // waiting, not running
    }

    [Fact]
    public async Task Killing_an_unknown_pod_or_container_is_a_clear_error()
    {
        var (_, node) = await RunningPod("known");

        Assert.Contains("default/missing", Assert.Throws<InvalidOperationException>(() => Cluster.GetSimulatedRuntime().KillContainer("default", "missing", "main")).Message, StringComparison.Ordinal);
        Assert.Contains("\"sidecar\"", Assert.Throws<ArgumentException>(() => node.KillContainer("default", "known", "sidecar")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Cluster.GetSimulatedNode("node-9"));
    }

    [Fact]
    public async Task A_killed_node_stops_its_containers_and_Fail_is_the_same()
    {
        var (_, node) = await RunningPod("gone");

        node.Kill();
        node.Fail();

        Assert.False(node.IsRunning);
        Assert.Throws<InvalidOperationException>(() => Cluster.GetSimulatedRuntime().KillContainer("default", "gone", "main"));
    }

    [Fact]
    public async Task Containers_without_a_workload_write_lifecycle_lines()
    {
        await RunningPod("plain");

        await Eventually(() => Task.FromResult(Runtime.GetLogs("default", "plain", "main").Contains("kubecore-sim: starting container main (image nginx:1.27) in pod default/plain", StringComparison.Ordinal) ? "ok" : null), "start line");
        Assert.StartsWith("2026-01-02T03:04:05.000Z", Runtime.GetLogs("default", "plain", "main"), StringComparison.Ordinal);
    }
}
