using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A run-to-completion workload (<c>batch/v1 Job</c>).</summary>
public sealed record Job : KubeObject<JobSpec, JobStatus>
{
    /// <summary>Creates an empty Job with apiVersion and kind set.</summary>
    public Job() { ApiVersion = "batch/v1"; Kind = "Job"; }
}

/// <summary>The desired state of a job.</summary>
public sealed record JobSpec
{
    /// <summary>Maximum pods running at once.</summary>
    public int? Parallelism { get; init; }
    /// <summary>Successful pods needed.</summary>
    public int? Completions { get; init; }
    /// <summary>Seconds the job may be active.</summary>
    public long? ActiveDeadlineSeconds { get; init; }
    /// <summary>How pod failures are handled (loosely typed).</summary>
    public JsonElement? PodFailurePolicy { get; init; }
    /// <summary>When the job is declared succeeded (loosely typed).</summary>
    public JsonElement? SuccessPolicy { get; init; }
    /// <summary>Retries before the job fails.</summary>
    public int? BackoffLimit { get; init; }
    /// <summary>Retries per index for indexed jobs.</summary>
    public int? BackoffLimitPerIndex { get; init; }
    /// <summary>Failed indexes before the job fails.</summary>
    public int? MaxFailedIndexes { get; init; }
    /// <summary>Selects the pods.</summary>
    public LabelSelector? Selector { get; init; }
    /// <summary>Whether the selector is user-managed.</summary>
    public bool? ManualSelector { get; init; }
    /// <summary>Template of the pods.</summary>
    public PodTemplateSpec? Template { get; init; }
    /// <summary>Seconds after finishing before the job is deleted.</summary>
    public int? TtlSecondsAfterFinished { get; init; }
    /// <summary><c>NonIndexed</c> or <c>Indexed</c>.</summary>
    public string? CompletionMode { get; init; }
    /// <summary>Whether the job is suspended.</summary>
    public bool? Suspend { get; init; }
    /// <summary><c>TerminatingOrFailed</c> or <c>Failed</c>.</summary>
    public string? PodReplacementPolicy { get; init; }
    /// <summary>The controller that manages the job.</summary>
    public string? ManagedBy { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a job.</summary>
public sealed record JobStatus
{
    /// <summary>Observations, e.g. <c>Complete</c> and <c>Failed</c>.</summary>
    public IReadOnlyList<JobCondition>? Conditions { get; init; }
    /// <summary>When the job started.</summary>
    public KubeTime? StartTime { get; init; }
    /// <summary>When the job completed.</summary>
    public KubeTime? CompletionTime { get; init; }
    /// <summary>Running pods.</summary>
    public int? Active { get; init; }
    /// <summary>Succeeded pods.</summary>
    public int? Succeeded { get; init; }
    /// <summary>Failed pods.</summary>
    public int? Failed { get; init; }
    /// <summary>Terminating pods.</summary>
    public int? Terminating { get; init; }
    /// <summary>Completed indexes, e.g. <c>1,3-5</c>.</summary>
    public string? CompletedIndexes { get; init; }
    /// <summary>Failed indexes.</summary>
    public string? FailedIndexes { get; init; }
    /// <summary>Finished pods not yet counted.</summary>
    public UncountedTerminatedPods? UncountedTerminatedPods { get; init; }
    /// <summary>Ready pods.</summary>
    public int? Ready { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A job condition.</summary>
public sealed record JobCondition
{
    /// <summary><c>Complete</c>, <c>Failed</c>, <c>Suspended</c>, …</summary>
    public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When last probed.</summary>
    public KubeTime? LastProbeTime { get; init; }
    /// <summary>When the status last changed.</summary>
    public KubeTime? LastTransitionTime { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>UIDs of finished pods not yet counted in the job status.</summary>
public sealed record UncountedTerminatedPods
{
    /// <summary>Succeeded pod UIDs.</summary>
    public IReadOnlyList<string>? Succeeded { get; init; }
    /// <summary>Failed pod UIDs.</summary>
    public IReadOnlyList<string>? Failed { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
