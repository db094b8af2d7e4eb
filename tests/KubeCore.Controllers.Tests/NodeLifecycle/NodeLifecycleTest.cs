using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.NodeLifecycle;

/// <summary>
/// Simulated nodes, the scheduler and the built-in controllers on virtual time, with a clock driver that moves time in
/// steps and, after each, waits until every live node has renewed its Lease, so healthy nodes never look dead because
/// the test outran them.
/// </summary>
public abstract class NodeLifecycleTest : IAsyncLifetime
{
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    protected KubeCluster Cluster { get; private set; } = null!;
    protected KubeClient Client => Cluster.Client;
    protected virtual int NodeCount => 3;

    /// <summary>Adjusts the built-in controllers' options.</summary>
    protected virtual void ConfigureControllers(BuiltInControllersOptions options) { }

    /// <summary>Adjusts the simulated nodes.</summary>
    protected virtual void ConfigureNodes(KubeCore.Runtime.Simulated.Nodes.SimulatedNodeBuilder nodes) { }

    public async Task InitializeAsync()
    {
        Cluster = await KubeCluster.CreateBuilder().UseTimeProvider(Time)
            .AddNodes(NodeCount, ConfigureNodes)
            .UseScheduler()
            .AddBuiltInControllers(ConfigureControllers)
            .StartAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    protected DateTimeOffset Now => Time.GetUtcNow();

    protected SimulatedNode SimulatedNode(string name) => Cluster.GetSimulatedNodes().Single(n => n.Name == name);

    /// <summary>Moves virtual time forward by <paramref name="span"/> in steps, letting the cluster catch up after each.</summary>
    protected async Task AdvanceAsync(TimeSpan span, TimeSpan? step = null)
    {
        var end = Now + span;
        while (Now < end)
        {
            var next = step ?? TimeSpan.FromSeconds(5);
            if (Now + next > end) next = end - Now;
            Time.Advance(next);
            await SettleAsync();
        }
    }

    /// <summary>Advances virtual time in steps until <paramref name="condition"/> holds, at most <paramref name="limit"/> of virtual time.</summary>
    protected async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, TimeSpan? step = null)
    {
        var end = Now + limit;
        while (!await condition())
        {
            if (Now >= end) Assert.Fail($"not true after {limit} of virtual time: {what}");
            var next = step ?? TimeSpan.FromSeconds(5);
            if (Now + next > end) next = end - Now;
            Time.Advance(next);
            await SettleAsync();
        }
    }

    /// <summary>Waits (in real time, without moving the clock) until <paramref name="condition"/> holds.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + RealTimeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail("timed out waiting until " + what);
            await Task.Delay(10);
        }
    }

    // Every running node renews its Lease every 10 s on the virtual clock: wait until each has caught up with now.
    private async Task SettleAsync()
    {
        await Task.Delay(5);
        foreach (var node in Cluster.GetSimulatedNodes().Where(n => n.IsRunning))
        {
            await EventuallyAsync(async () =>
                (await Client.Leases("kube-node-lease").TryGetAsync(node.Name))?.Spec?.RenewTime is { } renewed
                && Now - renewed.Value < node.Options.LeaseRenewInterval, $"node {node.Name} renewed its lease");
        }
    }

    protected Task<Node> NodeAsync(string name) => Client.Nodes().GetAsync(name);

    protected static NodeCondition Condition(Node node, string type) => node.Status!.Conditions!.Single(c => c.Type == type);

    protected static Taint? TaintOf(Node node, string key, string effect) => node.Spec?.Taints?.FirstOrDefault(t => t.Key == key && t.Effect == effect);

    /// <summary>Creates a pod bound to <paramref name="node"/> and waits until it runs.</summary>
    protected async Task<Pod> RunPodAsync(string name, string node, params Toleration[] tolerations)
    {
        await Client.Pods("default").CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "main", Image = "nginx:1.27" }], Tolerations = tolerations.Length == 0 ? null : tolerations },
        });
        Pod? pod = null;
        await EventuallyAsync(async () => (pod = await Client.Pods("default").GetAsync(name)).Status?.Phase == "Running", $"pod {name} runs");
        return pod!;
    }

    protected async Task<bool> IsGoneOrTerminatingAsync(string name) =>
        await Client.Pods("default").TryGetAsync(name) is not { Metadata.DeletionTimestamp: null };

    protected async Task<List<Event>> EventsAsync(string reason) =>
        [.. (await Client.Events("default").ListAsync()).Items.Where(e => e.Reason == reason)];
}
