using KubeCore.Api;
using KubeCore.CustomResources;
using KubeCore.Printing;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// Keeps the HTTP API's <see cref="TableConverter"/> in step with the served custom resources: a CRD version's
/// <c>additionalPrinterColumns</c> print its objects (<c>kubectl get widgets</c>), and a removed CRD's printer goes.
/// </summary>
internal static class CustomResourceTables
{
    /// <summary>Registers the printers of the custom resources served now and of those registered later.</summary>
    public static void Follow(ResourceRegistry registry, TableConverter tables)
    {
        foreach (var resource in registry.All) Apply(registry, tables, resource);
        registry.Changed += resource => Apply(registry, tables, resource);
    }

    private static void Apply(ResourceRegistry registry, TableConverter tables, ResourceDefinition resource)
    {
        if (resource.Strategy is not CustomResourceStrategy strategy) return;
        if (registry.TryGetByResource(resource.Group, resource.Plural, out var current) && ReferenceEquals(current, resource))
        {
            try { tables.RegisterCustomResource(strategy.Definition, strategy.Version); }
            catch (FormatException) { tables.Unregister(resource.Group, resource.Kind); } // an unparsable column prints the default table
        }
        else if (current is null || current.Kind != resource.Kind)
        {
            tables.Unregister(resource.Group, resource.Kind);
        }
    }
}
