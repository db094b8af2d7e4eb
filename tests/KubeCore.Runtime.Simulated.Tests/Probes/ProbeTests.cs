using KubeCore.Models;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Tests.Probes;

public sealed class ProbeTests : SimulatedClusterTest
{
    private static readonly Dictionary<string, bool> Healthy = new();

    protected override void ConfigureRuntime(SimulatedRuntimeOptions options)
    {
        // A web server whose /healthz and readiness follow switches the test flips through its environment's pod name.
        options.Workloads.Map("web:v1", async ctx =>
        {
            ctx.Probes.OnHttpGet("/healthz", () => Flag(ctx.PodName + "/live") ? 200 : 500);
            ctx.Probes.OnHttpGet("/ready", () => Flag(ctx.PodName + "/ready") ? 200 : 503);
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });
        options.Workloads.Map("hangs:v1", async ctx =>
        {
            ctx.Probes.OnHttpGet("/healthz", async ct => { await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ct); return 200; });
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });
        options.Workloads.Map("flags:v1", async ctx =>
        {
            ctx.Probes.Ready = false; // not ready until the workload says so
            await Task.Delay(TimeSpan.FromSeconds(15), ctx.TimeProvider, ctx.Stopping);
            ctx.Probes.Ready = true;
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });
    }

    private static bool Flag(string key) { lock (Healthy) return !Healthy.TryGetValue(key, out var v) || v; }
    private static void Set(string key, bool value) { lock (Healthy) Healthy[key] = value; }

    private static Probe Http(string path, int period = 10, int failureThreshold = 3, int initialDelay = 0, int timeout = 1) =>
        new() { HttpGet = new HttpGetAction { Path = path, Port = new IntOrString(8080) }, PeriodSeconds = period, FailureThreshold = failureThreshold, InitialDelaySeconds = initialDelay, TimeoutSeconds = timeout };

    [Fact]
    public async Task A_failing_liveness_probe_kills_and_restarts_the_container_with_kubelet_events()
    {
        await CreatePod("live", new PodSpec { Containers = [new Container { Name = "main", Image = "web:v1", LivenessProbe = Http("/healthz", failureThreshold: 2) }] });
        await PodWhere("live", p => Condition(p, "Ready")?.Status == "True", "Ready");

        Set("live/live", false);
        Time.Advance(TimeSpan.FromSeconds(10));
        await EventFor("live", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500");
        Assert.Equal(0, MainOf(await Client.Pods("default").GetAsync("live"))!.RestartCount); // one failure is below the threshold
        Time.Advance(TimeSpan.FromSeconds(10));

        await EventFor("live", "Killing", "Container main failed liveness probe, will be restarted");
        var restarted = await PodWhere("live", p => MainOf(p)?.RestartCount == 1 && MainOf(p)!.State?.Running is not null, "restarted");
        Assert.NotNull(MainOf(restarted)!.LastState!.Terminated);
        Set("live/live", true);
    }

    [Fact]
    public async Task A_readiness_probe_marks_the_pod_unready_after_the_failure_threshold_and_ready_again_on_success()
    {
        await CreatePod("ready", new PodSpec { Containers = [new Container { Name = "main", Image = "web:v1", ReadinessProbe = Http("/ready", period: 5, failureThreshold: 2) }] });
        await PodWhere("ready", p => Condition(p, "Ready")?.Status == "True", "Ready at the first probe");

        Set("ready/ready", false);
        Time.Advance(TimeSpan.FromSeconds(5));
        await EventFor("ready", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503");
        Time.Advance(TimeSpan.FromSeconds(5));
        var unready = await PodWhere("ready", p => Condition(p, "Ready")?.Status == "False", "unready");
        Assert.Equal("False", Condition(unready, "ContainersReady")!.Status);
        Assert.Equal("Running", unready.Status!.Phase);
        Assert.Equal(0, MainOf(unready)!.RestartCount); // readiness never restarts

        Set("ready/ready", true);
        Time.Advance(TimeSpan.FromSeconds(5));
        await PodWhere("ready", p => Condition(p, "Ready")?.Status == "True" && MainOf(p)!.Ready == true, "ready again");
    }

    [Fact]
    public async Task A_startup_probe_holds_back_started_and_readiness_until_it_succeeds()
    {
        await CreatePod("boot", new PodSpec
        {
            Containers = [new Container { Name = "main", Image = "nginx:1.27", StartupProbe = new Probe { TcpSocket = new TcpSocketAction { Port = new IntOrString(80) }, InitialDelaySeconds = 20, PeriodSeconds = 5 } }],
        });
        var running = await PodWhere("boot", p => MainOf(p)?.State?.Running is not null, "running");
        Assert.False(MainOf(running)!.Started);
        Assert.False(MainOf(running)!.Ready);

        Time.Advance(TimeSpan.FromSeconds(20));

        var started = await PodWhere("boot", p => MainOf(p)?.Started == true && Condition(p, "Ready")?.Status == "True", "started and ready");
        Assert.Equal(0, MainOf(started)!.RestartCount);
    }

    [Fact]
    public async Task A_probe_handler_that_does_not_answer_within_timeoutSeconds_fails()
    {
        await CreatePod("slow", new PodSpec { Containers = [new Container { Name = "main", Image = "hangs:v1", LivenessProbe = Http("/healthz", initialDelay: 10, timeout: 2) }] });
        var pod = await PodWhere("slow", p => p.Status?.Phase == "Running", "running");

        var message = $"Liveness probe failed: Get \"http://{pod.Status!.PodIP}:8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)";

        await AdvanceUntil(async () => (await Client.Events("default").ListAsync()).Items.FirstOrDefault(e => e.InvolvedObject.Name == "slow" && e.Message == message), TimeSpan.FromSeconds(1), "probe timeout");
        await EventFor("slow", "Unhealthy", $"Liveness probe failed: Get \"http://{pod.Status!.PodIP}:8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    }

    [Fact]
    public async Task A_workload_flips_its_readiness_flag_and_the_exec_readiness_probe_follows()
    {
        await CreatePod("flags", new PodSpec { Containers = [new Container { Name = "main", Image = "flags:v1", ReadinessProbe = new Probe { Exec = new ExecAction { Command = ["cat", "/tmp/ready"] }, PeriodSeconds = 10, FailureThreshold = 1 } }] });
        var running = await PodWhere("flags", p => p.Status?.Phase == "Running", "running");
        Assert.Equal("False", Condition(running, "Ready")?.Status);
        await EventFor("flags", "Unhealthy", "Readiness probe failed: ");

        await AdvanceUntil(async () => await Client.Pods("default").GetAsync("flags") is { } p && Condition(p, "Ready")?.Status == "True" ? p : null,
            TimeSpan.FromSeconds(5), "ready once the workload says so");
    }

    [Fact]
    public async Task Containers_without_a_workload_pass_their_probes()
    {
        await CreatePod("plain", new PodSpec
        {
            Containers = [new Container
            {
                Name = "main", Image = "nginx:1.27",
                Ports = [new ContainerPort { Name = "http", Port = 80 }],
                ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/", Port = new IntOrString("http") } },
                LivenessProbe = new Probe { Grpc = new GrpcAction { Port = 9090 }, PeriodSeconds = 1, FailureThreshold = 1 },
            }],
        });
        await PodWhere("plain", p => Condition(p, "Ready")?.Status == "True", "Ready");

        await Advance(TimeSpan.FromSeconds(5));

        var pod = await Client.Pods("default").GetAsync("plain");
        Assert.Equal(0, MainOf(pod)!.RestartCount);
        Assert.DoesNotContain((await Client.Events("default").ListAsync()).Items, e => e.Reason == "Unhealthy");
    }
}
