using KubeCore.Models;
using KubeCore.Scheduling.Framework;
using KubeCore.Scheduling.Plugins.NodeResources;

namespace KubeCore.Scheduling.Tests;

/// <summary>Plugin arithmetic checked against hand-computed upstream formulas, on NodeInfo built directly.</summary>
public sealed class PluginScoreTests
{
    private static NodeInfo Node(string cpu, string memory) => new(new Node
    {
        Metadata = new ObjectMeta { Name = "n" },
        Status = new NodeStatus { Allocatable = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory), ["pods"] = Quantity.FromInt64(110) } },
    });

    private static Pod Pod(string cpu, string memory) => new()
    {
        Metadata = new ObjectMeta { Name = "p", Namespace = "default" },
        Spec = new PodSpec { Containers = [new Container { Name = "c", Resources = new ResourceRequirements { Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse(cpu), ["memory"] = Quantity.Parse(memory) } } }] },
    };

    private static long Score(ScoringStrategyType strategy, NodeInfo node, Pod pod, List<UtilizationShapePoint>? shape = null)
    {
        var options = new NodeResourcesFitOptions { ScoringStrategy = strategy };
        if (shape is not null) options.Shape = shape;
        var plugin = new NodeResourcesFitPlugin(options);
        var state = new CycleState();
        plugin.PreFilter(state, pod, new Snapshot([node]));
        return plugin.Score(state, pod, node);
    }

    [Fact]
    public void LeastAllocated_MostAllocated_and_RequestedToCapacityRatio_follow_upstream_formulas()
    {
        var node = Node("4", "8Gi");
        var pod = Pod("1", "2Gi");
        Assert.Equal(75, Score(ScoringStrategyType.LeastAllocated, node, pod));   // (4000-1000)*100/4000 for cpu and memory alike
        Assert.Equal(25, Score(ScoringStrategyType.MostAllocated, node, pod));
        Assert.Equal(25, Score(ScoringStrategyType.RequestedToCapacityRatio, node, pod));   // default shape (0,0)-(100,10)
        Assert.Equal(75, Score(ScoringStrategyType.RequestedToCapacityRatio, node, pod, [new(0, 10), new(100, 0)]));
    }

    [Fact]
    public void Pods_without_requests_score_as_100m_cpu_and_200Mi_memory()
    {
        var node = Node("1", "2000Mi");
        var empty = new Pod { Metadata = new ObjectMeta { Name = "e" }, Spec = new PodSpec { Containers = [new Container { Name = "c" }] } };
        // cpu: (1000-100)*100/1000 = 90; memory: (2000-200)*100/2000 = 90.
        Assert.Equal(90, Score(ScoringStrategyType.LeastAllocated, node, empty));
        Assert.True(PodRequests.Compute(empty).IsZero);
    }

    [Fact]
    public void BalancedAllocation_penalises_uneven_use()
    {
        var plugin = new NodeResourcesBalancedAllocationPlugin();
        var node = Node("4", "8Gi");
        Assert.Equal(100, plugin.Score(new CycleState(), Pod("2", "4Gi"), node));   // 50 % and 50 %
        Assert.Equal(75, plugin.Score(new CycleState(), Pod("2", "0"), node));      // |0.5 - 0| / 2 = 0.25
    }

    [Fact]
    public void FitError_counts_reasons_per_node_and_sorts_them_as_strings()
    {
        var statuses = new Dictionary<string, PluginStatus>
        {
            ["a"] = PluginStatus.Unschedulable("Insufficient cpu", "Insufficient memory"),
            ["b"] = PluginStatus.Unschedulable("Insufficient cpu"),
            ["c"] = PluginStatus.UnschedulableAndUnresolvable("node(s) didn't match Pod's node affinity/selector"),
        };
        var error = new FitError(new Pod(), 3, statuses);
        Assert.Equal("0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.", error.Message);
    }

    [Fact]
    public void Sidecars_add_to_app_containers_while_init_containers_only_raise_the_peak()
    {
        Container C(string name, string cpu, string? restart = null) => new()
        {
            Name = name,
            RestartPolicy = restart,
            Resources = new ResourceRequirements { Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse(cpu) } },
        };
        var pod = new Pod
        {
            Spec = new PodSpec
            {
                InitContainers = [C("sidecar", "200m", "Always"), C("migrate", "1")],
                Containers = [C("app", "500m")],
            },
        };
        // app 500m + sidecar 200m = 700m; init peak = migrate 1000m + sidecar 200m = 1200m.
        Assert.Equal(1200, PodRequests.Compute(pod).MilliCpu);
    }
}

public sealed class OptionsValidationTests
{
    [Fact]
    public void Invalid_settings_are_rejected_before_the_scheduler_starts()
    {
        Assert.Throws<ArgumentException>(() => Scheduler.Validate(new SchedulerOptions { PercentageOfNodesToScore = 101 }));
        Assert.Throws<ArgumentException>(() => Scheduler.Validate(new SchedulerOptions { Profiles = [new() { SchedulerName = "a" }, new() { SchedulerName = "a" }] }));
        Scheduler.Validate(new SchedulerOptions());
    }
}
