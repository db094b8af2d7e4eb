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
        // Called for every scored node: no allocations (a stack buffer for the usual few resources).
        Span<double> fractions = _resources.Count <= 16 ? stackalloc double[_resources.Count] : new double[_resources.Count];
        var count = 0;
        for (var i = 0; i < _resources.Count; i++)
        {
            var r = _resources[i];
            var allocatable = node.Allocatable.Get(r);
            if (allocatable == 0) continue;
            var fraction = (double)(node.Requested.Get(r) + requests.Get(r)) / allocatable;
            fractions[count++] = Math.Min(fraction, 1);
        }
        double std = 0;
        if (count == 2) std = Math.Abs((fractions[0] - fractions[1]) / 2);
        else if (count > 2)
        {
            double sum = 0;
            for (var i = 0; i < count; i++) sum += fractions[i];
            var mean = sum / count;
            double squares = 0;
            for (var i = 0; i < count; i++) squares += (fractions[i] - mean) * (fractions[i] - mean);
            std = Math.Sqrt(squares / count);
        }
        return (long)((1 - std) * ScoreLimits.MaxNodeScore);
    }
}
