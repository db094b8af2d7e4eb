using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.ImageLocality;

/// <summary>
/// Prefers nodes that already have the pod's images, weighing each image by its size and by how widely it is spread
/// across nodes (to avoid piling pods onto the one node that has an image), between 23 MB and 1000 MB per container.
/// </summary>
public sealed class ImageLocalityPlugin : IScorePlugin, IFrameworkAwarePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "ImageLocality";

    private const long Mb = 1024 * 1024;
    private const long MinThreshold = 23 * Mb;
    private const long MaxContainerThreshold = 1000 * Mb;
    private IFrameworkHandle? _handle;

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public void Initialize(IFrameworkHandle handle) => _handle = handle;

    /// <inheritdoc />
    public long Score(CycleState state, Pod pod, NodeInfo node)
    {
        if (node.Images.Count == 0) return 0; // the sum would be clamped to the 23 MB floor, which scores 0
        var totalNodes = Math.Max(1, _handle?.Snapshot.Nodes.Count ?? 1);
        var init = pod.Spec?.InitContainers;
        var regular = pod.Spec?.Containers;
        var sum = Sum(init, node, totalNodes) + Sum(regular, node, totalNodes);
        var maxThreshold = MaxContainerThreshold * Math.Max(1, (init?.Count ?? 0) + (regular?.Count ?? 0));
        sum = Math.Clamp(sum, MinThreshold, maxThreshold);
        return ScoreLimits.MaxNodeScore * (sum - MinThreshold) / (maxThreshold - MinThreshold);
    }

    private static long Sum(IReadOnlyList<Container>? containers, NodeInfo node, int totalNodes)
    {
        long sum = 0;
        if (containers is null) return sum;
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            if (string.IsNullOrEmpty(c.Image)) continue;
            if (node.Images.TryGetValue(ImageNames.Normalize(c.Image), out var image))
                sum += (long)(image.SizeBytes * ((double)image.NumNodes / totalNodes));
        }
        return sum;
    }
}
