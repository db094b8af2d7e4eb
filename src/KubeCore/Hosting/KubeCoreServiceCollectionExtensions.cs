using KubeCore;
using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Informers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Settings of a cluster registered with <see cref="KubeCoreServiceCollectionExtensions.AddKubeCore"/>.</summary>
public sealed class KubeCoreOptions
{
    /// <summary>Customises the cluster being composed (store, admission, resources …).</summary>
    public Action<KubeClusterBuilder>? ConfigureCluster { get; set; }

    /// <summary>The service cluster IP range (kube-apiserver's <c>--service-cluster-ip-range</c>); null keeps <c>10.96.0.0/12</c>.</summary>
    public string? ServiceClusterIPRange { get; set; }

    /// <summary>The node port range (kube-apiserver's <c>--service-node-port-range</c>); null keeps <c>30000-32767</c>.</summary>
    public string? ServiceNodePortRange { get; set; }
}

/// <summary>Registers an embedded KubeCore cluster in a service collection.</summary>
public static class KubeCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="KubeCluster"/> singleton, its <see cref="KubeApi"/>, <see cref="KubeClient"/> and
    /// <see cref="SharedInformerFactory"/>. The cluster uses the registered <see cref="TimeProvider"/>
    /// (<see cref="TimeProvider.System"/> unless you registered another). Call <see cref="KubeCluster.StartAsync"/> once
    /// at start-up to create the system namespaces. Existing registrations win (TryAdd).
    /// </summary>
    public static IServiceCollection AddKubeCore(this IServiceCollection services, Action<KubeCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<KubeCoreOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KubeCoreOptions>>().Value;
            var builder = KubeCluster.CreateBuilder().UseTimeProvider(sp.GetRequiredService<TimeProvider>());
            foreach (var plugin in sp.GetServices<IMutatingAdmissionPlugin>()) builder.AddMutatingAdmission(plugin);
            foreach (var plugin in sp.GetServices<IValidatingAdmissionPlugin>()) builder.AddValidatingAdmission(plugin);
            if (options.ServiceClusterIPRange is { } cidr) builder.UseServiceClusterIPRange(cidr);
            if (options.ServiceNodePortRange is { } ports) builder.UseServiceNodePortRange(ports);
            options.ConfigureCluster?.Invoke(builder);
            return builder.Build();
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<KubeCluster>().Api);
        services.TryAddSingleton(sp => sp.GetRequiredService<KubeCluster>().Client);
        services.TryAddSingleton(sp => sp.GetRequiredService<KubeCluster>().Informers);
        return services;
    }
}
