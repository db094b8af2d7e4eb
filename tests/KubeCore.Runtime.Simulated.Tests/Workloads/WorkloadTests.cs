using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Tests.Workloads;

public sealed class WorkloadTests : SimulatedClusterTest
{
    protected override void ConfigureRuntime(SimulatedRuntimeOptions options)
    {
        options.Workloads.Map("hello-k8s:v1", async ctx =>
        {
            await ctx.Log.WriteLineAsync($"hello from {ctx.PodName} in {ctx.Namespace}");
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            await ctx.Log.WriteLineAsync("bye");
            return 0;
        });
        options.Workloads.Map("drain:v1", async ctx =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            var drained = Task.Delay(TimeSpan.FromSeconds(5), ctx.TimeProvider); // timer first, so the test's advance always counts
            await ctx.Log.WriteLineAsync("draining");
            await drained;
            return 0;
        });
        options.Workloads.Map("crash:v1", ctx => Task.FromResult(3));
        options.Workloads.Map("job:v1", async ctx => { await ctx.Log.WriteLineAsync("done"); return 0; });
    }

    [Fact]
    public async Task An_in_process_workload_writes_logs_readable_from_the_runtime()
    {
        await CreatePod("hello", image: "hello-k8s:v1");
        await PodWhere("hello", p => p.Status?.Phase == "Running", "Running");

        await Eventually(() => Task.FromResult(Runtime.GetLogs("default", "hello", "main").Contains("hello from hello in default", StringComparison.Ordinal) ? "ok" : null), "log line");
    }

    [Fact]
    public async Task A_workload_that_exits_is_restarted_with_CrashLoopBackOff_doubling_from_ten_seconds()
    {
        await CreatePod("crasher", image: "crash:v1");

        // The first restart is immediate; the next waits 10 s.
        var backingOff = await PodWhere("crasher", p => MainOf(p)?.State?.Waiting?.Reason == "CrashLoopBackOff" && MainOf(p)!.RestartCount == 1, "first back-off");
        Assert.Equal(3, MainOf(backingOff)!.LastState!.Terminated!.ExitCode);
        Assert.Equal("Error", MainOf(backingOff)!.LastState!.Terminated!.Reason);
        Assert.Contains("back-off 10s", MainOf(backingOff)!.State!.Waiting!.Message, StringComparison.Ordinal);
        Assert.Equal("Running", backingOff.Status!.Phase);
        await EventFor("crasher", "BackOff");

        Time.Advance(TimeSpan.FromSeconds(10));

        var again = await PodWhere("crasher", p => MainOf(p)?.State?.Waiting?.Reason == "CrashLoopBackOff" && MainOf(p)!.RestartCount == 2, "second back-off");
        Assert.Contains("back-off 20s", MainOf(again)!.State!.Waiting!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workload_that_completes_under_restartPolicy_Never_leaves_the_pod_Succeeded()
    {
        await CreatePod("once", image: "job:v1", restartPolicy: "Never");

        var pod = await PodWhere("once", p => p.Status?.Phase == "Succeeded", "Succeeded");

        Assert.Equal(0, MainOf(pod)!.State!.Terminated!.ExitCode);
        Assert.Equal("Completed", MainOf(pod)!.State!.Terminated!.Reason);
        Assert.Equal("done\n", Runtime.GetLogs("default", "once", "main"));
    }

    [Fact]
    public async Task A_failing_workload_under_restartPolicy_Never_leaves_the_pod_Failed()
    {
        await CreatePod("bad", image: "crash:v1", restartPolicy: "Never");

        var pod = await PodWhere("bad", p => p.Status?.Phase == "Failed", "Failed");

        Assert.Equal(3, MainOf(pod)!.State!.Terminated!.ExitCode);
        Assert.Equal(0, MainOf(pod)!.RestartCount);
    }

    [Fact]
    public async Task Deleting_a_pod_cancels_its_workload_which_may_finish_its_shutdown()
    {
        await CreatePod("hello", image: "hello-k8s:v1");
        await PodWhere("hello", p => p.Status?.Phase == "Running", "Running");
        await Eventually(() => Task.FromResult(Runtime.GetLogs("default", "hello", "main").Length > 0 ? "ok" : null), "started");

        await Client.Pods("default").DeleteAsync("hello");

        await Eventually(async () => await Client.Pods("default").TryGetAsync("hello") is null ? "gone" : null, "pod removed");
    }

    [Fact]
    public async Task A_workload_that_drains_on_termination_keeps_the_pod_terminating_until_it_returns()
    {
        await CreatePod("drainer", image: "drain:v1");
        await PodWhere("drainer", p => p.Status?.Phase == "Running", "Running");

        await Client.Pods("default").DeleteAsync("drainer");
        await Eventually(() => Task.FromResult(Runtime.GetLogs("default", "drainer", "main").Contains("draining", StringComparison.Ordinal) ? "ok" : null), "draining");
        Assert.NotNull((await Client.Pods("default").GetAsync("drainer")).Metadata.DeletionTimestamp);

        Time.Advance(TimeSpan.FromSeconds(5));

        await Eventually(async () => await Client.Pods("default").TryGetAsync("drainer") is null ? "gone" : null, "pod removed after draining");
    }

    [Fact]
    public async Task A_completed_pod_stays_until_deleted_and_is_then_removed()
    {
        await CreatePod("finished", image: "job:v1", restartPolicy: "Never");
        await PodWhere("finished", p => p.Status?.Phase == "Succeeded", "Succeeded");

        await Client.Pods("default").DeleteAsync("finished");

        await Eventually(async () => await Client.Pods("default").TryGetAsync("finished") is null ? "gone" : null, "pod removed");
    }

    [Fact]
    public async Task Stopping_a_node_does_not_wait_for_a_draining_workloads_grace_period()
    {
        await CreatePod("stuck", image: "drain:v1");
        var pod = await PodWhere("stuck", p => p.Status?.Phase == "Running", "Running");
        await Client.Pods("default").DeleteAsync("stuck");
        await Eventually(() => Task.FromResult(Runtime.GetLogs("default", "stuck", "main").Contains("draining", StringComparison.Ordinal) ? "ok" : null), "draining");

        var stop = Cluster.GetSimulatedNodes().Single(n => n.Name == pod.Spec!.NodeName).StopAsync();

        await stop.WaitAsync(TimeSpan.FromSeconds(10)); // virtual time stands still: only not waiting for the grace period ends this
    }
}
