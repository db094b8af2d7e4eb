using KubeCore.Models;

namespace KubeCore.Controllers.Tests.NodeLifecycle;

public sealed class NodeLifecycleControllerTests : NodeLifecycleTest
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(50);

    [Fact]
    public async Task A_failed_node_goes_Unknown_after_the_grace_period_and_is_tainted_unreachable()
    {
        var pod = await RunPodAsync("web", "node-1");
        Assert.Equal("True", pod.Status!.Conditions!.Single(c => c.Type == "Ready").Status);

        SimulatedNode("node-1").Fail();
        var lastRenewal = (await Client.Leases("kube-node-lease").GetAsync("node-1")).Spec!.RenewTime!.Value.Value;
        await AdvanceAsync(lastRenewal + Grace - Now);
        Assert.Equal("True", Condition(await NodeAsync("node-1"), "Ready").Status); // not before the grace period is over

        await UntilAsync(async () => Condition(await NodeAsync("node-1"), "Ready").Status == "Unknown", TimeSpan.FromSeconds(60), "node-1 is Unknown");
        var node = await NodeAsync("node-1");
        foreach (var type in new[] { "Ready", "MemoryPressure", "DiskPressure", "PIDPressure" })
        {
            var condition = Condition(node, type);
            Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (condition.Status, condition.Reason, condition.Message));
        }
        await EventuallyAsync(async () => TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoExecute") is not null, "the unreachable NoExecute taint");
        node = await NodeAsync("node-1");
        Assert.NotNull(TaintOf(node, "node.kubernetes.io/unreachable", "NoExecute")!.TimeAdded);
        Assert.NotNull(TaintOf(node, "node.kubernetes.io/unreachable", "NoSchedule"));
        Assert.Null(TaintOf(node, "node.kubernetes.io/not-ready", "NoExecute"));

        // The dead node cannot say its pods stopped serving: the controller does, and says why.
        await EventuallyAsync(async () => (await Client.Pods("default").GetAsync("web")).Status!.Conditions!.Single(c => c.Type == "Ready").Status == "False", "the pod is not ready");
        await EventuallyAsync(async () => (await EventsAsync("NodeNotReady")).Any(e => e.InvolvedObject.Name == "web" && e.Message == "Node is not ready"), "NodeNotReady on the pod");
        await EventuallyAsync(async () => (await EventsAsync("NodeNotReady")).Any(e => e.InvolvedObject.Kind == "Node" && e.Message == "Node node-1 status is now: NodeNotReady"), "NodeNotReady on the node");

        // The healthy nodes are untouched.
        foreach (var healthy in new[] { "node-2", "node-3" })
        {
            var other = await NodeAsync(healthy);
            Assert.Equal("True", Condition(other, "Ready").Status);
            Assert.Null(other.Spec!.Taints);
        }
        Assert.Contains(await EventsAsync("RegisteredNode"), e => e.Message == "Node node-2 event: Registered Node node-2 in Controller");
    }

    [Fact]
    public async Task A_pod_with_the_default_toleration_is_evicted_300_seconds_after_the_taint_and_not_before()
    {
        await RunPodAsync("web", "node-1");
        SimulatedNode("node-1").Fail();
        await UntilAsync(async () => TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoExecute") is not null, TimeSpan.FromSeconds(120), "node-1 is tainted");
        var tainted = TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoExecute")!.TimeAdded!.Value.Value;

        await AdvanceAsync(tainted + TimeSpan.FromSeconds(295) - Now);
        Assert.False(await IsGoneOrTerminatingAsync("web"));

        await UntilAsync(() => IsGoneOrTerminatingAsync("web"), TimeSpan.FromSeconds(30), "the pod is evicted", step: TimeSpan.FromSeconds(1));
        Assert.True(Now >= tainted + TimeSpan.FromSeconds(300));
        var pod = await Client.Pods("default").GetAsync("web"); // the dead node never confirms the delete: it stays Terminating
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
        var disruption = pod.Status!.Conditions!.Single(c => c.Type == "DisruptionTarget");
        Assert.Equal(("True", "DeletionByTaintManager"), (disruption.Status, disruption.Reason));
        await EventuallyAsync(async () => (await EventsAsync("TaintManagerEviction")).Any(e => e.Message == "Marking for deletion Pod default/web"), "the eviction event");
    }

    [Fact]
    public async Task NoExecute_taints_evict_untolerating_pods_at_once_tolerating_ones_after_their_seconds_and_never_forever_tolerating_ones()
    {
        await RunPodAsync("plain", "node-2");
        await RunPodAsync("brief", "node-2", new Toleration { Key = "example.com/maintenance", Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 60 });
        await RunPodAsync("forever", "node-2", new Toleration { Key = "example.com/maintenance", Operator = "Exists", Effect = "NoExecute" });

        var node = await NodeAsync("node-2");
        await Client.Nodes().UpdateAsync(node with
        {
            Spec = node.Spec! with { Taints = [new Taint { Key = "example.com/maintenance", Effect = "NoExecute", TimeAdded = KubeTime.FromDateTimeOffset(Now) }] },
        });

        await EventuallyAsync(() => IsGoneOrTerminatingAsync("plain"), "the pod without a toleration is evicted at once");
        Assert.False(await IsGoneOrTerminatingAsync("brief"));
        await UntilAsync(() => IsGoneOrTerminatingAsync("brief"), TimeSpan.FromSeconds(70), "the pod tolerating 60 s is evicted");
        await AdvanceAsync(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(10));
        Assert.False(await IsGoneOrTerminatingAsync("forever"));
        // A taint the controllers do not own is left alone.
        Assert.NotNull(TaintOf(await NodeAsync("node-2"), "example.com/maintenance", "NoExecute"));
    }

    [Fact]
    public async Task A_node_that_comes_back_loses_its_taints_and_its_pods_stay()
    {
        await RunPodAsync("web", "node-1");
        var agent = SimulatedNode("node-1");
        agent.Fail();
        await UntilAsync(async () => TaintOf(await NodeAsync("node-1"), "node.kubernetes.io/unreachable", "NoExecute") is not null, TimeSpan.FromSeconds(120), "node-1 is tainted");

        await AdvanceAsync(TimeSpan.FromSeconds(30)); // the eviction is counting down meanwhile
        await agent.StartAsync(Cluster);
        await UntilAsync(async () => await NodeAsync("node-1") is { Spec.Taints: null } back && Condition(back, "Ready").Status == "True",
            TimeSpan.FromSeconds(30), "node-1 is Ready without taints", step: TimeSpan.FromSeconds(1));
        await EventuallyAsync(async () => (await EventsAsync("TaintManagerEviction")).Any(e => e.Message == "Cancelling deletion of Pod default/web"), "the eviction is cancelled");
        await AdvanceAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(10));
        Assert.False(await IsGoneOrTerminatingAsync("web"));
    }

    [Fact]
    public async Task Deployment_pods_on_a_failed_node_are_recreated_on_healthy_nodes_and_out_of_service_clears_the_old_ones()
    {
        await Client.Deployments("default").CreateAsync(new Deployment
        {
            Metadata = new ObjectMeta { Name = "web" },
            Spec = new DeploymentSpec
            {
                Replicas = 3,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] },
                },
            },
        });
        List<Pod> running = [];
        await EventuallyAsync(async () => (running = await RunningAsync()).Count == 3, "3 pods run");
        var failed = running[0].Spec!.NodeName!;
        var lost = running.Where(p => p.Spec!.NodeName == failed).Select(p => p.Metadata.Name).ToHashSet();
        SimulatedNode(failed).Fail();

        await UntilAsync(async () => (running = await RunningAsync()).Count == 3 && running.All(p => p.Spec!.NodeName != failed),
            TimeSpan.FromMinutes(8), "3 pods run on healthy nodes");
        var old = (await Client.Pods("default").ListAsync("app=web")).Items.Where(p => lost.Contains(p.Metadata.Name)).ToList();
        Assert.NotEmpty(old);
        Assert.All(old, p => Assert.NotNull(p.Metadata.DeletionTimestamp)); // Terminating: the dead node never confirms

        // The operator declares the node shut down: the pod garbage collector force-deletes what it left behind.
        var node = await NodeAsync(failed);
        await Client.Nodes().UpdateAsync(node with { Spec = node.Spec! with { Taints = [.. node.Spec.Taints!, new Taint { Key = "node.kubernetes.io/out-of-service", Value = "nodeshutdown", Effect = "NoExecute" }] } });
        await UntilAsync(async () => !(await Client.Pods("default").ListAsync("app=web")).Items.Any(p => lost.Contains(p.Metadata.Name)),
            TimeSpan.FromSeconds(60), "the old pods are force-deleted");
    }

    private async Task<List<Pod>> RunningAsync() =>
        [.. (await Client.Pods("default").ListAsync("app=web")).Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running"
            && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)];
}
