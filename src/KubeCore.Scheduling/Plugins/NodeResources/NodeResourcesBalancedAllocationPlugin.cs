using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.NodeResources;

/// <summary>Prefers nodes whose cpu and memory would be used in balance: score = (1 − standard deviation of the usage fractions) × 100.</summary>
public sealed class NodeResourcesBalancedAllocationPlugin : IPreScorePlugin, IScorePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "NodeResourcesBalancedAllocation";

    private const string StateKey = "PreScore" + PluginName;
    private readonly IReadOnlyList<string> _resources;

    /// <summary>Creates the plugin over the given resources (default cpu and memory).</summary>
    public NodeResourcesBalancedAllocationPlugin(IReadOnlyList<string>? resources = null) => _resources = resources ?? [ResourceNames.Cpu, ResourceNames.Memory];

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public PluginStatus PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        var requests = PodRequests.Compute(pod);
        if (_resources.All(r => requests.Get(r) == 0)) return PluginStatus.Skip;
        state.Write(StateKey, requests);
        return PluginStatus.Success;
    }

    /// <inheritdoc />
    public long Score(CycleState state, Pod pod, NodeInfo node)
    {
        var requests = state.Read<Resource>(StateKey) ?? PodRequests.Compute(pod);
        var fractions = new List<double>(_resources.Count);
        foreach (var r in _resources)
        {
            var allocatable = node.Allocatable.Get(r);
            if (allocatable == 0) continue;
            var fraction = (double)(node.Requested.Get(r) + requests.Get(r)) / allocatable;
            fractions.Add(Math.Min(fraction, 1));
        }
        double std = 0;
        if (fractions.Count == 2) std = Math.Abs((fractions[0] - fractions[1]) / 2);
        else if (fractions.Count > 2)
        {
            var mean = fractions.Average();
            std = Math.Sqrt(fractions.Sum(f => (f - mean) * (f - mean)) / fractions.Count);
        }
        return (long)((1 - std) * ScoreLimits.MaxNodeScore);
    }
}
