using KubeCore.Events;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Scheduling.Cache;
using KubeCore.Scheduling.Framework;
using KubeCore.Scheduling.Plugins;
using KubeCore.Scheduling.Plugins.InterPodAffinity;
using KubeCore.Scheduling.Plugins.PodTopologySpread;
using KubeCore.Scheduling.Queue;

namespace KubeCore.Scheduling;

/// <summary>
/// A kube-scheduler for a <see cref="KubeCluster"/>: watches unscheduled pods whose <c>spec.schedulerName</c> names one
/// of its profiles, filters and scores nodes with the profile's plugins, and binds through <c>pods/binding</c>.
/// Start it with <see cref="StartAsync"/> (or <c>cluster.StartSchedulerAsync()</c>) and dispose it to stop.
/// </summary>
/// <example>
/// <code>
/// await using var scheduler = new Scheduler();
/// await scheduler.StartAsync(cluster);
/// </code>
/// </example>
public sealed partial class Scheduler : IAsyncDisposable
{
    private readonly SchedulerOptions _options;
    private readonly List<IDisposable> _registrations = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly object _bindingsGate = new();
    private readonly HashSet<Task> _bindings = [];
    private Dictionary<string, ProfileFramework> _profiles = new(StringComparer.Ordinal);
    private SchedulerServices? _services;
    private SchedulingQueue? _queue;
    private Lister<Pod>? _pods;
    private Lister<PriorityClass>? _priorityClasses;
    private Random _random = new(0);
    private Task? _loop;
    private int _nextStartNodeIndex;
    private int _started;
    private int _disposed;

    /// <summary>Creates a scheduler with <paramref name="options"/> (defaults: one <c>default-scheduler</c> profile).</summary>
    public Scheduler(SchedulerOptions? options = null) => _options = options ?? new SchedulerOptions();

    /// <summary>Composes a scheduler fluently.</summary>
    public static SchedulerBuilder CreateBuilder() => new();

    /// <summary>The settings.</summary>
    public SchedulerOptions Options => _options;

    /// <summary>The scheduler's cache of nodes and pods (available once started).</summary>
    public SchedulerCache Cache { get; } = new();

    /// <summary>The scheduling queue (available once started).</summary>
    public SchedulingQueue Queue => _queue ?? throw new InvalidOperationException("the scheduler is not started");

    /// <summary>The profiles by scheduler name (available once started).</summary>
    public IReadOnlyDictionary<string, ProfileFramework> Profiles => _profiles;

    /// <summary>
    /// Starts watching the cluster and scheduling: waits for the node, pod, namespace and PriorityClass informers to
    /// list, then runs the scheduling loop in the background.
    /// </summary>
    public async Task StartAsync(KubeCluster cluster, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Validate(_options);
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("the scheduler is already started");
        var time = cluster.TimeProvider;
        _services = new SchedulerServices(cluster.Client, time, _options.EventRecorder ?? NullEventRecorder.Instance);
        _random = new Random(_options.RandomSeed);
        _queue = new SchedulingQueue(time, _options.PodInitialBackoff, _options.PodMaxBackoff, _options.PodMaxInUnschedulablePodsDuration);
        var profiles = _options.Profiles.Count == 0 ? [new SchedulerProfile()] : _options.Profiles;
        foreach (var profile in profiles)
        {
            var plugins = DefaultPlugins.Create(profile);
            _profiles[profile.SchedulerName] = new ProfileFramework(profile.SchedulerName, plugins, WeightsFor(profile, plugins), _services,
                profile.PercentageOfNodesToScore);
        }

        var informers = cluster.Informers;
        var nodeInformer = informers.GetInformer<Node>();
        var podInformer = informers.GetInformer<Pod>();
        var pcInformer = informers.GetInformer<PriorityClass>();
        var nsInformer = informers.GetInformer<Namespace>();
        informers.Start();
        await Task.WhenAll(nodeInformer.WaitForSyncAsync(cancellationToken), podInformer.WaitForSyncAsync(cancellationToken),
            pcInformer.WaitForSyncAsync(cancellationToken), nsInformer.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
        _pods = podInformer.Lister;
        _priorityClasses = pcInformer.Lister;
        var namespaces = nsInformer.Lister;
        Cache.UseNamespaceLabels(ns => namespaces.Get(null, ns)?.Metadata.Labels);
        _registrations.Add(nodeInformer.AddEventHandler(OnNodeAdd, OnNodeUpdate, OnNodeDelete));
        _registrations.Add(podInformer.AddEventHandler(OnPodAdd, OnPodUpdate, OnPodDelete));
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    private static Dictionary<string, int> WeightsFor(SchedulerProfile profile, List<IPlugin> plugins)
    {
        var weights = new Dictionary<string, int>(DefaultPlugins.Weights, StringComparer.Ordinal);
        // Custom plugins sit between the built-in ones and DefaultBinder, in registration order.
        var customStart = plugins.Count - profile.CustomPlugins.Count - (plugins.Count > 0 && plugins[^1] is Plugins.DefaultBinder.DefaultBinderPlugin ? 1 : 0);
        for (var i = 0; i < profile.CustomPlugins.Count; i++)
        {
            var plugin = plugins[customStart + i];
            if (!profile.PluginWeights.ContainsKey(plugin.Name)) weights[plugin.Name] = profile.CustomPlugins[i].Weight;
        }
        foreach (var (name, weight) in profile.PluginWeights) weights[name] = weight;
        return weights;
    }

    /// <summary>Checks settings the way kube-scheduler validates its configuration.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or two profiles share a scheduler name.</exception>
    public static void Validate(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PercentageOfNodesToScore is < 0 or > 100)
            throw new ArgumentException($"percentageOfNodesToScore: Invalid value: {options.PercentageOfNodesToScore}: not in valid range [0-100]", nameof(options));
        if (options.PodInitialBackoff <= TimeSpan.Zero || options.PodMaxBackoff < options.PodInitialBackoff)
            throw new ArgumentException("podInitialBackoff must be positive and podMaxBackoff at least podInitialBackoff", nameof(options));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in options.Profiles)
        {
            if (string.IsNullOrEmpty(profile.SchedulerName)) throw new ArgumentException("profiles[].schedulerName: Required value", nameof(options));
            if (!names.Add(profile.SchedulerName)) throw new ArgumentException($"profiles[].schedulerName: Duplicate value: \"{profile.SchedulerName}\"", nameof(options));
            if (profile.PercentageOfNodesToScore is < 0 or > 100)
                throw new ArgumentException($"profiles[].percentageOfNodesToScore: Invalid value: {profile.PercentageOfNodesToScore}: not in valid range [0-100]", nameof(options));
        }
    }

    /// <summary>Whether this scheduler has a profile for the pod's <c>spec.schedulerName</c>.</summary>
    public bool IsResponsibleFor(Pod pod) => _profiles.ContainsKey(SchedulerNameOf(pod));

    private static string SchedulerNameOf(Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.SchedulerName) ? SchedulerOptions.DefaultSchedulerName : pod.Spec.SchedulerName;

    /// <summary>The pod with <c>spec.priority</c> resolved from its PriorityClass (or the global default class, or 0) when the API left it unset.</summary>
    internal Pod ResolvePriority(Pod pod)
    {
        if (pod.Spec is null || pod.Spec.Priority is not null) return pod;
        var classes = _priorityClasses;
        int priority = 0;
        if (classes is not null)
        {
            PriorityClass? pc = string.IsNullOrEmpty(pod.Spec.PriorityClassName)
                ? classes.List(null, c => c.GlobalDefault == true).OrderByDescending(c => c.Value).FirstOrDefault()
                : classes.Get(null, pod.Spec.PriorityClassName);
            priority = pc?.Value ?? 0;
        }
        return pod with { Spec = pod.Spec with { Priority = priority } };
    }

    private static bool IsAssigned(Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    private void OnNodeAdd(Node node)
    {
        Cache.AddOrUpdateNode(node);
        _queue!.MoveAllToActiveOrBackoff("NodeAdd");
    }

    private void OnNodeUpdate(Node oldNode, Node newNode)
    {
        Cache.AddOrUpdateNode(newNode);
        if (SchedulingRelevantChange(oldNode, newNode)) _queue!.MoveAllToActiveOrBackoff("NodeUpdate");
    }

    private void OnNodeDelete(Node node) => Cache.RemoveNode(node.Metadata.Name ?? "");

    private static bool SchedulingRelevantChange(Node a, Node b)
    {
        static string Key(Node n) => System.Text.Json.JsonSerializer.Serialize(new object?[]
        {
            n.Metadata.Labels, n.Spec?.Unschedulable, n.Spec?.Taints?.Select(t => (t.Key, t.Value, t.Effect)).ToList(),
            n.Status?.Allocatable?.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()), n.Status?.Images?.Count,
        });
        return ReferenceEquals(a, b) || Key(a) != Key(b);
    }

    private void OnPodAdd(Pod pod)
    {
        pod = ResolvePriority(pod);
        if (IsAssigned(pod))
        {
            Cache.AddOrUpdatePod(pod);
            _queue!.MoveAllToActiveOrBackoff("AssignedPodAdd", AffectedByPods);
            return;
        }
        if (PodKeys.IsTerminating(pod) || !IsResponsibleFor(pod)) return;
        if (!string.IsNullOrEmpty(pod.Status?.NominatedNodeName)) _services!.Nominator.Add(pod, pod.Status.NominatedNodeName);
        _queue!.Add(pod);
    }

    private void OnPodUpdate(Pod oldPod, Pod newPod)
    {
        oldPod = ResolvePriority(oldPod);
        newPod = ResolvePriority(newPod);
        if (IsAssigned(newPod))
        {
            if (!IsAssigned(oldPod))
            {
                _queue!.Delete(newPod);
                _services!.Nominator.Remove(newPod);
            }
            Cache.AddOrUpdatePod(newPod);
            if (newPod.Status?.Phase is "Succeeded" or "Failed") _queue!.MoveAllToActiveOrBackoff("AssignedPodDelete");
            else if (!IsAssigned(oldPod) || !LabelsEqual(oldPod, newPod)) _queue!.MoveAllToActiveOrBackoff("AssignedPodUpdate", AffectedByPods);
            return;
        }
        if (!IsResponsibleFor(newPod)) return;
        // A late event about a pod this scheduler already assumed on a node must not queue it again.
        if (Cache.Contains(newPod)) return;
        if (PodKeys.IsTerminating(newPod)) { _queue!.Delete(newPod); _services!.Nominator.Remove(newPod); return; }
        _services!.Nominator.Update(newPod);
        _queue!.Update(oldPod, newPod);
    }

    private void OnPodDelete(Pod pod)
    {
        pod = ResolvePriority(pod);
        if (IsAssigned(pod))
        {
            Cache.RemovePod(pod);
            _queue!.MoveAllToActiveOrBackoff("AssignedPodDelete");
            return;
        }
        _services!.Nominator.Remove(pod);
        _queue!.Delete(pod);
        _services.WaitingPods.TryGetValue(PodKeys.Of(pod), out var waiting);
        waiting?.Reject("", "pod deleted");
    }

    private static bool AffectedByPods(QueuedPodInfo info) =>
        info.UnschedulablePlugins.Contains(InterPodAffinityPlugin.PluginName) || info.UnschedulablePlugins.Contains(PodTopologySpreadPlugin.PluginName);

    private static bool LabelsEqual(Pod a, Pod b)
    {
        var x = a.Metadata.Labels ?? new Dictionary<string, string>();
        var y = b.Metadata.Labels ?? new Dictionary<string, string>();
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>Stops scheduling, waits for bindings in flight and unregisters from the informers. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var r in _registrations) r.Dispose();
        if (_loop is not null)
        {
            try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        Task[] bindings;
        lock (_bindingsGate) bindings = [.. _bindings];
        try { await Task.WhenAll(bindings).ConfigureAwait(false); } catch (Exception) { }
        if (_queue is not null) await _queue.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed class NullEventRecorder : IEventRecorder
    {
        public static NullEventRecorder Instance { get; } = new();

        public void Record(KubeObject involved, string type, string reason, string message) { }
    }
}
