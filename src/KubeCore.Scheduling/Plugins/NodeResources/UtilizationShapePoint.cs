namespace KubeCore.Scheduling.Plugins.NodeResources;

/// <summary>A point of the RequestedToCapacityRatio function.</summary>
/// <param name="Utilization">Utilization in percent (0–100).</param>
/// <param name="Score">Score at that utilization (0–10, scaled to 0–100).</param>
public sealed record UtilizationShapePoint(int Utilization, int Score);
