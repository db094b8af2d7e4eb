using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Tests;

/// <summary>A user's score plugin: prefers nodes labelled <c>tier=premium</c>.</summary>
public sealed class PremiumFirst : IScorePlugin
{
    public string Name => "PremiumFirst";

    public long Score(CycleState state, Pod pod, NodeInfo node) => node.Labels.TryGetValue("tier", out var t) && t == "premium" ? 100 : 0;
}

/// <summary>A user's permit plugin: holds every pod until allowed, for up to 10 seconds.</summary>
public sealed class Gate : IPermitPlugin
{
    public event Action? Arrived;

    public string Name => "Gate";

    public PermitResult Permit(CycleState state, Pod pod, string nodeName)
    {
        Arrived?.Invoke();
        return PermitResult.Wait(TimeSpan.FromSeconds(10));
    }
}

public sealed class CustomProfileTests : SchedulerTest
{
    private readonly Gate _gate = new();

    protected override void ConfigureScheduler(SchedulerBuilder builder)
    {
        builder
            .AddProfile("premium-scheduler", p => p.Score<PremiumFirst>(weight: 10))
            .AddProfile("gated-scheduler", p => p.Add(_gate));
        _gate.Arrived += Signal;
    }

    private static Pod For(string scheduler, string name)
    {
        var pod = NewPod(name);
        return pod with { Spec = pod.Spec! with { SchedulerName = scheduler } };
    }

    [Fact]
    public async Task Custom_score_plugin_in_a_profile_selected_by_schedulerName()
    {
        await CreateNode("premium", labels: Labels("tier", "premium"), cpu: "1");
        await CreateNode("standard", cpu: "16");
        await CreatePod(For("premium-scheduler", "vip"));
        await CreatePod("regular");

        Assert.Equal("premium", await ScheduledNode("vip"));
        Assert.Equal("standard", await ScheduledNode("regular"));
    }

    [Fact]
    public async Task Permit_wait_binds_once_allowed()
    {
        await CreateNode("node-1");
        var created = await CreatePod(For("gated-scheduler", "held"));
        await Eventually(() => Scheduler.Profiles["gated-scheduler"].GetWaitingPod(created.Metadata.Uid!) is not null, "pod waiting at permit");
        Assert.Null((await Get("held")).Spec!.NodeName);

        Scheduler.Profiles["gated-scheduler"].GetWaitingPod(created.Metadata.Uid!)!.Allow("Gate");
        Assert.Equal("node-1", await ScheduledNode("held"));
    }

    [Fact]
    public async Task Permit_wait_times_out_on_the_scheduler_clock()
    {
        await CreateNode("node-1");
        var created = await CreatePod(For("gated-scheduler", "held"));
        await Eventually(() => Scheduler.Profiles["gated-scheduler"].GetWaitingPod(created.Metadata.Uid!) is not null, "pod waiting at permit");

        Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually(() => Recorder.For("held").Any(e => e.Reason == "FailedScheduling"), "timeout failure");
        Assert.Contains("rejected due to timeout after waiting 10s at plugin Gate", Recorder.For("held").First(e => e.Reason == "FailedScheduling").Message);
        Assert.Null((await Get("held")).Spec!.NodeName);
    }

    [Fact]
    public async Task A_custom_scheduler_can_replace_the_default_one_by_binding_its_own_pods()
    {
        await CreateNode("node-1");
        await CreatePod(For("my-own-scheduler", "diy"));
        // Nobody else schedules pods named for "my-own-scheduler": the user's code binds them.
        await Client.Pods("default").BindAsync("diy", "node-1");

        Assert.Equal("node-1", await ScheduledNode("diy"));
        Assert.Empty(Recorder.For("diy"));
    }
}
