namespace KubeCore;

/// <summary>Which built-in controllers <c>AddBuiltInControllers()</c> registers, and their settings (defaults follow kube-controller-manager).</summary>
public sealed class BuiltInControllersOptions
{
    /// <summary>Runs the ReplicaSet controller (default true).</summary>
    public bool ReplicaSets { get; set; } = true;

    /// <summary>Runs the garbage collector: Background, Foreground and Orphan propagation of deletes (default true).</summary>
    public bool GarbageCollector { get; set; } = true;

    /// <summary>Runs the Deployment controller: rolling updates, recreate, rollback, pause, revision history (default true).</summary>
    public bool Deployments { get; set; } = true;

    /// <summary>Runs the namespace lifecycle controller that empties and finalizes Terminating namespaces (default true).</summary>
    public bool Namespaces { get; set; } = true;

    /// <summary>Runs the Job controller: pods to completion, parallelism, backoff, deadlines, suspend, Indexed mode (default true).</summary>
    public bool Jobs { get; set; } = true;

    /// <summary>Runs the CronJob controller that creates Jobs on cron schedules (default true).</summary>
    public bool CronJobs { get; set; } = true;

    /// <summary>Runs the TTL-after-finished controller that deletes finished Jobs after <c>spec.ttlSecondsAfterFinished</c> (default true).</summary>
    public bool TtlAfterFinished { get; set; } = true;

    /// <summary>How many Jobs are synced at once (default 5, like <c>--concurrent-job-syncs</c>).</summary>
    public int ConcurrentJobSyncs { get; set; } = 5;

    /// <summary>How many CronJobs are synced at once (default 5, like <c>--concurrent-cron-job-syncs</c>).</summary>
    public int ConcurrentCronJobSyncs { get; set; } = 5;

    /// <summary>How many finished Jobs the TTL-after-finished controller handles at once (default 5, like <c>--concurrent-ttl-after-finished-syncs</c>).</summary>
    public int ConcurrentTtlSyncs { get; set; } = 5;

    /// <summary>How many ReplicaSets are synced at once (default 5, like <c>--concurrent-replicaset-syncs</c>).</summary>
    public int ConcurrentReplicaSetSyncs { get; set; } = 5;

    /// <summary>At most this many pods are created or deleted for one ReplicaSet per sync (default 500, upstream's burstReplicas).</summary>
    public int BurstReplicas { get; set; } = 500;

    /// <summary>After this long unobserved creations or deletions no longer block a ReplicaSet's or Job's sync (default 5 minutes).</summary>
    public TimeSpan ExpectationsTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the garbage collector rescans every kind besides its event-driven scans (default 30 seconds).</summary>
    public TimeSpan GarbageCollectorResyncPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How soon a Terminating namespace that still has content is looked at again (default 1 second).</summary>
    public TimeSpan NamespaceRecheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
