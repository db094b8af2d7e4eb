using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Runtime.Simulated;
using KubeCore.Runtime.Simulated.Workloads;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Runtime.Simulated.Tests;

/// <summary>A cluster on virtual time with two simulated nodes and a scheduler, plus helpers to wait for outcomes.</summary>
public abstract class SimulatedClusterTest : IAsyncLifetime
{
    private readonly SemaphoreSlim _changed = new(0);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    protected KubeCluster Cluster { get; private set; } = null!;
    protected SimulatedRuntime Runtime { get; } = new();
    protected KubeClient Client => Cluster.Client;

    /// <summary>Override to map workloads or change the registry.</summary>
    protected virtual void ConfigureRuntime(SimulatedRuntimeOptions options) { }

    public async Task InitializeAsync()
    {
        ConfigureRuntime(Runtime.Options);
        Cluster = await KubeCluster.CreateBuilder().UseTimeProvider(Time)
            .AddNodes(2, n => n.UseRuntime(Runtime).WithCapacity(cpu: "4", memory: "8Gi", pods: 110))
            .UseScheduler()
            .StartAsync();
        Cluster.Informers.GetInformer<Pod>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal());
        Cluster.Informers.GetInformer<Lease>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal());
        Cluster.Informers.GetInformer<Event>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal());
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private void Signal() => _changed.Release();

    /// <summary>Waits (re-checking on every pod, lease or event change, and every 20 ms) until the condition holds. Virtual time never moves here.</summary>
    protected Task<T> Eventually<T>(Func<Task<T?>> probe, string what) where T : class => Waiting.Eventually(_changed, probe, what);

    /// <summary>Waits until the pod satisfies the condition and returns it.</summary>
    protected Task<Pod> PodWhere(string name, Func<Pod, bool> condition, string what) =>
        Eventually(async () => await Client.Pods("default").TryGetAsync(name) is { } p && condition(p) ? p : null, $"pod {name}: {what}");

    /// <summary>Waits until an event with this reason exists for the pod.</summary>
    protected Task<Event> EventFor(string pod, string reason) =>
        Eventually(async () => (await Client.Events("default").ListAsync()).Items.FirstOrDefault(e => e.InvolvedObject.Name == pod && e.Reason == reason), $"event {reason} for {pod}");

    /// <summary>Creates a pod in <c>default</c>.</summary>
    protected Task<Pod> CreatePod(string name, string image = "nginx:1.27", string? restartPolicy = null, Probe? readiness = null) =>
        Client.Pods("default").CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new PodSpec { RestartPolicy = restartPolicy, Containers = [new Container { Name = "main", Image = image, ReadinessProbe = readiness }] },
        });

    /// <summary>Creates a pod in <c>default</c> from a spec, with optional annotations.</summary>
    protected Task<Pod> CreatePod(string name, PodSpec spec, Dictionary<string, string>? annotations = null) =>
        Client.Pods("default").CreateAsync(new Pod { Metadata = new ObjectMeta { Name = name, Annotations = annotations }, Spec = spec });

    /// <summary>Waits until an event with this reason and message exists for the pod.</summary>
    protected Task<Event> EventFor(string pod, string reason, string message) =>
        Eventually(async () => (await Client.Events("default").ListAsync()).Items.FirstOrDefault(e => e.InvolvedObject.Name == pod && e.Reason == reason && e.Message == message), $"event {reason} \"{message}\" for {pod}");

    protected static PodCondition? Condition(Pod pod, string type) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    protected static ContainerStatus? MainOf(Pod pod) => pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == "main");

    /// <summary>Advances virtual time a step at a time until the condition holds (for outcomes whose timers start at unobservable moments).</summary>
    protected Task<T> AdvanceUntil<T>(Func<Task<T?>> probe, TimeSpan step, string what) where T : class =>
        Eventually(async () =>
        {
            if (await probe() is { } result) return result;
            Time.Advance(step);
            return null;
        }, what);

    /// <summary>Advances virtual time in small steps so periodic loops observe each tick.</summary>
    protected async Task Advance(TimeSpan total, TimeSpan? step = null)
    {
        var s = step ?? TimeSpan.FromSeconds(1);
        for (var t = TimeSpan.Zero; t < total; t += s)
        {
            Time.Advance(s);
            await Task.Yield();
        }
    }
}
