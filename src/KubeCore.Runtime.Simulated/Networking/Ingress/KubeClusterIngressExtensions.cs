using System.Runtime.CompilerServices;
using KubeCore.Runtime.Simulated.Networking.Ingress;

namespace KubeCore;

/// <summary>Runs a simulated ingress controller with a cluster.</summary>
public static class KubeClusterIngressExtensions
{
    private static readonly ConditionalWeakTable<KubeCluster, IngressController> Controllers = new();

    /// <summary>
    /// Runs an ingress controller with the cluster: it creates its IngressClass, serves the Ingresses of that class on a
    /// loopback port (started by <c>StartAsync</c>, stopped when the cluster is disposed) and routes requests to Services
    /// through <see cref="IngressControllerOptions.BackendHandler"/>.
    /// </summary>
    /// <example><code>
    /// await using var cluster = await KubeCluster.CreateBuilder()
    ///     .UseIngressController(o => { o.Port = 8080; o.IsDefaultClass = true; o.BackendHandler = c => handler; })
    ///     .StartAsync();
    /// var address = cluster.GetIngressController().BaseAddress;
    /// </code></example>
    public static KubeClusterBuilder UseIngressController(this KubeClusterBuilder builder, Action<IngressControllerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new IngressControllerOptions();
        configure?.Invoke(options);
        return builder.AddHostedComponent(async (cluster, cancellationToken) =>
        {
            var controller = await IngressController.StartAsync(cluster, options, null, cancellationToken).ConfigureAwait(false);
            Controllers.AddOrUpdate(cluster, controller);
            return controller;
        });
    }

    /// <summary>The ingress controller started with <see cref="UseIngressController"/>.</summary>
    /// <exception cref="InvalidOperationException">The cluster has no ingress controller.</exception>
    public static IngressController GetIngressController(this KubeCluster cluster) =>
        Controllers.TryGetValue(cluster, out var controller) ? controller : throw new InvalidOperationException("this cluster was built without UseIngressController()");
}
