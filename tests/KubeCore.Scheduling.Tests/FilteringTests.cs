using KubeCore.Models;

namespace KubeCore.Scheduling.Tests;

public sealed class FilteringTests : SchedulerTest
{
    [Fact]
    public async Task NoSchedule_taint_repels_pods_without_a_toleration()
    {
        await CreateNode("gpu", taints: [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }]);
        await CreateNode("general", cpu: "1");
        await CreatePod("plain");
        var tolerant = NewPod("tolerant", cpu: "2");
        await CreatePod(tolerant with { Spec = tolerant.Spec! with { Tolerations = [new Toleration { Key = "dedicated", Operator = "Equal", Value = "gpu", Effect = "NoSchedule" }] } });

        Assert.Equal("general", await ScheduledNode("plain"));
        Assert.Equal("gpu", await ScheduledNode("tolerant"));
    }

    [Fact]
    public async Task Required_node_affinity_and_nodeSelector_restrict_nodes()
    {
        await CreateNode("node-a", labels: Labels("zone", "a", "disk", "ssd"));
        await CreateNode("node-b", labels: Labels("zone", "b"));
        var affinity = NewPod("needs-a");
        await CreatePod(affinity with
        {
            Spec = affinity.Spec! with
            {
                Affinity = new Affinity
                {
                    NodeAffinity = new NodeAffinity
                    {
                        RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector
                        {
                            NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "zone", Operator = "In", Values = ["a"] }] }],
                        },
                    },
                },
            },
        });
        var selector = NewPod("needs-hdd");
        await CreatePod(selector with { Spec = selector.Spec! with { NodeSelector = Labels("disk", "hdd") } });

        Assert.Equal("node-a", await ScheduledNode("needs-a"));
        var condition = await UnschedulableCondition("needs-hdd");
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", condition.Message);
    }

    [Fact]
    public async Task Unschedulable_pod_gets_FailedScheduling_event_and_condition_with_upstream_message()
    {
        var notReady = new Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoSchedule" };
        for (var i = 1; i <= 3; i++) await CreateNode($"node-{i}", cpu: "1");
        for (var i = 4; i <= 5; i++) await CreateNode($"node-{i}", cpu: "8", taints: [notReady]);
        await CreatePod("web-1", cpu: "2");

        const string expected = "0/5 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 3 Insufficient cpu. " +
            "preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
        var condition = await UnschedulableCondition("web-1");
        Assert.Equal("Unschedulable", condition.Reason);
        Assert.Equal(expected, condition.Message);
        await Eventually(() => Recorder.For("web-1").Any(e => e.Reason == "FailedScheduling"), "FailedScheduling event");
        var failed = Recorder.For("web-1").First(e => e.Reason == "FailedScheduling");
        Assert.Equal("Warning", failed.Type);
        Assert.Equal(expected, failed.Message);
    }

    [Fact]
    public async Task Host_port_conflicts_keep_pods_apart()
    {
        await CreateNode("node-a");
        await CreateNode("node-b");
        for (var i = 0; i < 3; i++)
        {
            var pod = NewPod($"proxy-{i}");
            var container = pod.Spec!.Containers![0] with { Ports = [new ContainerPort { Port = 80, HostPort = 8080, Protocol = "TCP" }] };
            await CreatePod(pod with { Spec = pod.Spec with { Containers = [container] } });
        }

        var condition = await UnschedulableCondition("proxy-2");
        Assert.NotEqual(await ScheduledNode("proxy-0"), await ScheduledNode("proxy-1"));
        Assert.StartsWith("0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports.", condition.Message);
    }

    [Fact]
    public async Task Too_many_pods_is_reported_when_the_pod_count_is_exhausted()
    {
        await CreateNode("tiny", pods: 1);
        await CreatePod("first");
        await ScheduledNode("first");
        await CreatePod("second");

        var condition = await UnschedulableCondition("second");
        Assert.StartsWith("0/1 nodes are available: 1 Too many pods.", condition.Message);
    }
}
