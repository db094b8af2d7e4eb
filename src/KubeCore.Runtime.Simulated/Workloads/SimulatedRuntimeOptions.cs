using KubeCore.Runtime.Simulated.Images;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>Settings shared by the nodes of one <see cref="SimulatedRuntime"/>.</summary>
public sealed class SimulatedRuntimeOptions
{
    /// <summary>Images mapped to in-process workloads.</summary>
    public WorkloadMap Workloads { get; } = new();
    /// <summary>The simulated registry images are pulled from.</summary>
    public SimulatedImageRegistry Registry { get; } = new();
    /// <summary>Lines kept per container log. Default 1000.</summary>
    public int MaxLogLines { get; set; } = 1000;
}
