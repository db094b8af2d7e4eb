namespace KubeCore.Scheduling.Plugins.NodeResources;

/// <summary>A resource considered when scoring, with its weight.</summary>
/// <param name="Name">The resource name, e.g. <c>cpu</c>.</param>
/// <param name="Weight">Its weight in the weighted average.</param>
public sealed record ResourceWeight(string Name, int Weight = 1);
