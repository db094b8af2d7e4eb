using KubeCore.Runtime.Simulated;
using KubeCore.Runtime.Simulated.Nodes;

namespace KubeCore;

/// <summary>Adds simulated nodes to a cluster.</summary>
public static class KubeClusterSimulatedNodesExtensions
{
    /// <summary>
    /// Runs <paramref name="count"/> simulated nodes (<c>node-1</c>, <c>node-2</c>, …) with the cluster: registered by
    /// <c>StartAsync</c>, stopped when the cluster is disposed.
    /// </summary>
    /// <example><code>await using var cluster = await KubeCluster.CreateBuilder().AddNodes(2, n => n.WithCapacity(cpu: "8", memory: "16Gi")).UseScheduler().StartAsync();</code></example>
    public static KubeClusterBuilder AddNodes(this KubeClusterBuilder builder, int count, Action<SimulatedNodeBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var nodes = new SimulatedNodeBuilder();
        configure?.Invoke(nodes);
        // The network first, so it stops after the nodes (components stop in reverse order) and the pods' HTTP server goes last.
        builder.AddHostedComponent((cluster, _) => Task.FromResult<IAsyncDisposable>(Runtime.Simulated.Networking.ClusterNetwork.For(cluster)));
        return builder.AddHostedComponent(async (cluster, cancellationToken) =>
        {
            var group = new SimulatedNodeGroup(nodes.Runtime);
            for (var i = 1; i <= count; i++)
            {
                var node = new SimulatedNode(nodes.BuildOptions(i), nodes.Runtime);
                group.Add(node);
                await node.StartAsync(cluster, cancellationToken).ConfigureAwait(false);
            }
            SimulatedNodeGroup.Register(cluster, group);
            return group;

        });
    }

    /// <summary>The simulated nodes added with <see cref="AddNodes"/> (all groups, in order).</summary>
    public static IReadOnlyList<SimulatedNode> GetSimulatedNodes(this KubeCluster cluster) => SimulatedNodeGroup.Nodes(cluster);

    /// <summary>The simulated node named <paramref name="name"/>, for fault injection (<c>Kill</c>, <c>Partition</c>, <c>StopHeartbeats</c>, <c>KillContainer</c>).</summary>
    /// <exception cref="ArgumentException">No simulated node has that name.</exception>
    public static SimulatedNode GetSimulatedNode(this KubeCluster cluster, string name) =>
        SimulatedNodeGroup.Nodes(cluster).FirstOrDefault(n => n.Name == name)
        ?? throw new ArgumentException($"the cluster has no simulated node \"{name}\"", nameof(name));

    /// <summary>The runtime of the first <see cref="AddNodes"/> group (workloads, registry, logs).</summary>
    public static SimulatedRuntime GetSimulatedRuntime(this KubeCluster cluster) => SimulatedNodeGroup.Runtime(cluster);
}
