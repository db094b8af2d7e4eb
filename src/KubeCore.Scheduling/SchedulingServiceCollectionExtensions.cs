using KubeCore.Events;
using KubeCore.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a KubeCore scheduler in a service collection.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SchedulerOptions"/> (bindable with <c>services.Configure&lt;SchedulerOptions&gt;(…)</c>) and a
    /// <see cref="Scheduler"/> singleton built from them; a registered <see cref="IEventRecorder"/> is used unless the
    /// options name one. Start it once at start-up: <c>await sp.GetRequiredService&lt;Scheduler&gt;().StartAsync(cluster)</c>.
    /// </summary>
    public static IServiceCollection AddKubeCoreScheduler(this IServiceCollection services, Action<SchedulerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SchedulerOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            options.EventRecorder ??= sp.GetService<IEventRecorder>();
            return new Scheduler(options);
        });
        return services;
    }
}
