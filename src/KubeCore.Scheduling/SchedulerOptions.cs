using KubeCore.Events;

namespace KubeCore.Scheduling;

/// <summary>
/// Scheduler settings (upstream <c>KubeSchedulerConfiguration</c>); a plain options class, so it binds with
/// <c>services.Configure&lt;SchedulerOptions&gt;(…)</c>. Defaults are kube-scheduler's.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>The default profile's name and a pod's scheduler when <c>spec.schedulerName</c> is empty.</summary>
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>
    /// Percentage of nodes to find feasible before scoring; 0 (default) is adaptive: <c>50 − nodes/125</c> %, at least
    /// 5 %, never fewer than 100 nodes, and every node when there are fewer than 100.
    /// </summary>
    public int PercentageOfNodesToScore { get; set; }

    /// <summary>The first backoff of a pod that failed to schedule (default 1 s); doubles per attempt.</summary>
    public TimeSpan PodInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff (default 10 s).</summary>
    public TimeSpan PodMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pod stays unschedulable without a relevant cluster event before it is retried anyway (default 5 min).</summary>
    public TimeSpan PodMaxInUnschedulablePodsDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed of the random tie-break between equally scored nodes (default 0), so runs are reproducible.</summary>
    public int RandomSeed { get; set; }

    /// <summary>Profiles by scheduler name; empty means one default profile named <see cref="DefaultSchedulerName"/>.</summary>
    public List<SchedulerProfile> Profiles { get; set; } = [];

    /// <summary>Where Scheduled/FailedScheduling/Preempted events go (default: nowhere).</summary>
    public IEventRecorder? EventRecorder { get; set; }
}
