using KubeCore.Api;
using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.Deployments;

/// <summary>A cluster on virtual time running only the Deployment controller; tests play the ReplicaSet controller by writing ReplicaSet status.</summary>
public abstract class DeploymentTestBase : IAsyncLifetime
{
    protected const string Ns = "default";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _changed = new(0);
    private readonly List<IDisposable> _handlers = [];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    protected KubeCluster Cluster { get; private set; } = null!;
    protected KubeCore.Client.KubeClient Client => Cluster.Client;

    /// <summary>The clock the cluster runs on; <see cref="Time"/> unless a test observes it.</summary>
    protected virtual TimeProvider ClusterClock => Time;

    public async Task InitializeAsync()
    {
        Cluster = await KubeCluster.CreateBuilder().UseTimeProvider(ClusterClock).AddDeploymentController().StartAsync();
        _handlers.Add(Cluster.Informers.GetInformer<ReplicaSet>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
        _handlers.Add(Cluster.Informers.GetInformer<Deployment>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
        _handlers.Add(Cluster.Informers.GetInformer<Event>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
    }

    public async Task DisposeAsync()
    {
        foreach (var h in _handlers) h.Dispose();
        await Cluster.DisposeAsync();
    }

    /// <summary>Wakes <see cref="WaitUntilAsync"/> to re-check its condition.</summary>
    protected void Signal() => _changed.Release();

    /// <summary>Re-checks <paramref name="condition"/> after every Deployment, ReplicaSet or Event change until it holds.</summary>
    protected async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        while (!await condition())
            if (!await _changed.WaitAsync(Timeout)) throw new TimeoutException("timed out waiting until " + what);
    }

    protected static Deployment NewDeployment(string name, int replicas = 3, string image = "nginx:1.0", DeploymentStrategy? strategy = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Ns },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, image),
            Strategy = strategy,
        },
    };

    protected static PodTemplateSpec Template(string app, string image) => new()
    {
        Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new PodSpec { Containers = [new Container { Name = "web", Image = image }] },
    };

    protected static DeploymentStrategy Rolling(IntOrString surge, IntOrString unavailable) => new()
    {
        Type = "RollingUpdate",
        RollingUpdate = new RollingUpdateDeployment { MaxSurge = surge, MaxUnavailable = unavailable },
    };

    protected async Task<List<ReplicaSet>> ReplicaSetsAsync() =>
        [.. (await Client.ReplicaSets(Ns).ListAsync()).Items.OrderBy(rs => rs.Metadata.CreationTimestamp?.Value).ThenBy(rs => rs.Metadata.Name)];

    protected Task<Deployment> GetAsync(string name) => Client.Deployments(Ns).GetAsync(name);

    protected Task<Deployment> ChangeAsync(string name, Func<Deployment, Deployment> change) =>
        Client.Deployments(Ns).UpdateWithRetryAsync(name, change);

    protected static Deployment WithImage(Deployment d, string image) =>
        d with { Spec = d.Spec! with { Template = Template(d.Metadata.Name!, image) } };

    /// <summary>Plays the ReplicaSet controller: reports a ReplicaSet as having <paramref name="available"/> pods (spec.replicas when null), all ready and available.</summary>
    protected async Task ReportPodsAsync(string rsName, int? replicas = null, int? available = null)
    {
        var client = Client.ReplicaSets(Ns);
        while (true)
        {
            var rs = await client.GetAsync(rsName);
            var count = replicas ?? rs.Spec?.Replicas ?? 0;
            var avail = available ?? count;
            try
            {
                await client.UpdateStatusAsync(rs with
                {
                    Status = new ReplicaSetStatus { Replicas = count, FullyLabeledReplicas = count, ReadyReplicas = avail, AvailableReplicas = avail, ObservedGeneration = rs.Metadata.Generation },
                });
                return;
            }
            catch (ConflictException) { }
        }
    }

    /// <summary>Plays the ReplicaSet controller for every ReplicaSet: all its desired pods exist and are available.</summary>
    protected async Task ReportAllAvailableAsync()
    {
        foreach (var rs in await ReplicaSetsAsync()) await ReportPodsAsync(rs.Metadata.Name!);
    }

    protected async Task WaitForRolloutAsync(string name) =>
        await WaitUntilAsync(async () => RolloutStatus.Evaluate(await GetAsync(name)).Done, $"deployment {name} rolled out");

    /// <summary>Plays the ReplicaSet controller until the rollout is done: report pods available, wait for the controller to move, repeat.</summary>
    protected async Task DriveRolloutAsync(string name)
    {
        for (var i = 0; i < 50; i++)
        {
            var before = await SizesKeyAsync();
            await ReportAllAvailableAsync();
            await WaitUntilAsync(async () => RolloutStatus.Evaluate(await GetAsync(name)).Done || await SizesKeyAsync() != before, "the rollout moves");
            if (RolloutStatus.Evaluate(await GetAsync(name)).Done && await AllReportedAsync()) return;
        }
        throw new TimeoutException("rollout did not finish");
    }

    private async Task<string> SizesKeyAsync() =>
        string.Join(",", (await ReplicaSetsAsync()).Select(rs => rs.Metadata.Name + ":" + rs.Spec?.Replicas));

    private async Task<bool> AllReportedAsync() =>
        (await ReplicaSetsAsync()).All(rs => (rs.Status?.Replicas ?? 0) == (rs.Spec?.Replicas ?? 0) && (rs.Status?.AvailableReplicas ?? 0) == (rs.Spec?.Replicas ?? 0));

    protected async Task<List<string>> EventMessagesAsync(string reason) =>
        [.. (await Client.Events(Ns).ListAsync()).Items.Where(e => e.Reason == reason).OrderBy(e => e.Metadata.CreationTimestamp?.Value).Select(e => e.Message ?? "")];
}
