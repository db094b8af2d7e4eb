using System.Collections.Concurrent;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>Maps container images to .NET code that runs while the container runs.</summary>
public sealed class WorkloadMap
{
    private readonly ConcurrentDictionary<string, Func<WorkloadContext, Task<int>>> _map = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="workload"/> for containers of <paramref name="image"/>; its result is the exit code.</summary>
    public WorkloadMap Map(string image, Func<WorkloadContext, Task<int>> workload)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(workload);
        _map[image] = workload;
        return this;
    }

    /// <summary>The workload for an image, or null: such containers run until they are terminated.</summary>
    public Func<WorkloadContext, Task<int>>? Find(string? image) => image is not null && _map.TryGetValue(image, out var w) ? w : null;
}
