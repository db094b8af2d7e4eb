namespace KubeCore.Controllers.Tests.NodeLifecycle;

public sealed class EvictionRateLimitTests : NodeLifecycleTest
{
    protected override int NodeCount => 5;

    [Fact]
    public async Task Nodes_failing_together_in_one_zone_are_tainted_at_most_one_per_10_seconds()
    {
        SimulatedNode("node-1").Fail();
        SimulatedNode("node-2").Fail();

        await UntilAsync(async () => TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoExecute") is not null
                                     && TaintOf(await NodeAsync("node-2"), "node.kubernetes.io/unreachable", "NoExecute") is not null,
            TimeSpan.FromMinutes(2), "both nodes are tainted", step: TimeSpan.FromSeconds(1));
        var first = TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoExecute")!.TimeAdded!.Value.Value;
        var second = TaintOf(await NodeAsync("node-2"), "node.kubernetes.io/unreachable", "NoExecute")!.TimeAdded!.Value.Value;
        Assert.True((second - first).Duration() >= TimeSpan.FromSeconds(10), $"taints added {first:O} and {second:O}");
        // Both were Unknown well before the second taint: only the NoExecute taint waits for the rate limiter.
        Assert.NotNull(TaintOf(await NodeAsync("node-2"), "node.kubernetes.io/unreachable", "NoSchedule"));
    }
}

public sealed class FullDisruptionTests : NodeLifecycleTest
{
    protected override int NodeCount => 2;

    [Fact]
    public async Task When_every_node_is_down_none_gets_a_NoExecute_taint_and_no_pod_is_evicted()
    {
        await RunPodAsync("web", "node-1");
        SimulatedNode("node-1").Fail();
        SimulatedNode("node-2").Fail();

        await UntilAsync(async () => TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoSchedule") is not null
                                     && TaintOf(await NodeAsync("node-2"), "node.kubernetes.io/unreachable", "NoSchedule") is not null,
            TimeSpan.FromMinutes(10), "both nodes are Unknown and unschedulable"); // no live node to pace the clock: allow for the controller lagging
        await AdvanceAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(10));
        Assert.Null(TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoExecute"));
        Assert.False(await IsGoneOrTerminatingAsync("web"));
    }
}
