using KubeCore.Events;
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
    /// <remarks>
    /// Unless <paramref name="configure"/> sets a recorder, the scheduler records its Scheduled, FailedScheduling and
    /// Preempted events in the cluster as <c>default-scheduler</c>, as kube-scheduler does (<c>kubectl describe pod</c>
    /// and <c>kubectl get events</c> show them).
    /// </remarks>
    public static KubeClusterBuilder UseScheduler(this KubeClusterBuilder builder, Action<SchedulerBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHostedComponent(async (cluster, cancellationToken) =>
        {
            var recorder = new EventRecorder(cluster.Client, cluster.TimeProvider, new EventRecorderOptions { Component = "default-scheduler" });
            try
            {
                var scheduler = await cluster.StartSchedulerAsync(s =>
                {
                    s.UseEventRecorder(recorder);
                    configure?.Invoke(s); // a recorder set here wins
                }, cancellationToken).ConfigureAwait(false);
                return new HostedScheduler(scheduler, recorder);
            }
            catch
            {
                await recorder.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        });
    }

    /// <summary>Stops the scheduler, then flushes and stops its default event recorder.</summary>
    private sealed class HostedScheduler(Scheduler scheduler, EventRecorder recorder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await scheduler.DisposeAsync().ConfigureAwait(false);
            await recorder.DisposeAsync().ConfigureAwait(false);
        }
    }
}
