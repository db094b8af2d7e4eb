using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Scheduling.Tests;

public sealed class PreemptionTests : SchedulerTest
{
    private async Task CreatePriorityClass(string name, int value)
    {
        await Client.Resource<PriorityClass>().CreateAsync(new PriorityClass { Metadata = new ObjectMeta { Name = name }, Value = value });
        // The scheduler resolves spec.priority from its PriorityClass informer: let it see the class before pods use it.
        await Eventually(() => Cluster.Informers.GetInformer<PriorityClass>().Lister.Get(null, name) is not null, $"priority class {name}");
    }

    private static Pod WithPriorityClass(Pod pod, string priorityClass) => pod with { Spec = pod.Spec! with { PriorityClassName = priorityClass } };

    [Fact]
    public async Task Higher_priority_pod_preempts_a_lower_priority_pod_and_takes_its_place()
    {
        await CreatePriorityClass("low", 100);
        await CreatePriorityClass("high", 1000);
        await CreateNode("node-1", cpu: "2");
        await CreatePod(WithPriorityClass(NewPod("batch", cpu: "2"), "low"));
        Assert.Equal("node-1", await ScheduledNode("batch"));

        await CreatePod(WithPriorityClass(NewPod("critical", cpu: "2"), "high"));

        // The victim is deleted gracefully (it is bound) and the preemptor is nominated to its node.
        await Eventually(async () => (await Get("batch")).Metadata.DeletionTimestamp is not null, "victim to be deleted");
        await Eventually(async () => (await Get("critical")).Status?.NominatedNodeName == "node-1", "preemptor nominated");
        var victim = await Get("batch");
        Assert.Contains(victim.Status!.Conditions!, c => c.Type == "DisruptionTarget" && c.Reason == "PreemptionByScheduler");
        Assert.Contains(Recorder.For("batch"), e => e.Reason == "Preempted");
        Assert.Contains(Recorder.For("critical"), e => e.Reason == "FailedScheduling" && e.Message == "0/1 nodes are available: 1 Insufficient cpu.");

        // The kubelet would finish the deletion; the deletion event re-queues the preemptor.
        await Client.Pods("default").DeleteAsync("batch", new DeleteOptions { GracePeriodSeconds = 0 });
        await Eventually(() => Scheduler.Queue.Pending().Where("default", "critical") is "backoff" or "active" or null, "preemptor re-queued");
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("node-1", await ScheduledNode("critical"));
    }

    [Fact]
    public async Task Pod_with_preemptionPolicy_Never_does_not_preempt()
    {
        await CreatePriorityClass("low", 100);
        await CreatePriorityClass("high", 1000);
        await CreateNode("node-1", cpu: "1");
        await CreatePod(WithPriorityClass(NewPod("batch", cpu: "1"), "low"));
        await ScheduledNode("batch");
        var polite = WithPriorityClass(NewPod("polite", cpu: "1"), "high");
        await CreatePod(polite with { Spec = polite.Spec! with { PreemptionPolicy = "Never" } });

        var condition = await UnschedulableCondition("polite");
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.", condition.Message);
        Assert.Null((await Get("batch")).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Queue_pops_higher_priority_pods_first()
    {
        await CreatePriorityClass("high", 1000);
        await CreateNode("node-1", cpu: "1");
        // Both pods are pending before a node can take them; only one fits, and it must be the high-priority one.
        await Client.Nodes().UpdateWithRetryAsync("node-1", n => n with { Spec = (n.Spec ?? new NodeSpec()) with { Unschedulable = true } });
        await Eventually(() => Scheduler.Cache.Snapshot().Get("node-1")?.Node.Spec?.Unschedulable == true, "the scheduler sees the cordon");
        await CreatePod(NewPod("low-first", cpu: "1"));
        await CreatePod(WithPriorityClass(NewPod("high-second", cpu: "1"), "high"));
        await UnschedulableCondition("low-first");
        await UnschedulableCondition("high-second");

        await Client.Nodes().UpdateWithRetryAsync("node-1", n => n with { Spec = n.Spec! with { Unschedulable = null } });
        // Let the scheduler see the uncordon (both pods leave the unschedulable set together) before the clock moves.
        await Eventually(() => Scheduler.Queue.Pending().Unschedulable.Count == 0, "the uncordon moves both pods out of the unschedulable set");
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("node-1", await ScheduledNode("high-second"));
        await UnschedulableCondition("low-first", "Insufficient cpu");
    }
}
