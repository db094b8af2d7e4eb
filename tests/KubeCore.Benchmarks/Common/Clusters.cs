using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Benchmarks.Common;

/// <summary>Starting clusters and reaching the pod watch cache from benchmark set-up code (synchronously: BDN set-up methods are sync).</summary>
public static class Clusters
{
    public static KubeCluster Start() =>
        KubeCluster.CreateBuilder().UseTimeProvider(TimeProvider.System).StartAsync().GetAwaiter().GetResult();

    public static ResourceDefinition Pods(KubeCluster cluster) => cluster.Resources.Get<Pod>();

    public static WatchCache PodCache(KubeCluster cluster) => cluster.Api.WatchCaches.Get(Pods(cluster).KeyPrefix);

    /// <summary>Creates pods through the API layer and waits until the watch cache has applied them all.</summary>
    public static void Fill(KubeCluster cluster, IEnumerable<Pod> pods)
    {
        var resource = Pods(cluster);
        long last = 0;
        foreach (var pod in pods)
        {
            var created = cluster.Api.CreateAsync(resource, PodFactory.Namespace, pod).AsTask().GetAwaiter().GetResult();
            last = long.Parse(created.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);
        }
        PodCache(cluster).WaitUntilFreshAsync(last).AsTask().GetAwaiter().GetResult();
    }

    public static void Dispose(KubeCluster? cluster) => cluster?.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
