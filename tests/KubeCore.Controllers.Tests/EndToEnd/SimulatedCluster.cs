using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.EndToEnd;

/// <summary>
/// A whole cluster on virtual time — simulated nodes, scheduler, built-in controllers — and a driver that moves the
/// clock only while nothing changes, so each wait costs virtual time, not real time.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _changed = new(0);
    private readonly List<IDisposable> _handlers = [];

    private SimulatedCluster(FakeTimeProvider time, KubeCluster cluster)
    {
        Time = time;
        Cluster = cluster;
        _handlers.Add(Cluster.Informers.GetInformer<Pod>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
        _handlers.Add(Cluster.Informers.GetInformer<ReplicaSet>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
        _handlers.Add(Cluster.Informers.GetInformer<Deployment>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
        _handlers.Add(Cluster.Informers.GetInformer<Node>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
    }

    public FakeTimeProvider Time { get; }
    public KubeCluster Cluster { get; }
    public KubeClient Client => Cluster.Client;
    public IReadOnlyList<SimulatedNode> Nodes => Cluster.GetSimulatedNodes();

    public static async Task<SimulatedCluster> StartAsync(int nodes = 3)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var cluster = await KubeCluster.CreateBuilder()
            .UseTimeProvider(time)
            .AddNodes(nodes, n => n.WithImagePullDuration(TimeSpan.FromSeconds(1)))
            .UseScheduler()
            .AddBuiltInControllers()
            .StartAsync();
        return new SimulatedCluster(time, cluster);
    }

    /// <summary>Returns the probe's first non-null answer; virtual time moves by <paramref name="step"/> whenever the cluster is quiet.</summary>
    public async Task<T> UntilAsync<T>(string what, Func<Task<T?>> probe, TimeSpan? budget = null, TimeSpan? step = null) where T : class
    {
        var deadline = Time.GetUtcNow() + (budget ?? TimeSpan.FromMinutes(5));
        using var realLimit = new CancellationTokenSource(RealTimeLimit);
        while (true)
        {
            if (await probe() is { } result) return result;
            if (realLimit.IsCancellationRequested) throw new TimeoutException($"{what}: the cluster kept changing for {RealTimeLimit} of real time");
            if (await _changed.WaitAsync(QuietPeriod))
            {
                while (_changed.Wait(0)) { }
                continue;
            }
            if (Time.GetUtcNow() >= deadline) throw new TimeoutException($"{what}: not reached within {budget ?? TimeSpan.FromMinutes(5)} of virtual time");
            Time.Advance(step ?? TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Lets virtual time pass while the cluster reacts.</summary>
    public async Task AdvanceAsync(TimeSpan duration, TimeSpan? step = null)
    {
        var until = Time.GetUtcNow() + duration;
        await UntilAsync("time passes", () => Task.FromResult(Time.GetUtcNow() >= until ? this : null), duration + TimeSpan.FromSeconds(1), step);
    }

    /// <summary>Waits until the Deployment's rollout is complete, as kubectl rollout status decides it.</summary>
    public Task<Deployment> RolledOutAsync(string name, string ns = "default", TimeSpan? budget = null) =>
        UntilAsync($"deployment {name} rolled out", async () =>
            await Client.Deployments(ns).GetAsync(name) is { } d && d.GetRolloutStatus() is { Done: true } ? d : null, budget);

    public static Deployment NewDeployment(string name, int replicas, string image, IntOrString surge, IntOrString unavailable, int readinessDelaySeconds = 2) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default" },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Strategy = new DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new RollingUpdateDeployment { MaxSurge = surge, MaxUnavailable = unavailable },
            },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new PodSpec
                {
                    TerminationGracePeriodSeconds = 5,
                    Containers =
                    [
                        new Container
                        {
                            Name = "app", Image = image,
                            ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/", Port = 8080 }, InitialDelaySeconds = readinessDelaySeconds },
                        },
                    ],
                },
            },
        },
    };

    public static bool IsReady(Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase == "Running"
        && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _handlers) h.Dispose();
        await Cluster.DisposeAsync();
        _changed.Dispose();
    }

    private void Signal()
    {
        try { _changed.Release(); }
        catch (ObjectDisposedException) { }
    }
}
