using System.Collections.Concurrent;
using KubeCore.Runtime.Simulated.Pods;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated;

/// <summary>The container runtime shared by simulated nodes: workload mappings, registry, behaviors, and container logs.</summary>
public sealed class SimulatedRuntime
{
    private readonly ConcurrentDictionary<(string Ns, string Pod, string Container), ContainerLogs> _logs = new();
    private readonly ConcurrentDictionary<PodManager, bool> _nodes = new();
    private readonly object _randomGate = new();
    private Random? _random;

    /// <summary>Creates a runtime, optionally configuring workloads, the registry and behaviors.</summary>
    public SimulatedRuntime(Action<SimulatedRuntimeOptions>? configure = null) => configure?.Invoke(Options);

    /// <summary>The runtime's settings.</summary>
    public SimulatedRuntimeOptions Options { get; } = new();

    /// <summary>
    /// The log of a container's current (or last) run, the last <see cref="SimulatedRuntimeOptions.MaxLogLines"/> lines; with
    /// <paramref name="previous"/>, the run before it. Empty if unknown.
    /// </summary>
    public string GetLogs(string @namespace, string pod, string container, bool previous = false)
    {
        if (!_logs.TryGetValue((@namespace, pod, container), out var logs)) return "";
        var current = logs.Current;
        if (!previous) return current?.Read() ?? "";
        return logs.Previous?.Read() ?? "";
    }

    /// <summary>
    /// Kills a running container at once, as if its process died with <paramref name="exitCode"/> (default 137, SIGKILL);
    /// the pod's restart policy applies (<c>CrashLoopBackOff</c> and all).
    /// </summary>
    /// <exception cref="InvalidOperationException">No node of this runtime runs the pod, or the container is not running.</exception>
    /// <exception cref="ArgumentException">The pod has no such container.</exception>
    public void KillContainer(string @namespace, string pod, string container, int exitCode = 137)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        foreach (var node in _nodes.Keys)
            if (node.TryKillContainer(@namespace, pod, container, exitCode)) return;
        throw new InvalidOperationException($"no simulated node of this runtime runs pod {@namespace}/{pod}");
    }

    internal void Attach(PodManager node) => _nodes[node] = true;
    internal void Detach(PodManager node) => _nodes.TryRemove(node, out _);

    /// <summary>A random duration in [0, <paramref name="max"/>] from the seeded source.</summary>
    internal TimeSpan NextJitter(TimeSpan max)
    {
        if (max <= TimeSpan.Zero) return TimeSpan.Zero;
        lock (_randomGate)
        {
            _random ??= new Random(Options.Seed);
            return TimeSpan.FromTicks((long)(_random.NextDouble() * max.Ticks));
        }
    }

    /// <summary>Starts the log of a new run of a container; the last run's log becomes its previous log.</summary>
    internal ContainerLog StartLog(string ns, string pod, string container, string containerId, TimeProvider time) =>
        _logs.GetOrAdd((ns, pod, container), _ => new ContainerLogs(Options.MaxLogLines, time)).Start(containerId);

    /// <summary>The log instances of a container, or null.</summary>
    internal ContainerLogs? LogsOf(string ns, string pod, string container) => _logs.TryGetValue((ns, pod, container), out var logs) ? logs : null;

    internal void RemoveLogs(string ns, string pod)
    {
        foreach (var key in _logs.Keys)
            if (key.Ns == ns && key.Pod == pod && _logs.TryRemove(key, out var logs)) logs.CompleteAll();
    }
}
