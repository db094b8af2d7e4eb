using KubeCore.Events;
using KubeCore.Models;

namespace KubeCore.Scheduling.Tests;

public sealed class BasicSchedulingTests : SchedulerTest
{
    [Fact]
    public async Task Pod_lands_on_the_only_node_that_fits_and_a_Scheduled_event_is_recorded()
    {
        await CreateNode("small", cpu: "1");
        await CreateNode("big", cpu: "8");
        await CreatePod("web-1", cpu: "2");

        Assert.Equal("big", await ScheduledNode("web-1"));
        var pod = await Get("web-1");
        Assert.Contains(pod.Status!.Conditions!, c => c.Type == "PodScheduled" && c.Status == "True");
        await Eventually(() => Recorder.For("web-1").Any(e => e.Reason == "Scheduled"), "Scheduled event");
        var scheduled = Recorder.For("web-1").Single(e => e.Reason == "Scheduled");
        Assert.Equal(EventTypes.Normal, scheduled.Type);
        Assert.Equal("Successfully assigned default/web-1 to big", scheduled.Message);
    }

    [Fact]
    public async Task Pods_fill_nodes_until_capacity_is_used_up_and_the_rest_stay_pending()
    {
        await CreateNode("node-1", cpu: "2");
        for (var i = 1; i <= 3; i++) await CreatePod($"p{i}", cpu: "1");

        var condition = await UnschedulableCondition("p3");
        Assert.Equal("node-1", await ScheduledNode("p1"));
        Assert.Equal("node-1", await ScheduledNode("p2"));
        Assert.Equal("Unschedulable", condition.Reason);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", condition.Message);
    }

    [Fact]
    public async Task Cordoned_node_and_nodeName_are_respected()
    {
        await CreateNode("cordoned", unschedulable: true);
        await CreateNode("open");
        await CreatePod("a");
        var named = NewPod("b");
        Assert.Equal("open", await ScheduledNode("a"));

        // A pod that names a node in spec.nodeName is already bound: the scheduler leaves it alone.
        await CreatePod(named with { Spec = named.Spec! with { NodeName = "cordoned" } });
        Assert.Equal("cordoned", (await Get("b")).Spec!.NodeName);
    }

    [Fact]
    public async Task Pod_with_another_scheduler_name_is_left_alone()
    {
        await CreateNode("node-1");
        var pod = NewPod("foreign");
        await CreatePod(pod with { Spec = pod.Spec! with { SchedulerName = "someone-else" } });
        await CreatePod("mine");

        await ScheduledNode("mine");
        Assert.Null((await Get("foreign")).Spec!.NodeName);
        Assert.Null(Scheduler.Queue.Pending().Where("default", "foreign"));
    }

    [Fact]
    public async Task Init_containers_and_overhead_count_towards_requests()
    {
        await CreateNode("node-1", cpu: "2");
        var pod = NewPod("init", cpu: "500m");
        pod = pod with
        {
            Spec = pod.Spec! with
            {
                InitContainers = [new Container { Name = "setup", Image = "busybox", Resources = new ResourceRequirements { Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("1500m") } } }],
                Overhead = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("600m") },
            },
        };
        await CreatePod(pod);

        // max(500m, 1500m) + 600m overhead = 2100m > 2 cpu.
        var condition = await UnschedulableCondition("init");
        Assert.StartsWith("0/1 nodes are available: 1 Insufficient cpu.", condition.Message);
    }
}
