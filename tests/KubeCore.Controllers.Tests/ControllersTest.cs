using KubeCore.Client;
using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests;

/// <summary>A fresh cluster on virtual time with the built-in controllers, as a user would start one.</summary>
public abstract class ControllersTest : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    protected KubeCluster Cluster { get; private set; } = null!;
    protected KubeClient Client => Cluster.Client;

    /// <summary>Adjusts the cluster before it starts (e.g. admission plugins).</summary>
    protected virtual void Configure(KubeClusterBuilder builder) { }

    public async Task InitializeAsync()
    {
        var builder = KubeCluster.CreateBuilder().UseTimeProvider(Time).AddBuiltInControllers();
        Configure(builder);
        Cluster = await builder.StartAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds (bounded in real time), nudging the virtual clock by
    /// <paramref name="step"/> between polls so backoffs and rechecks on the cluster clock can fire.
    /// </summary>
    protected async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? step = null)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail("timed out waiting until " + what);
            Time.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(10);
        }
    }

    protected async Task<List<Pod>> PodsAsync(string ns = "default", string selector = "app=web") =>
        [.. (await Client.Pods(ns).ListAsync(selector)).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    protected async Task<List<Pod>> WaitForPodsAsync(int count, string ns = "default", string selector = "app=web")
    {
        List<Pod> pods = [];
        await Eventually(async () => (pods = await PodsAsync(ns, selector)).Count == count, $"{count} pods exist");
        return pods;
    }

    protected async Task<Pod> MarkReadyAsync(Pod pod) =>
        await Client.Pods(pod.Metadata.Namespace).UpdateStatusAsync(pod with
        {
            Status = new PodStatus
            {
                Phase = "Running",
                Conditions = [new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = KubeTime.Now(Time) }],
            },
        });

    protected static ReplicaSet ReplicaSet(string name = "web", int replicas = 3, int minReadySeconds = 0, string app = "web") => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app, ["tier"] = "front" } },
                Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] },
            },
        },
    };
}
