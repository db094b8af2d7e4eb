using System.Runtime.CompilerServices;

namespace KubeCore.Runtime.Simulated.Nodes;

/// <summary>The nodes of one <c>AddNodes</c> call, stopped together with the cluster.</summary>
internal sealed class SimulatedNodeGroup(SimulatedRuntime runtime) : IAsyncDisposable
{
    private static readonly ConditionalWeakTable<KubeCluster, List<SimulatedNodeGroup>> Groups = new();
    private readonly List<SimulatedNode> _nodes = [];

    public SimulatedRuntime SharedRuntime => runtime;

    public void Add(SimulatedNode node) => _nodes.Add(node);

    public static void Register(KubeCluster cluster, SimulatedNodeGroup group)
    {
        var list = Groups.GetOrCreateValue(cluster);
        lock (list) list.Add(group);
    }

    public static IReadOnlyList<SimulatedNode> Nodes(KubeCluster cluster)
    {
        if (!Groups.TryGetValue(cluster, out var list)) return [];
        lock (list) return list.SelectMany(g => g._nodes).ToList();
    }

    public static SimulatedRuntime Runtime(KubeCluster cluster)
    {
        if (!Groups.TryGetValue(cluster, out var list)) throw new InvalidOperationException("the cluster has no simulated nodes; add them with AddNodes");
        lock (list) return list[0].SharedRuntime;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.StopAsync().ConfigureAwait(false);
    }
}
