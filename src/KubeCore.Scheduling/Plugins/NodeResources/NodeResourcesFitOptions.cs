namespace KubeCore.Scheduling.Plugins.NodeResources;

/// <summary>Settings of NodeResourcesFit (upstream <c>NodeResourcesFitArgs</c>).</summary>
public sealed class NodeResourcesFitOptions
{
    /// <summary>The scoring strategy; default <see cref="ScoringStrategyType.LeastAllocated"/>.</summary>
    public ScoringStrategyType ScoringStrategy { get; set; } = ScoringStrategyType.LeastAllocated;

    /// <summary>Resources scored and their weights; default cpu and memory, weight 1 each.</summary>
    public List<ResourceWeight> Resources { get; set; } = [new("cpu"), new("memory")];

    /// <summary>The RequestedToCapacityRatio shape; default (0,0),(100,10): the fuller the better.</summary>
    public List<UtilizationShapePoint> Shape { get; set; } = [new(0, 0), new(100, 10)];

    /// <summary>Resources that Filter ignores (e.g. extended resources managed elsewhere).</summary>
    public HashSet<string> IgnoredResources { get; set; } = [];
}
