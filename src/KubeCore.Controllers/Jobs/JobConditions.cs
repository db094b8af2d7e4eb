using KubeCore.Models;

namespace KubeCore.Controllers.Jobs;

/// <summary>Job condition types, reasons and messages as batch/v1 and the Job controller spell them.</summary>
internal static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";
    public const string FailureTarget = "FailureTarget";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";

    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string CompletionsReached = "CompletionsReached";

    public const string BackoffLimitExceededMessage = "Job has reached the specified backoff limit";
    public const string DeadlineExceededMessage = "Job was active longer than specified deadline";
    public const string CompletionsReachedMessage = "Job has reached the specified number of completions";

    /// <summary>The condition of <paramref name="type"/>, if any.</summary>
    public static JobCondition? Find(Job job, string type) => job.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Whether the condition of <paramref name="type"/> is True.</summary>
    public static bool IsTrue(Job job, string type) => Find(job, type)?.Status == "True";

    /// <summary>Whether the Job has finished: Complete or Failed is True.</summary>
    public static bool IsFinished(Job job) => IsTrue(job, Complete) || IsTrue(job, Failed);

    /// <summary>When a finished Job finished (its completion time, else the terminal condition's transition).</summary>
    public static DateTimeOffset? FinishTime(Job job)
    {
        var terminal = job.Status?.Conditions?.FirstOrDefault(c => c.Type is Complete or Failed && c.Status == "True");
        if (terminal is null) return null;
        return job.Status?.CompletionTime?.Value ?? terminal.LastTransitionTime?.Value;
    }

    /// <summary>A True (or given status) condition stamped with <paramref name="now"/>.</summary>
    public static JobCondition New(string type, string reason, string message, DateTimeOffset now, string status = "True") => new()
    {
        Type = type, Status = status, Reason = reason, Message = message,
        LastProbeTime = KubeTime.FromDateTimeOffset(now), LastTransitionTime = KubeTime.FromDateTimeOffset(now),
    };

    /// <summary>
    /// Sets the condition of <paramref name="type"/> (upstream's ensureJobConditionStatus): replaced when its status,
    /// reason or message differ, appended when missing unless the status is False. Returns whether anything changed.
    /// </summary>
    public static bool Ensure(ref IReadOnlyList<JobCondition>? conditions, string type, string status, string reason, string message, DateTimeOffset now)
    {
        var list = conditions?.ToList() ?? [];
        var i = list.FindIndex(c => c.Type == type);
        if (i >= 0)
        {
            var c = list[i];
            if (c.Status == status && c.Reason == reason && c.Message == message) return false;
            list[i] = New(type, reason, message, now, status);
        }
        else
        {
            if (status == "False") return false;
            list.Add(New(type, reason, message, now, status));
        }
        conditions = list;
        return true;
    }
}
