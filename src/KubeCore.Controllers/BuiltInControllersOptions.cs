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

    /// <summary>
    /// Runs the node lifecycle controller (Lease/heartbeat monitoring, Ready=Unknown, the <c>not-ready</c>/<c>unreachable</c>
    /// taints) and the taint eviction controller that deletes pods from nodes with NoExecute taints they do not tolerate (default true).
    /// </summary>
    public bool NodeLifecycle { get; set; } = true;

    /// <summary>Runs the pod garbage collector: pods of deleted nodes, too many terminated pods, terminating pods on out-of-service nodes (default true).</summary>
    public bool PodGarbageCollector { get; set; } = true;

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

    /// <summary>How often the node lifecycle controller checks node health (default 5 seconds, <c>--node-monitor-period</c>).</summary>
    public TimeSpan NodeMonitorPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node may go without a heartbeat (Lease renewal or status post) before its conditions become Unknown
    /// (default 50 seconds, <c>--node-monitor-grace-period</c> since Kubernetes 1.32).
    /// </summary>
    public TimeSpan NodeMonitorGracePeriod { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>How long a node that never posted a Ready condition has before it is marked Unknown (default 60 seconds, <c>--node-startup-grace-period</c>).</summary>
    public TimeSpan NodeStartupGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Nodes per second that get a NoExecute taint in a healthy zone (default 0.1, <c>--node-eviction-rate</c>).</summary>
    public double NodeEvictionRate { get; set; } = 0.1;

    /// <summary>Nodes per second that get a NoExecute taint in a partially disrupted zone larger than <see cref="LargeClusterSizeThreshold"/> (default 0.01, <c>--secondary-node-eviction-rate</c>).</summary>
    public double SecondaryNodeEvictionRate { get; set; } = 0.01;

    /// <summary>Zones with at most this many nodes stop tainting when partially disrupted (default 50, <c>--large-cluster-size-threshold</c>).</summary>
    public int LargeClusterSizeThreshold { get; set; } = 50;

    /// <summary>Share of not-ready nodes (with more than 2 of them) from which a zone counts as partially disrupted (default 0.55, <c>--unhealthy-zone-threshold</c>).</summary>
    public double UnhealthyZoneThreshold { get; set; } = 0.55;

    /// <summary>How often the pod garbage collector runs (default 20 seconds, upstream's gcCheckPeriod).</summary>
    public TimeSpan PodGarbageCollectorPeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a node must stay missing before its pods are force-deleted (default 40 seconds, upstream's quarantineTime).</summary>
    public TimeSpan OrphanedPodQuarantine { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Terminated (Succeeded/Failed) pods beyond this count are deleted, oldest first; 0 or less keeps them all (default 12500, <c>--terminated-pod-gc-threshold</c>).</summary>
    public int TerminatedPodGcThreshold { get; set; } = 12500;

    /// <summary>Whether the EndpointSlice controller runs (default true): <c>discovery.k8s.io/v1</c> EndpointSlices for Services with a selector.</summary>
    public bool EndpointSlices { get; set; } = true;

    /// <summary>Whether the Endpoints controller runs (default true): the legacy <c>v1 Endpoints</c> object of each Service with a selector.</summary>
    public bool Endpoints { get; set; } = true;

    /// <summary>
    /// Whether the load balancer controller runs (default true): <c>type: LoadBalancer</c> Services without a
    /// <c>loadBalancerClass</c> (or with <see cref="LoadBalancerClass"/>) get an external IP from
    /// <see cref="LoadBalancerAddressPool"/> in <c>status.loadBalancer.ingress</c>.
    /// </summary>
    public bool LoadBalancers { get; set; } = true;

    /// <summary>
    /// The external addresses load balancers get, lowest free first: comma-separated IPv4 ranges
    /// (<c>first-last</c>), CIDRs or single addresses.
    /// </summary>
    /// <value>The default is <c>172.18.255.200-172.18.255.250</c> (the top of kind's Docker network, where MetalLB guides put their pool).</value>
    public string LoadBalancerAddressPool { get; set; } = "172.18.255.200-172.18.255.250";

    /// <summary>The <c>spec.loadBalancerClass</c> this controller serves besides Services with no class.</summary>
    /// <value>The default is <c>kubecore.io/load-balancer</c>.</value>
    public string LoadBalancerClass { get; set; } = "kubecore.io/load-balancer";
}
