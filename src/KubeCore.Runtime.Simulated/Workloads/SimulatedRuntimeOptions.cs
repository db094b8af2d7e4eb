using KubeCore.Runtime.Simulated.Behaviors;
using KubeCore.Runtime.Simulated.Images;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>Settings shared by the nodes of one <see cref="SimulatedRuntime"/>.</summary>
public sealed class SimulatedRuntimeOptions
{
    /// <summary>Images mapped to in-process workloads.</summary>
    public WorkloadMap Workloads { get; } = new();
    /// <summary>The simulated registry images are pulled from.</summary>
    public SimulatedImageRegistry Registry { get; } = new();
    /// <summary>Per-image container behavior (start delay, exit, failing probes); pods override it with <c>sim.kubecore.dev/…</c> annotations.</summary>
    public ContainerBehaviors Behaviors { get; } = new();
    /// <summary>Seed of the random source for jitter, so runs are reproducible. Default 1; read when the first jitter is drawn.</summary>
    public int Seed { get; set; } = 1;
    /// <summary>Commands every container of this runtime answers to <c>kubectl exec</c>, after its workload's own <c>ctx.Exec</c> handlers.</summary>
    public WorkloadExec Exec { get; } = new();
    /// <summary>Lines kept per container log. Default 1000.</summary>
    public int MaxLogLines { get; set; } = 1000;
}
