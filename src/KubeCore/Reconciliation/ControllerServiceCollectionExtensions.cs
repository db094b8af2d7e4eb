using KubeCore.Reconciliation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers controllers for the cluster added with <c>services.AddKubeCore()</c>.</summary>
public static class ControllerServiceCollectionExtensions
{
    /// <summary>
    /// Adds a controller to the DI-registered cluster; reconcilers chosen with <c>Reconcile&lt;TReconciler&gt;()</c> are
    /// resolved from the container (or created with their constructor's services). The cluster starts it in <c>StartAsync</c>.
    /// </summary>
    /// <example><c>services.AddKubeCore().AddKubeCoreController(c =&gt; c.For&lt;ConfigMap&gt;().Reconcile&lt;MyReconciler&gt;())</c></example>
    public static IServiceCollection AddKubeCoreController(this IServiceCollection services, Action<ControllerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<KubeCoreOptions>().Configure<IServiceProvider>((options, provider) =>
            options.ConfigureCluster += cluster => cluster.AddController(c =>
            {
                c.Services = provider;
                configure(c);
            }));
        return services;
    }

    /// <summary>Adds a controller reconciled by <typeparamref name="TReconciler"/> from the container: <c>services.AddKubeCoreController&lt;MyReconciler&gt;(c =&gt; c.For&lt;ConfigMap&gt;())</c>.</summary>
    public static IServiceCollection AddKubeCoreController<TReconciler>(this IServiceCollection services, Action<ControllerBuilder> configure)
        where TReconciler : IReconciler
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddKubeCoreController(c => configure(c.Reconcile<TReconciler>()));
    }
}
