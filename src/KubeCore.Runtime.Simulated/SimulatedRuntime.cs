using System.Collections.Concurrent;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated;

/// <summary>The container runtime shared by simulated nodes: workload mappings, registry, and container logs.</summary>
public sealed class SimulatedRuntime
{
    private readonly ConcurrentDictionary<(string Ns, string Pod, string Container), ContainerLog> _logs = new();

    /// <summary>Creates a runtime, optionally configuring workloads and the registry.</summary>
    public SimulatedRuntime(Action<SimulatedRuntimeOptions>? configure = null) => configure?.Invoke(Options);

    /// <summary>The runtime's settings.</summary>
    public SimulatedRuntimeOptions Options { get; } = new();

    /// <summary>The log of a container (the last <see cref="SimulatedRuntimeOptions.MaxLogLines"/> lines), or empty if unknown.</summary>
    public string GetLogs(string @namespace, string pod, string container) =>
        _logs.TryGetValue((@namespace, pod, container), out var log) ? log.Read() : "";

    internal ContainerLog LogFor(string ns, string pod, string container) =>
        _logs.GetOrAdd((ns, pod, container), _ => new ContainerLog(Options.MaxLogLines));

    internal void RemoveLogs(string ns, string pod)
    {
        foreach (var key in _logs.Keys)
            if (key.Ns == ns && key.Pod == pod) _logs.TryRemove(key, out _);
    }
}
