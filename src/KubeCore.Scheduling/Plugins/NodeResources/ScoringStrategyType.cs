namespace KubeCore.Scheduling.Plugins.NodeResources;

/// <summary>How NodeResourcesFit scores nodes.</summary>
public enum ScoringStrategyType
{
    /// <summary>Prefer nodes with the most free resources (spreads pods; the default).</summary>
    LeastAllocated,
    /// <summary>Prefer nodes with the least free resources (packs pods).</summary>
    MostAllocated,
    /// <summary>Score by a piecewise-linear function of utilization (<see cref="NodeResourcesFitOptions.Shape"/>).</summary>
    RequestedToCapacityRatio,
}
