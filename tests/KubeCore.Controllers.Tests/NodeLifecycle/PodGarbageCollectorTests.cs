using KubeCore.Models;

namespace KubeCore.Controllers.Tests.NodeLifecycle;

public sealed class PodGarbageCollectorTests : NodeLifecycleTest
{
    protected override void ConfigureControllers(BuiltInControllersOptions options) => options.TerminatedPodGcThreshold = 2;

    [Fact]
    public async Task Pods_of_a_deleted_node_are_force_deleted_after_the_quarantine()
    {
        await RunPodAsync("web", "node-1");
        SimulatedNode("node-1").Fail();
        await Client.Nodes().DeleteAsync("node-1");

        await AdvanceAsync(TimeSpan.FromSeconds(35));
        Assert.NotNull(await Client.Pods("default").TryGetAsync("web")); // still within the 40 s quarantine
        await UntilAsync(async () => await Client.Pods("default").TryGetAsync("web") is null, TimeSpan.FromSeconds(40), "the orphaned pod is gone");
    }

    [Fact]
    public async Task Terminated_pods_beyond_the_threshold_are_deleted_oldest_first()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            // Unschedulable on purpose (no node has that label), so nothing but this test writes their status.
            var pod = await Client.Pods("default").CreateAsync(new Pod
            {
                Metadata = new ObjectMeta { Name = name },
                Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "busybox" }], NodeSelector = new Dictionary<string, string> { ["pool"] = "none" } },
            });
            while (true)
            {
                try { await Client.Pods("default").UpdateStatusAsync(pod with { Status = pod.Status! with { Phase = "Succeeded" } }); break; }
                catch (KubeCore.Api.ConflictException) { pod = await Client.Pods("default").GetAsync(name); } // the scheduler reported it unschedulable meanwhile
            }
            Time.Advance(TimeSpan.FromSeconds(1));
        }
        await UntilAsync(async () => (await Client.Pods("default").ListAsync()).Items.Count == 2, TimeSpan.FromSeconds(90), "two pods are left");
        Assert.Equal(["c", "d"], (await Client.Pods("default").ListAsync()).Items.Select(p => p.Metadata.Name).Order());
    }
}
