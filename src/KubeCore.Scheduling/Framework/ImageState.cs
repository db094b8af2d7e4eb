namespace KubeCore.Scheduling.Framework;

/// <summary>An image present on a node: its size and how many nodes in the cluster have it.</summary>
/// <param name="SizeBytes">The image size in bytes.</param>
/// <param name="NumNodes">How many nodes have the image.</param>
public sealed record ImageState(long SizeBytes, int NumNodes);
