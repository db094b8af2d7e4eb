using KubeCore.Models;

namespace KubeCore.Scheduling.Tests;

public sealed class AffinityAndSpreadTests : SchedulerTest
{
    private static readonly LabelSelector Web = new() { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } };

    [Fact]
    public async Task Required_anti_affinity_puts_replicas_on_different_nodes()
    {
        await CreateNode("node-a");
        await CreateNode("node-b");
        for (var i = 0; i < 3; i++)
        {
            var pod = NewPod($"db-{i}", labels: Labels("app", "db"));
            await CreatePod(pod with
            {
                Spec = pod.Spec! with
                {
                    Affinity = new Affinity
                    {
                        PodAntiAffinity = new PodAffinity
                        {
                            RequiredDuringSchedulingIgnoredDuringExecution =
                            [
                                new PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new LabelSelector { MatchLabels = Labels("app", "db") } },
                            ],
                        },
                    },
                },
            });
        }

        var condition = await UnschedulableCondition("db-2");
        Assert.NotEqual(await ScheduledNode("db-0"), await ScheduledNode("db-1"));
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.", condition.Message);
    }

    [Fact]
    public async Task Required_pod_affinity_follows_the_matching_pod()
    {
        await CreateNode("node-a");
        await CreateNode("node-b");
        await CreatePod(NewPod("cache", labels: Labels("app", "cache")));
        var cacheNode = await ScheduledNode("cache");
        var pod = NewPod("client");
        await CreatePod(pod with
        {
            Spec = pod.Spec! with
            {
                Affinity = new Affinity
                {
                    PodAffinity = new PodAffinity
                    {
                        RequiredDuringSchedulingIgnoredDuringExecution =
                        [
                            new PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new LabelSelector { MatchLabels = Labels("app", "cache") } },
                        ],
                    },
                },
            },
        });

        Assert.Equal(cacheNode, await ScheduledNode("client"));
    }

    [Fact]
    public async Task Topology_spread_DoNotSchedule_overrides_a_node_preference_to_keep_skew_within_maxSkew()
    {
        await CreateNode("a1", labels: Labels("zone", "a"));
        await CreateNode("b1", labels: Labels("zone", "b"));
        // Two web pods already run in zone a.
        for (var i = 0; i < 2; i++)
        {
            var bound = NewPod($"existing-{i}", labels: Labels("app", "web"));
            await CreatePod(bound with { Spec = bound.Spec! with { NodeName = "a1" } });
        }
        await Eventually(() => Scheduler.Cache.Snapshot().Get("a1")?.Pods.Count == 2, "cache to see bound pods");

        var pod = NewPod("web-new", labels: Labels("app", "web"));
        await CreatePod(pod with
        {
            Spec = pod.Spec! with
            {
                TopologySpreadConstraints = [new TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "zone", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = Web }],
                Affinity = new Affinity
                {
                    NodeAffinity = new NodeAffinity
                    {
                        PreferredDuringSchedulingIgnoredDuringExecution =
                        [
                            new PreferredSchedulingTerm { Weight = 100, Preference = new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "zone", Operator = "In", Values = ["a"] }] } },
                        ],
                    },
                },
            },
        });

        Assert.Equal("b1", await ScheduledNode("web-new"));
    }

    [Fact]
    public async Task Topology_spread_rejects_nodes_when_every_domain_would_exceed_maxSkew()
    {
        await CreateNode("a1", labels: Labels("zone", "a"));
        await CreateNode("b1", labels: Labels("zone", "b"), cpu: "1");
        var bound = NewPod("existing", labels: Labels("app", "web"));
        await CreatePod(bound with { Spec = bound.Spec! with { NodeName = "a1" } });
        await Eventually(() => Scheduler.Cache.Snapshot().Get("a1")?.Pods.Count == 1, "cache to see the bound pod");

        var pod = NewPod("web-new", cpu: "2", labels: Labels("app", "web"));
        await CreatePod(pod with
        {
            Spec = pod.Spec! with
            {
                TopologySpreadConstraints = [new TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "zone", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = Web }],
            },
        });

        var condition = await UnschedulableCondition("web-new");
        Assert.StartsWith("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints.", condition.Message);
    }

    [Fact]
    public async Task Topology_spread_ScheduleAnyway_prefers_the_emptier_domain()
    {
        await CreateNode("a1", labels: Labels("zone", "a"));
        await CreateNode("b1", labels: Labels("zone", "b"));
        var bound = NewPod("existing", labels: Labels("app", "web"));
        await CreatePod(bound with { Spec = bound.Spec! with { NodeName = "a1" } });
        await Eventually(() => Scheduler.Cache.Snapshot().Get("a1")?.Pods.Count == 1, "cache to see the bound pod");

        var pod = NewPod("web-new", labels: Labels("app", "web"));
        await CreatePod(pod with
        {
            Spec = pod.Spec! with
            {
                TopologySpreadConstraints = [new TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "zone", WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = Web }],
            },
        });

        Assert.Equal("b1", await ScheduledNode("web-new"));
    }
}
