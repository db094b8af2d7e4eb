using KubeCore.Runtime.Simulated.Networking;

namespace KubeCore;

/// <summary>Reaches a cluster's simulated network: the service proxy, and node ports on the host's loopback address.</summary>
public static class KubeClusterNetworkExtensions
{
    /// <summary>The cluster's network: send requests to Services and pods from the test or the host process.</summary>
    /// <example><code>using var http = cluster.GetClusterNetwork().CreateHttpClient(); await http.GetStringAsync("http://hello-k8s-service/");</code></example>
    public static ClusterNetwork GetClusterNetwork(this KubeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return ClusterNetwork.For(cluster);
    }

    /// <summary>
    /// Configures the cluster's network (load-balancing policy, cluster domain, client address) and, with
    /// <see cref="ClusterNetworkOptions.ExposeNodePorts"/>, binds every node port on 127.0.0.1 while the cluster runs.
    /// </summary>
    /// <example><code>builder.ConfigureNetwork(n => { n.ExposeNodePorts = true; n.LoadBalancing = LoadBalancingPolicy.LeastConnections; });</code></example>
    public static KubeClusterBuilder ConfigureNetwork(this KubeClusterBuilder builder, Action<ClusterNetworkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddHostedComponent(async (cluster, cancellationToken) =>
        {
            var network = ClusterNetwork.For(cluster);
            configure(network.Options);
            if (!network.Options.ExposeNodePorts) return NoOp.Instance;
            var exposer = await NodePortExposer.StartAsync(network, cancellationToken).ConfigureAwait(false);
            network.Exposer = exposer;
            return exposer;
        });
    }

    private sealed class NoOp : IAsyncDisposable
    {
        public static NoOp Instance { get; } = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
