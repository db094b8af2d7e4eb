using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A job run on a schedule (<c>batch/v1 CronJob</c>).</summary>
public sealed record CronJob : KubeObject<CronJobSpec, CronJobStatus>
{
    /// <summary>Creates an empty CronJob with apiVersion and kind set.</summary>
    public CronJob() { ApiVersion = "batch/v1"; Kind = "CronJob"; }
}

/// <summary>The desired state of a cron job.</summary>
public sealed record CronJobSpec
{
    /// <summary>Cron schedule.</summary>
    public string Schedule { get; init; } = "";
    /// <summary>Time zone of the schedule.</summary>
    public string? TimeZone { get; init; }
    /// <summary>Deadline for starting a missed run.</summary>
    public long? StartingDeadlineSeconds { get; init; }
    /// <summary><c>Allow</c>, <c>Forbid</c> or <c>Replace</c>.</summary>
    public string? ConcurrencyPolicy { get; init; }
    /// <summary>Whether subsequent runs are suspended.</summary>
    public bool? Suspend { get; init; }
    /// <summary>Template of the jobs.</summary>
    public JobTemplateSpec? JobTemplate { get; init; }
    /// <summary>Successful jobs to keep.</summary>
    public int? SuccessfulJobsHistoryLimit { get; init; }
    /// <summary>Failed jobs to keep.</summary>
    public int? FailedJobsHistoryLimit { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A template from which jobs are created.</summary>
public sealed record JobTemplateSpec
{
    /// <summary>Metadata of the jobs.</summary>
    public ObjectMeta? Metadata { get; init; }
    /// <summary>The spec of the jobs.</summary>
    public JobSpec? Spec { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a cron job.</summary>
public sealed record CronJobStatus
{
    /// <summary>Running jobs.</summary>
    public IReadOnlyList<ObjectReference>? Active { get; init; }
    /// <summary>When a job was last scheduled.</summary>
    public KubeTime? LastScheduleTime { get; init; }
    /// <summary>When a job last succeeded.</summary>
    public KubeTime? LastSuccessfulTime { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
