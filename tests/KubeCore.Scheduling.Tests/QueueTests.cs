namespace KubeCore.Scheduling.Tests;

public sealed class QueueTests : SchedulerTest
{
    [Fact]
    public async Task Pending_pod_is_scheduled_when_a_fitting_node_is_added_after_its_backoff()
    {
        await CreateNode("small", cpu: "1");
        await CreatePod("big", cpu: "3");
        await UnschedulableCondition("big");
        Assert.Equal("unschedulable", Scheduler.Queue.Pending().Where("default", "big"));

        await CreateNode("large", cpu: "4");
        // The node event moves the pod out of the unschedulable pods; it still waits out its 1 s backoff.
        await Eventually(() => Scheduler.Queue.Pending().Where("default", "big") == "backoff", "pod to move to backoffQ");
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("large", await ScheduledNode("big"));
    }

    [Fact]
    public async Task Backoff_lasts_exactly_one_second_after_the_first_failure()
    {
        await CreatePod("early");
        var condition = await UnschedulableCondition("early");
        Assert.Equal(Scheduler.ErrNoNodesAvailable, condition.Message);

        await CreateNode("node-1");
        await Eventually(() => Scheduler.Queue.Pending().Where("default", "early") == "backoff", "pod in backoffQ");
        Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("backoff", Scheduler.Queue.Pending().Where("default", "early"));
        Assert.Null((await Get("early")).Spec!.NodeName);

        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("node-1", await ScheduledNode("early"));
    }

    [Fact]
    public void Backoff_doubles_per_attempt_up_to_ten_seconds()
    {
        var durations = Enumerable.Range(1, 6).Select(Scheduler.Queue.BackoffDuration).ToList();
        Assert.Equal([1, 2, 4, 8, 10, 10], durations.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public async Task Unschedulable_pods_are_retried_after_five_minutes_without_any_event()
    {
        await CreateNode("node-1", cpu: "1");
        await CreatePod("waiting", cpu: "2");
        await Eventually(() => Recorder.For("waiting").Count(e => e.Reason == "FailedScheduling") == 1, "first failure");
        Assert.Equal("unschedulable", Scheduler.Queue.Pending().Where("default", "waiting"));

        Time.Advance(TimeSpan.FromMinutes(4.5));
        Assert.Equal("unschedulable", Scheduler.Queue.Pending().Where("default", "waiting"));
        Time.Advance(TimeSpan.FromMinutes(1));

        await Eventually(() => Recorder.For("waiting").Count(e => e.Reason == "FailedScheduling") == 2, "retry after the unschedulable flush");
    }
}
