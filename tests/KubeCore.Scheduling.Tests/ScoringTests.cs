using KubeCore.Models;
using KubeCore.Scheduling.Plugins.NodeResources;

namespace KubeCore.Scheduling.Tests;

public sealed class ScoringTests : SchedulerTest
{
    protected override void ConfigureScheduler(SchedulerBuilder builder) =>
        builder.AddProfile("binpack", p => p.ScoringStrategy(ScoringStrategyType.MostAllocated));

    [Fact]
    public async Task LeastAllocated_spreads_pods_across_equal_nodes()
    {
        await CreateNode("node-a");
        await CreateNode("node-b");
        for (var i = 0; i < 4; i++) await CreatePod($"spread-{i}", cpu: "1", memory: "2Gi");

        var nodes = new List<string>();
        for (var i = 0; i < 4; i++) nodes.Add(await ScheduledNode($"spread-{i}"));
        Assert.Equal(2, nodes.Count(n => n == "node-a"));
        Assert.Equal(2, nodes.Count(n => n == "node-b"));
    }

    [Fact]
    public async Task MostAllocated_profile_packs_pods_onto_one_node()
    {
        await CreateNode("node-a");
        await CreateNode("node-b");
        for (var i = 0; i < 4; i++)
        {
            var pod = NewPod($"pack-{i}", cpu: "1", memory: "2Gi");
            await CreatePod(pod with { Spec = pod.Spec! with { SchedulerName = "binpack" } });
        }

        var nodes = new List<string>();
        for (var i = 0; i < 4; i++) nodes.Add(await ScheduledNode($"pack-{i}"));
        Assert.Single(nodes.Distinct());
    }

    [Fact]
    public async Task ImageLocality_prefers_the_node_that_already_has_the_image()
    {
        await CreateNode("cold");
        await CreateNode("warm", images: [new ContainerImage { Names = ["registry.example/big:1.0"], SizeBytes = 800L * 1024 * 1024 }]);
        await CreatePod(NewPod("app", image: "registry.example/big:1.0"));

        Assert.Equal("warm", await ScheduledNode("app"));
    }

    [Fact]
    public async Task Preferred_node_affinity_wins_over_an_otherwise_equal_node()
    {
        await CreateNode("node-a", labels: Labels("zone", "a"));
        await CreateNode("node-b", labels: Labels("zone", "b"));
        var pod = NewPod("prefers-b");
        await CreatePod(pod with
        {
            Spec = pod.Spec! with
            {
                Affinity = new Affinity
                {
                    NodeAffinity = new NodeAffinity
                    {
                        PreferredDuringSchedulingIgnoredDuringExecution =
                        [
                            new PreferredSchedulingTerm { Weight = 50, Preference = new NodeSelectorTerm { MatchExpressions = [new NodeSelectorRequirement { Key = "zone", Operator = "In", Values = ["b"] }] } },
                        ],
                    },
                },
            },
        });

        Assert.Equal("node-b", await ScheduledNode("prefers-b"));
    }

    [Fact]
    public async Task PreferNoSchedule_taint_makes_a_node_less_attractive()
    {
        await CreateNode("tainted", taints: [new Taint { Key = "spot", Value = "true", Effect = "PreferNoSchedule" }]);
        await CreateNode("clean");
        for (var i = 0; i < 3; i++) await CreatePod($"p{i}");

        for (var i = 0; i < 3; i++) Assert.Equal("clean", await ScheduledNode($"p{i}"));
    }
}
