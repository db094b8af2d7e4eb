using KubeCore.Models;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Tests.Behaviors;

public sealed class BehaviorTests : SimulatedClusterTest
{
    protected override void ConfigureRuntime(SimulatedRuntimeOptions options)
    {
        options.Seed = 42;
        options.Behaviors.ForImage("slow:v1", b => b.StartDelay(TimeSpan.FromSeconds(5)));
        options.Behaviors.ForImage("jittery:v1", b => b.StartDelay(TimeSpan.Zero, jitter: TimeSpan.FromSeconds(10)));
        options.Behaviors.ForImage("batch:v1", b => b.ExitAfter(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task An_image_behavior_delays_the_container_start()
    {
        await CreatePod("slow", image: "slow:v1");
        await EventFor("slow", "Pulled");

        await Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("ContainerCreating", MainOf(await Client.Pods("default").GetAsync("slow"))!.State!.Waiting!.Reason);
        Time.Advance(TimeSpan.FromSeconds(1));

        await PodWhere("slow", p => p.Status?.Phase == "Running", "Running after 5 s");
    }

    [Fact]
    public async Task Start_jitter_comes_from_the_seeded_random_source_so_runs_repeat()
    {
        var expected = TimeSpan.FromTicks((long)(new Random(42).NextDouble() * TimeSpan.FromSeconds(10).Ticks));
        await CreatePod("jitter", image: "jittery:v1");
        await EventFor("jitter", "Pulled");

        if (expected > TimeSpan.FromMilliseconds(1)) Time.Advance(expected - TimeSpan.FromMilliseconds(1));
        await Task.Yield();
        Assert.Null(MainOf(await Client.Pods("default").GetAsync("jitter"))!.State!.Running);
        Time.Advance(TimeSpan.FromMilliseconds(1));

        await PodWhere("jitter", p => p.Status?.Phase == "Running", "Running after the jitter");
    }

    [Fact]
    public async Task An_image_behavior_exit_completes_a_Never_pod()
    {
        await CreatePod("job", image: "batch:v1", restartPolicy: "Never");
        await PodWhere("job", p => p.Status?.Phase == "Running", "Running");

        Time.Advance(TimeSpan.FromSeconds(30));

        var pod = await PodWhere("job", p => p.Status?.Phase == "Succeeded", "Succeeded");
        Assert.Equal(("Completed", 0), (MainOf(pod)!.State!.Terminated!.Reason, MainOf(pod)!.State!.Terminated!.ExitCode));
        Assert.Contains("exited with code 0", Runtime.GetLogs("default", "job", "main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_after_annotation_makes_the_container_fail_and_back_off()
    {
        await CreatePod("crashy", new PodSpec { Containers = [new Container { Name = "main", Image = "nginx:1.27" }] },
            new() { ["sim.kubecore.dev/crash-after"] = "30s" });
        await PodWhere("crashy", p => p.Status?.Phase == "Running", "Running");

        Time.Advance(TimeSpan.FromSeconds(30)); // first crash: restarted at once
        await PodWhere("crashy", p => MainOf(p)?.RestartCount == 1 && MainOf(p)!.State?.Running is not null, "restarted");
        Time.Advance(TimeSpan.FromSeconds(30)); // second crash: back-off

        var pod = await PodWhere("crashy", p => MainOf(p)?.State?.Waiting?.Reason == "CrashLoopBackOff", "CrashLoopBackOff");
        Assert.Equal(("Error", 1), (MainOf(pod)!.LastState!.Terminated!.Reason, MainOf(pod)!.LastState!.Terminated!.ExitCode));
    }

    [Fact]
    public async Task A_fail_readiness_annotation_keeps_a_running_pod_unready()
    {
        await CreatePod("unready", new PodSpec { Containers = [new Container { Name = "main", Image = "nginx:1.27", ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/", Port = new IntOrString(80) }, PeriodSeconds = 5 } }] },
            new() { ["sim.kubecore.dev/fail-readiness"] = "true" });

        await EventFor("unready", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 500");
        var pod = await PodWhere("unready", p => p.Status?.Phase == "Running", "Running");

        Assert.Equal("False", Condition(pod, "Ready")!.Status);
        Assert.False(MainOf(pod)!.Ready);
    }

    [Fact]
    public async Task A_fail_liveness_after_annotation_gets_the_container_restarted_by_its_liveness_probe()
    {
        await CreatePod("rot", new PodSpec { Containers = [new Container { Name = "main", Image = "nginx:1.27", LivenessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = new IntOrString(80) }, PeriodSeconds = 10, FailureThreshold = 1 } }] },
            new() { ["sim.kubecore.dev/main.fail-liveness-after"] = "15s" });
        var pod = await PodWhere("rot", p => p.Status?.Phase == "Running", "Running");

        Time.Advance(TimeSpan.FromSeconds(10)); // healthy at 10 s
        await Advance(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)); // failing at 20 s

        await EventFor("rot", "Unhealthy", $"Liveness probe failed: dial tcp {pod.Status!.PodIP}:80: connect: connection refused");
        await EventFor("rot", "Killing", "Container main failed liveness probe, will be restarted");
        var restarted = await PodWhere("rot", p => MainOf(p)?.RestartCount == 1, "restarted");
        Assert.Equal(137, MainOf(restarted)!.LastState!.Terminated!.ExitCode);
    }

    [Fact]
    public async Task A_bad_behavior_annotation_leaves_the_container_in_CreateContainerConfigError_saying_why()
    {
        await CreatePod("typo", new PodSpec { Containers = [new Container { Name = "main", Image = "nginx:1.27" }] },
            new() { ["sim.kubecore.dev/start-delay"] = "five seconds" });

        var pod = await PodWhere("typo", p => MainOf(p)?.State?.Waiting?.Reason == "CreateContainerConfigError", "CreateContainerConfigError");

        Assert.Equal("annotation sim.kubecore.dev/start-delay: \"five seconds\" is not a duration (e.g. 500ms, 5s, 1m30s)", MainOf(pod)!.State!.Waiting!.Message);
        await EventFor("typo", "Failed", "Error: " + MainOf(pod)!.State!.Waiting!.Message);
    }

    [Fact]
    public void Bad_behavior_settings_in_code_are_rejected_when_configured()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Runtime.Options.Behaviors.ForImage("x", b => b.StartDelay(TimeSpan.FromSeconds(-1))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Runtime.Options.Behaviors.ForImage("x", b => b.CrashAfter(TimeSpan.FromSeconds(1), exitCode: 0)));
    }
}
