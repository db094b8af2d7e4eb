using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>The desired state of a pod (<c>PodSpec</c>).</summary>
public sealed record PodSpec
{
    /// <summary>Volumes the containers can mount.</summary>
    public IReadOnlyList<Volume>? Volumes { get; init; }
    /// <summary>Containers run to completion, in order, before the app containers start.</summary>
    public IReadOnlyList<Container>? InitContainers { get; init; }
    /// <summary>The app containers.</summary>
    public IReadOnlyList<Container>? Containers { get; init; }
    /// <summary><c>Always</c>, <c>OnFailure</c> or <c>Never</c>.</summary>
    public string? RestartPolicy { get; init; }
    /// <summary>Seconds the pod is given to terminate gracefully.</summary>
    public long? TerminationGracePeriodSeconds { get; init; }
    /// <summary>Seconds the pod may be active before the system fails it.</summary>
    public long? ActiveDeadlineSeconds { get; init; }
    /// <summary>DNS policy, e.g. <c>ClusterFirst</c>.</summary>
    public string? DnsPolicy { get; init; }
    /// <summary>Labels a node must have for the pod to fit.</summary>
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
    /// <summary>The service account the pod runs as.</summary>
    public string? ServiceAccountName { get; init; }
    /// <summary>Deprecated alias of <see cref="ServiceAccountName"/>.</summary>
    public string? ServiceAccount { get; init; }
    /// <summary>Whether a service account token is mounted automatically.</summary>
    public bool? AutomountServiceAccountToken { get; init; }
    /// <summary>The node the pod is bound to; set by the scheduler.</summary>
    public string? NodeName { get; init; }
    /// <summary>Whether the pod uses the host's network namespace.</summary>
    public bool? HostNetwork { get; init; }
    /// <summary>Whether the pod uses the host's PID namespace.</summary>
    public bool? HostPID { get; init; }
    /// <summary>Whether the pod uses the host's IPC namespace.</summary>
    public bool? HostIPC { get; init; }
    /// <summary>Whether containers share one process namespace.</summary>
    public bool? ShareProcessNamespace { get; init; }
    /// <summary>Pod-level security attributes (kept loosely typed).</summary>
    public JsonElement? SecurityContext { get; init; }
    /// <summary>Secrets used to pull images.</summary>
    public IReadOnlyList<LocalObjectReference>? ImagePullSecrets { get; init; }
    /// <summary>The pod's hostname.</summary>
    public string? Hostname { get; init; }
    /// <summary>The pod's subdomain (fully qualified name becomes hostname.subdomain.namespace.svc).</summary>
    public string? Subdomain { get; init; }
    /// <summary>Scheduling constraints.</summary>
    public Affinity? Affinity { get; init; }
    /// <summary>The scheduler that places this pod.</summary>
    public string? SchedulerName { get; init; }
    /// <summary>Taints this pod tolerates.</summary>
    public IReadOnlyList<Toleration>? Tolerations { get; init; }
    /// <summary>The priority class of the pod.</summary>
    public string? PriorityClassName { get; init; }
    /// <summary>The resolved priority value; set from the priority class.</summary>
    public int? Priority { get; init; }
    /// <summary>Extra conditions evaluated for pod readiness.</summary>
    public IReadOnlyList<PodReadinessGate>? ReadinessGates { get; init; }
    /// <summary>The runtime class to run the pod with.</summary>
    public string? RuntimeClassName { get; init; }
    /// <summary>Whether service environment variables are injected.</summary>
    public bool? EnableServiceLinks { get; init; }
    /// <summary><c>PreemptLowerPriority</c> or <c>Never</c>.</summary>
    public string? PreemptionPolicy { get; init; }
    /// <summary>Resource overhead of running the pod's sandbox.</summary>
    public IReadOnlyDictionary<string, Quantity>? Overhead { get; init; }
    /// <summary>How pods spread across topology domains.</summary>
    public IReadOnlyList<TopologySpreadConstraint>? TopologySpreadConstraints { get; init; }
    /// <summary>Whether the hostname is set to the fully qualified domain name.</summary>
    public bool? SetHostnameAsFQDN { get; init; }
    /// <summary>Whether the pod uses the host's user namespace.</summary>
    public bool? HostUsers { get; init; }
    /// <summary>Gates that must all be removed before the pod is scheduled.</summary>
    public IReadOnlyList<PodSchedulingGate>? SchedulingGates { get; init; }
    /// <summary>Pod-level resource requirements.</summary>
    public ResourceRequirements? Resources { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An extra condition evaluated for pod readiness.</summary>
public sealed record PodReadinessGate
{
    /// <summary>The pod condition type that must be true.</summary>
    public string ConditionType { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A gate that blocks scheduling while present.</summary>
public sealed record PodSchedulingGate
{
    /// <summary>Name of the gate.</summary>
    public string Name { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A taint the pod tolerates.</summary>
public sealed record Toleration
{
    /// <summary>Whether this toleration tolerates <paramref name="taint"/>, as Kubernetes' <c>ToleratesTaint</c> defines it.</summary>
    public bool Tolerates(Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        if (!string.IsNullOrEmpty(Effect) && Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(Key) && Key != taint.Key) return false;
        return Operator switch
        {
            "Exists" => true,
            "Equal" or "" or null => (Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    /// <summary>Taint key; empty with operator Exists matches all taints.</summary>
    public string? Key { get; init; }
    /// <summary><c>Exists</c> or <c>Equal</c> (the default).</summary>
    public string? Operator { get; init; }
    /// <summary>Taint value for operator Equal.</summary>
    public string? Value { get; init; }
    /// <summary>Taint effect to match; empty matches all effects.</summary>
    public string? Effect { get; init; }
    /// <summary>For NoExecute: how long the pod stays bound after the taint appears.</summary>
    public long? TolerationSeconds { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>How pods spread across topology domains.</summary>
public sealed record TopologySpreadConstraint
{
    /// <summary>Maximum permitted difference in the number of matching pods between domains.</summary>
    public int MaxSkew { get; init; }
    /// <summary>Node label key that defines a domain.</summary>
    public string TopologyKey { get; init; } = "";
    /// <summary><c>DoNotSchedule</c> or <c>ScheduleAnyway</c>.</summary>
    public string WhenUnsatisfiable { get; init; } = "";
    /// <summary>Which pods are counted.</summary>
    public LabelSelector? LabelSelector { get; init; }
    /// <summary>Minimum number of eligible domains.</summary>
    public int? MinDomains { get; init; }
    /// <summary><c>Honor</c> or <c>Ignore</c> node affinity when computing skew.</summary>
    public string? NodeAffinityPolicy { get; init; }
    /// <summary><c>Honor</c> or <c>Ignore</c> node taints when computing skew.</summary>
    public string? NodeTaintsPolicy { get; init; }
    /// <summary>Pod label keys whose values are added to the selector.</summary>
    public IReadOnlyList<string>? MatchLabelKeys { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
