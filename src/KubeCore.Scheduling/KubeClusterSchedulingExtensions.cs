using KubeCore.Scheduling;

namespace KubeCore;

/// <summary>Starts a scheduler on a cluster.</summary>
public static class KubeClusterSchedulingExtensions
{
    /// <summary>
    /// Builds a <see cref="Scheduler"/> (default profile plus whatever <paramref name="configure"/> adds) and starts it on
    /// the cluster. Dispose the result to stop it.
    /// </summary>
    /// <example><code>await using var scheduler = await cluster.StartSchedulerAsync(s => s.AddProfile("binpack", p => p.ScoringStrategy(ScoringStrategyType.MostAllocated)));</code></example>
    public static async Task<Scheduler> StartSchedulerAsync(this KubeCluster cluster, Action<SchedulerBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var builder = Scheduler.CreateBuilder();
        configure?.Invoke(builder);
        var scheduler = builder.Build();
        await scheduler.StartAsync(cluster, cancellationToken).ConfigureAwait(false);
        return scheduler;
    }

    /// <summary>Runs a scheduler with the cluster: started by <c>StartAsync</c>, stopped when the cluster is disposed.</summary>
    /// <example><code>await using var cluster = await KubeCluster.CreateBuilder().UseScheduler(s => s.AddProfile("binpack", p => p.ScoringStrategy(ScoringStrategyType.MostAllocated))).StartAsync();</code></example>
    public static KubeClusterBuilder UseScheduler(this KubeClusterBuilder builder, Action<SchedulerBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHostedComponent(async (cluster, cancellationToken) =>
            await cluster.StartSchedulerAsync(configure, cancellationToken).ConfigureAwait(false));
    }
}
