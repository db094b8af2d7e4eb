using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.CustomResources;

/// <summary>Helpers for working with CustomResourceDefinitions in process.</summary>
public static class CustomResourceDefinitionExtensions
{
    /// <summary>
    /// Waits until the CRD named <paramref name="name"/> (<c>plural.group</c>) has the <c>Established</c> condition —
    /// <c>kubectl wait --for condition=established</c> — and returns it; from then on its resource is served.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before the CRD was established.</exception>
    public static async Task<CustomResourceDefinition> WaitForEstablishedAsync(this KubeCluster cluster, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var crds = cluster.Resources.Get<CustomResourceDefinition>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var list = await cluster.Api.ListAsync(crds, null, new ListOptions { FieldSelector = "metadata.name=" + name }, cancellationToken).ConfigureAwait(false);
            if (list.Items.OfType<CustomResourceDefinition>().FirstOrDefault() is { } current && IsEstablished(current)) return current;
            await foreach (var e in cluster.Api.WatchAsync(crds, null,
                new ListOptions { FieldSelector = "metadata.name=" + name, ResourceVersion = list.ResourceVersion }, cancellationToken).ConfigureAwait(false))
            {
                if (e.Type == WatchEventType.Error) break;
                if (e.Object is CustomResourceDefinition crd && e.Type != WatchEventType.Deleted && IsEstablished(crd)) return crd;
            }
        }
    }

    /// <summary>Whether the CRD has <c>Established=True</c>.</summary>
    public static bool IsEstablished(this CustomResourceDefinition crd) =>
        crd?.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true;
}
