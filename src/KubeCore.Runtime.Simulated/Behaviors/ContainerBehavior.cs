namespace KubeCore.Runtime.Simulated.Behaviors;

/// <summary>
/// How a simulated container behaves, beyond what its workload does: the KWOK "stages" idea. Built with
/// <see cref="ContainerBehaviorBuilder"/> for an image, or from <c>sim.kubecore.dev/…</c> pod annotations.
/// </summary>
public sealed record ContainerBehavior
{
    /// <summary>The behavior of a container nothing is configured for: starts at once, runs until stopped, probes succeed.</summary>
    public static ContainerBehavior Default { get; } = new();

    /// <summary>Extra time from creating the container to it running. Default 0.</summary>
    public TimeSpan StartDelay { get; init; }
    /// <summary>Up to this much more start delay, drawn from the runtime's seeded random source. Default 0.</summary>
    public TimeSpan StartJitter { get; init; }
    /// <summary>The container's process exits this long after it starts (null: it runs until stopped).</summary>
    public TimeSpan? ExitAfter { get; init; }
    /// <summary>The exit code when <see cref="ExitAfter"/> elapses.</summary>
    public int ExitCode { get; init; }
    /// <summary>Readiness probes fail; a container without one is never marked ready.</summary>
    public bool FailReadiness { get; init; }
    /// <summary>Liveness probes fail once the container has run this long (null: they succeed). Needs a liveness probe to have an effect.</summary>
    public TimeSpan? FailLivenessAfter { get; init; }
    /// <summary>Startup probes fail, so the container is restarted after the probe's failureThreshold.</summary>
    public bool FailStartup { get; init; }
}
