using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Scheduling.Tests;

/// <summary>A cluster on virtual time with a scheduler, plus helpers to create nodes and pods and wait for outcomes.</summary>
public abstract class SchedulerTest : IAsyncLifetime
{
    private readonly SemaphoreSlim _changed = new(0);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    protected KubeCluster Cluster { get; private set; } = null!;
    protected Scheduler Scheduler { get; private set; } = null!;
    protected RecordingEventRecorder Recorder { get; } = new();
    protected Client.KubeClient Client => Cluster.Client;

    /// <summary>Override to add profiles or change settings.</summary>
    protected virtual void ConfigureScheduler(SchedulerBuilder builder) { }

    public async Task InitializeAsync()
    {
        Cluster = await KubeCluster.CreateBuilder().UseTimeProvider(Time).StartAsync();
        Recorder.Recorded += Signal;
        Scheduler = await Cluster.StartSchedulerAsync(s =>
        {
            s.UseEventRecorder(Recorder);
            ConfigureScheduler(s);
        });
        // Registered after the scheduler's handlers, so a signal means the scheduler has already seen the change.
        Cluster.Informers.GetInformer<Pod>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal());
        Cluster.Informers.GetInformer<Node>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal());
    }

    public async Task DisposeAsync()
    {
        await Scheduler.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Wakes <see cref="Eventually(Func{Task{bool}}, string)"/> to re-check its condition.</summary>
    protected void Signal() => _changed.Release();

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, re-checking on every pod, node and event change (and every 50 ms
    /// for changes nothing announces, such as a pod reaching Permit). Virtual time never moves here: tests advance it.
    /// </summary>
    protected async Task Eventually(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            try { await _changed.WaitAsync(TimeSpan.FromMilliseconds(50), timeout.Token); }
            catch (OperationCanceledException) { Assert.Fail("timed out waiting for " + what); }
        }
    }

    protected Task Eventually(Func<bool> condition, string what) => Eventually(() => Task.FromResult(condition()), what);

    protected async Task<Pod> Get(string name) => await Client.Pods("default").GetAsync(name);

    /// <summary>Waits until the pod is bound and returns its node.</summary>
    protected async Task<string> ScheduledNode(string name)
    {
        string? node = null;
        await Eventually(async () => (node = (await Get(name)).Spec?.NodeName) is { Length: > 0 }, $"pod {name} to be scheduled");
        return node!;
    }

    /// <summary>Waits until the pod has a PodScheduled=False condition and returns it.</summary>
    protected async Task<PodCondition> UnschedulableCondition(string name, string? messageContains = null)
    {
        PodCondition? condition = null;
        await Eventually(async () =>
        {
            condition = (await Get(name)).Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
            return condition is not null && (messageContains is null || condition.Message!.Contains(messageContains, StringComparison.Ordinal));
        }, $"pod {name} to be reported unschedulable");
        return condition!;
    }

    protected async Task<Node> CreateNode(string name, string cpu = "4", string memory = "8Gi", int pods = 110,
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyList<Taint>? taints = null, bool unschedulable = false,
        IReadOnlyList<ContainerImage>? images = null)
    {
        var resources = new Dictionary<string, Quantity>
        {
            ["cpu"] = Quantity.Parse(cpu),
            ["memory"] = Quantity.Parse(memory),
            ["pods"] = Quantity.FromInt64(pods),
        };
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { ["kubernetes.io/hostname"] = name };
        var node = await Client.Nodes().CreateAsync(new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = allLabels },
            Spec = new NodeSpec { Taints = taints, Unschedulable = unschedulable ? true : null },
            Status = new NodeStatus { Capacity = resources, Allocatable = resources, Images = images },
        });
        // Nodes and pods arrive through separate informers: make sure the scheduler knows the node before pods come.
        await Eventually(() => Scheduler.Cache.Snapshot().Get(name) is not null, $"scheduler to see node {name}");
        return node;
    }

    protected static Pod NewPod(string name, string? cpu = null, string? memory = null, IReadOnlyDictionary<string, string>? labels = null,
        string image = "nginx:1.27")
    {
        var requests = new Dictionary<string, Quantity>();
        if (cpu is not null) requests["cpu"] = Quantity.Parse(cpu);
        if (memory is not null) requests["memory"] = Quantity.Parse(memory);
        return new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "default", Labels = labels },
            Spec = new PodSpec
            {
                Containers = [new Container { Name = "app", Image = image, Resources = requests.Count == 0 ? null : new ResourceRequirements { Requests = requests } }],
            },
        };
    }

    protected async Task<Pod> CreatePod(Pod pod) => await Client.Pods("default").CreateAsync(pod);

    protected Task<Pod> CreatePod(string name, string? cpu = null, string? memory = null) => CreatePod(NewPod(name, cpu, memory));

    protected static IReadOnlyDictionary<string, string> Labels(params string[] keyValues)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i < keyValues.Length; i += 2) d[keyValues[i]] = keyValues[i + 1];
        return d;
    }
}
