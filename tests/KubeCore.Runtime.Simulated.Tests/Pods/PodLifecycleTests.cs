using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Tests.Pods;

public sealed class PodLifecycleTests : SimulatedClusterTest
{
    protected override void ConfigureRuntime(SimulatedRuntimeOptions options) => options.Registry.Reject("missing:v1");

    [Fact]
    public async Task A_scheduled_pod_runs_Ready_with_an_IP_running_containers_and_kubelet_events()
    {
        await CreatePod("web");

        var pod = await PodWhere("web", p => p.Status?.Phase == "Running" && Condition(p, "Ready")?.Status == "True", "Running and Ready");

        Assert.StartsWith("10.244.", pod.Status!.PodIP, StringComparison.Ordinal);
        Assert.StartsWith("10.0.", pod.Status.HostIP, StringComparison.Ordinal);
        Assert.NotNull(pod.Status.StartTime);
        Assert.All(["PodScheduled", "Initialized", "ContainersReady", "Ready"], t => Assert.Equal("True", Condition(pod, t)?.Status));
        var main = MainOf(pod)!;
        Assert.NotNull(main.State!.Running!.StartedAt);
        Assert.StartsWith("kubecore://", main.ContainerID, StringComparison.Ordinal);
        Assert.Contains("sha256:", main.ImageID, StringComparison.Ordinal);
        Assert.True(main.Started);
        Assert.True(main.Ready);
        Assert.Equal(0, main.RestartCount);
        foreach (var reason in new[] { "Pulling", "Pulled", "Created", "Started" }) await EventFor("web", reason);
    }

    [Fact]
    public async Task Deleting_a_running_pod_kills_its_containers_and_removes_it()
    {
        await CreatePod("doomed");
        await PodWhere("doomed", p => p.Status?.Phase == "Running", "Running");

        await Client.Pods("default").DeleteAsync("doomed");

        await Eventually(async () => await Client.Pods("default").TryGetAsync("doomed") is null ? "gone" : null, "pod removed");
        var killing = await EventFor("doomed", "Killing");
        Assert.Equal("Stopping container main", killing.Message);
    }

    [Fact]
    public async Task A_readiness_probe_keeps_the_pod_unready_until_its_initial_delay_passes()
    {
        await CreatePod("slow", readiness: new Probe { InitialDelaySeconds = 5, HttpGet = new HttpGetAction { Path = "/", Port = new IntOrString(80) } });
        var running = await PodWhere("slow", p => p.Status?.Phase == "Running", "Running");
        Assert.Equal("False", Condition(running, "Ready")?.Status);
        Assert.False(MainOf(running)!.Ready);

        Time.Advance(TimeSpan.FromSeconds(5));

        var ready = await PodWhere("slow", p => Condition(p, "Ready")?.Status == "True", "Ready");
        Assert.True(MainOf(ready)!.Ready);
    }

    [Fact]
    public async Task A_rejected_image_leaves_the_container_waiting_in_ImagePullBackOff()
    {
        await CreatePod("broken", image: "missing:v1");

        var pod = await PodWhere("broken", p => MainOf(p)?.State?.Waiting?.Reason == "ImagePullBackOff", "ImagePullBackOff");

        Assert.Equal("Pending", pod.Status!.Phase);
        await EventFor("broken", "Failed");
    }

    [Fact]
    public async Task A_pulled_image_is_reported_in_the_node_status_at_the_next_heartbeat()
    {
        await CreatePod("cached", image: "redis:7.4");
        var pod = await PodWhere("cached", p => p.Status?.Phase == "Running", "Running");

        Time.Advance(TimeSpan.FromSeconds(10));

        await Eventually(async () => (await Client.Nodes().GetAsync(pod.Spec!.NodeName!)).Status!.Images?.FirstOrDefault(i => i.Names!.Contains("redis:7.4")), "image in node status");
    }
}
