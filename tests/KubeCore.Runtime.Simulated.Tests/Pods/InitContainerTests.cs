using KubeCore.Models;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Tests.Pods;

public sealed class InitContainerTests : SimulatedClusterTest
{
    protected override void ConfigureRuntime(SimulatedRuntimeOptions options)
    {
        options.Workloads.Map("migrate:v1", async ctx =>
        {
            await ctx.Log.WriteLineAsync("migrating");
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.TimeProvider, ctx.Stopping);
            await ctx.Log.WriteLineAsync("migrated");
            return 0;
        });
    }

    private static ContainerStatus? Init(Pod pod, string name) => pod.Status?.InitContainerStatuses?.FirstOrDefault(c => c.Name == name);

    [Fact]
    public async Task Init_containers_run_to_completion_in_order_before_the_app_containers_start()
    {
        await CreatePod("app", new PodSpec
        {
            InitContainers = [new Container { Name = "migrate", Image = "migrate:v1" }, new Container { Name = "warm", Image = "busybox:1.36" }],
            Containers = [new Container { Name = "main", Image = "nginx:1.27" }],
        });

        var initializing = await PodWhere("app", p => Init(p, "migrate")?.State?.Running is not null, "first init container running");
        Assert.Equal("Pending", initializing.Status!.Phase);
        Assert.Equal("PodInitializing", Init(initializing, "warm")!.State!.Waiting!.Reason);
        Assert.Equal("PodInitializing", MainOf(initializing)!.State!.Waiting!.Reason);
        var initialized = Condition(initializing, "Initialized")!;
        Assert.Equal(("False", "ContainersNotInitialized", "containers with incomplete status: [migrate warm]"), (initialized.Status, initialized.Reason, initialized.Message));

        Time.Advance(TimeSpan.FromSeconds(30));

        var running = await PodWhere("app", p => p.Status?.Phase == "Running" && Condition(p, "Ready")?.Status == "True", "app running");
        Assert.All(running.Status!.InitContainerStatuses!, s => Assert.Equal(("Completed", 0, true), (s.State!.Terminated!.Reason, s.State.Terminated.ExitCode, s.Ready)));
        Assert.True(running.Status.InitContainerStatuses![0].State!.Terminated!.FinishedAt <= running.Status.InitContainerStatuses[1].State!.Terminated!.StartedAt);
        Assert.Equal("True", Condition(running, "Initialized")!.Status);
        Assert.Equal("migrating\nmigrated\n", Runtime.GetLogs("default", "app", "migrate"));
    }

    [Fact]
    public async Task A_failing_init_container_is_restarted_with_back_off_and_the_pod_stays_Pending()
    {
        await CreatePod("stuck", new PodSpec
        {
            InitContainers = [new Container { Name = "check", Image = "busybox:1.36" }],
            Containers = [new Container { Name = "main", Image = "nginx:1.27" }],
        }, new() { ["sim.kubecore.dev/check.exit-code"] = "2" });

        var pod = await PodWhere("stuck", p => Init(p, "check")?.State?.Waiting?.Reason == "CrashLoopBackOff", "Init:CrashLoopBackOff");

        Assert.Equal("Pending", pod.Status!.Phase);
        Assert.Equal(1, Init(pod, "check")!.RestartCount);
        Assert.Equal(("Error", 2), (Init(pod, "check")!.LastState!.Terminated!.Reason, Init(pod, "check")!.LastState!.Terminated!.ExitCode));
        Assert.Equal("PodInitializing", MainOf(pod)!.State!.Waiting!.Reason);
        Assert.Equal("False", Condition(pod, "Initialized")!.Status);
        await EventFor("stuck", "BackOff", $"Back-off restarting failed container check in pod stuck_default({pod.Metadata.Uid})");
    }

    [Fact]
    public async Task A_failing_init_container_under_restartPolicy_Never_fails_the_pod()
    {
        await CreatePod("once", new PodSpec
        {
            RestartPolicy = "Never",
            InitContainers = [new Container { Name = "check", Image = "busybox:1.36" }],
            Containers = [new Container { Name = "main", Image = "nginx:1.27" }],
        }, new() { ["sim.kubecore.dev/check.exit-code"] = "1" });

        var pod = await PodWhere("once", p => p.Status?.Phase == "Failed", "Failed");

        Assert.Equal(("Error", 1), (Init(pod, "check")!.State!.Terminated!.Reason, Init(pod, "check")!.State!.Terminated!.ExitCode));
        Assert.Equal(0, Init(pod, "check")!.RestartCount);
        Assert.Equal("PodInitializing", MainOf(pod)!.State!.Waiting!.Reason);
    }

    [Fact]
    public async Task A_sidecar_init_container_keeps_running_alongside_the_app_and_counts_for_readiness()
    {
        await CreatePod("meshed", new PodSpec
        {
            RestartPolicy = "Never",
            InitContainers = [new Container { Name = "proxy", Image = "envoy:1.31", RestartPolicy = "Always", ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = new IntOrString(15021) }, InitialDelaySeconds = 5 } }],
            Containers = [new Container { Name = "main", Image = "nginx:1.27" }],
        }, new() { ["sim.kubecore.dev/main.exit-after"] = "60s" });

        var running = await PodWhere("meshed", p => p.Status?.Phase == "Running" && MainOf(p)?.State?.Running is not null, "app running");
        Assert.NotNull(Init(running, "proxy")!.State!.Running);
        Assert.True(Init(running, "proxy")!.Started);
        Assert.Equal("True", Condition(running, "Initialized")!.Status);
        Assert.Equal("containers with unready status: [proxy]", Condition(running, "Ready")!.Message);

        Time.Advance(TimeSpan.FromSeconds(5));
        await PodWhere("meshed", p => Condition(p, "Ready")?.Status == "True", "ready with the sidecar ready");

        Time.Advance(TimeSpan.FromSeconds(55));

        // The app container finished: the sidecar is stopped, and the pod's phase follows the app container only.
        var done = await PodWhere("meshed", p => p.Status?.Phase == "Succeeded" && Init(p, "proxy")?.State?.Terminated is not null, "Succeeded");
        Assert.Equal(0, MainOf(done)!.State!.Terminated!.ExitCode);
    }
}
