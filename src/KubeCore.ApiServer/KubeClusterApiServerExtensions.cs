using KubeCore.ApiServer;

namespace KubeCore;

/// <summary>Runs the Kubernetes-compatible HTTP API with a cluster.</summary>
public static class KubeClusterApiServerExtensions
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<KubeCluster, KubeApiServer> Servers = new();

    /// <summary>Serves the cluster's API over HTTP on loopback, started by <c>StartAsync</c> and stopped when the cluster is disposed.</summary>
    /// <example><code>await using var cluster = await KubeCluster.CreateBuilder().UseApiServer(o => o.Port = 6443).StartAsync();</code></example>
    public static KubeClusterBuilder UseApiServer(this KubeClusterBuilder builder, Action<KubeApiServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new KubeApiServerOptions();
        configure?.Invoke(options);
        return builder.AddHostedComponent(async (cluster, cancellationToken) =>
        {
            var server = await KubeApiServer.StartAsync(cluster, options, null, cancellationToken).ConfigureAwait(false);
            Servers.AddOrUpdate(cluster, server);
            return server;
        });
    }

    /// <summary>The API server started with <see cref="UseApiServer"/>.</summary>
    /// <exception cref="InvalidOperationException">The cluster has no API server.</exception>
    public static KubeApiServer GetApiServer(this KubeCluster cluster) =>
        Servers.TryGetValue(cluster, out var server) ? server : throw new InvalidOperationException("this cluster was built without UseApiServer()");
}
