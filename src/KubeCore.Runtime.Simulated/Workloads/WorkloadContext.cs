namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>What an in-process workload sees while its container runs.</summary>
public sealed class WorkloadContext
{
    internal WorkloadContext(string ns, string podName, string containerName, IReadOnlyDictionary<string, string> env,
        TextWriter log, TimeProvider timeProvider, CancellationToken stopping, int restartCount)
    {
        Namespace = ns; PodName = podName; ContainerName = containerName; Environment = env; Log = log;
        TimeProvider = timeProvider; Stopping = stopping; RestartCount = restartCount;
    }

    /// <summary>The pod's namespace.</summary>
    public string Namespace { get; }
    /// <summary>The pod's name.</summary>
    public string PodName { get; }
    /// <summary>The container's name.</summary>
    public string ContainerName { get; }
    /// <summary>The container's environment (literal <c>env</c> values).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }
    /// <summary>The container's log (stdout); read it with <see cref="SimulatedRuntime.GetLogs"/>.</summary>
    public TextWriter Log { get; }
    /// <summary>The cluster's clock.</summary>
    public TimeProvider TimeProvider { get; }
    /// <summary>Fires when the container is being terminated (SIGTERM).</summary>
    public CancellationToken Stopping { get; }
    /// <summary>How many times this container has restarted before this run.</summary>
    public int RestartCount { get; }
    /// <summary>How the workload answers liveness, readiness and startup probes (handlers or flags).</summary>
    public WorkloadProbes Probes { get; } = new();
}
