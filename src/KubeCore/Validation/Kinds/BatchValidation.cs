using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Validation;

/// <summary>Validation of <c>batch/v1</c> Jobs and CronJobs.</summary>
internal static class BatchValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly FieldPath JobTemplateSpec = FieldPath.Root("spec", "jobTemplate", "spec");
    private static readonly string[] JobRestartPolicies = ["OnFailure", "Never"];
    private static readonly string[] CompletionModes = ["NonIndexed", "Indexed"];
    private static readonly string[] ReplacementPolicies = ["TerminatingOrFailed", "Failed"];
    private static readonly string[] ConcurrencyPolicies = ["Allow", "Forbid", "Replace"];
    private static readonly string[] ManualSelectorValues = ["nil", "false"];
    private static readonly JobSpec EmptyJob = new();
    private static readonly CronJobSpec EmptyCronJob = new();

    /// <summary>Validates a new job (<c>ValidateJobSpec</c>); the selector must already be set (generated or manual).</summary>
    public static IReadOnlyList<FieldError> Validate(Job job)
    {
        List<FieldError>? errs = null;
        ValidateJobSpec(ref errs, job.Spec ?? EmptyJob, Spec, PodSpecPaths.Template, inCronJob: false);
        return Errors.Result(errs);
    }

    /// <summary>Validates a new cron job (<c>ValidateCronJobSpec</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(CronJob cronJob)
    {
        List<FieldError>? errs = null;
        var s = cronJob.Spec ?? EmptyCronJob;
        if (string.IsNullOrEmpty(s.Schedule)) Errors.Add(ref errs, FieldError.Required(Spec.Child("schedule"), ""));
        else
        {
            if (CronSchedule.Check(s.Schedule) is { } err) Errors.Add(ref errs, FieldError.Invalid(Spec.Child("schedule"), s.Schedule, err));
            if (s.Schedule.Contains("TZ", StringComparison.Ordinal))
                Errors.Add(ref errs, FieldError.Invalid(Spec.Child("schedule"), s.Schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
        Formats.CheckNonNegative(ref errs, s.StartingDeadlineSeconds, Spec.Child("startingDeadlineSeconds"));
        Formats.CheckEnum(ref errs, s.ConcurrencyPolicy, Spec.Child("concurrencyPolicy"), ConcurrencyPolicies);
        ValidateJobSpec(ref errs, s.JobTemplate?.Spec ?? EmptyJob, JobTemplateSpec, PodSpecPaths.CronJobTemplate, inCronJob: true);
        Formats.CheckNonNegative(ref errs, s.SuccessfulJobsHistoryLimit, Spec.Child("successfulJobsHistoryLimit"));
        Formats.CheckNonNegative(ref errs, s.FailedJobsHistoryLimit, Spec.Child("failedJobsHistoryLimit"));
        if (s.TimeZone is { } tz) ValidateTimeZone(ref errs, tz);
        return Errors.Result(errs);
    }

    /// <summary>Validates a job update: the job is valid and the selector, completion mode and (mostly) the template are unchanged.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(Job updated, Job current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        var n = updated.Spec ?? EmptyJob;
        var o = current.Spec ?? EmptyJob;
        var elastic = n.CompletionMode == "Indexed" && o.CompletionMode == "Indexed" && n.Completions == n.Parallelism && o.Completions == o.Parallelism;
        if (!elastic && n.Completions != o.Completions)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("completions"), n.Completions, Formats.Immutable));
        if (!StructuralEquality.JsonEquals(n.Selector, o.Selector))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("selector"), GoLiteral.Selector(n.Selector), Formats.Immutable));
        var oldTemplate = o.Template;
        // A suspended job that never started may change its pods' scheduling directives and template metadata.
        if (o.Suspend == true && current.Status?.StartTime is null && oldTemplate is not null && n.Template is { } nt)
            oldTemplate = oldTemplate with
            {
                Metadata = (oldTemplate.Metadata ?? ObjectMeta.Empty) with { Labels = nt.Metadata?.Labels, Annotations = nt.Metadata?.Annotations },
                Spec = (oldTemplate.Spec ?? new PodSpec()) with
                {
                    NodeSelector = nt.Spec?.NodeSelector, Tolerations = nt.Spec?.Tolerations,
                    Affinity = nt.Spec?.Affinity, SchedulingGates = nt.Spec?.SchedulingGates,
                },
            };
        if (!StructuralEquality.JsonEquals(n.Template, oldTemplate))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("template"), GoLiteral.Json(n.Template), Formats.Immutable));
        if (n.CompletionMode != o.CompletionMode)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("completionMode"), n.CompletionMode, Formats.Immutable));
        if (n.BackoffLimitPerIndex != o.BackoffLimitPerIndex)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("backoffLimitPerIndex"), n.BackoffLimitPerIndex, Formats.Immutable));
        if (n.ManagedBy != o.ManagedBy)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("managedBy"), n.ManagedBy, Formats.Immutable));
        return Errors.Result(errs);
    }

    /// <summary>Validates job status counts.</summary>
    public static IReadOnlyList<FieldError> ValidateStatus(JobStatus? s)
    {
        if (s is null) return Errors.None;
        List<FieldError>? errs = null;
        var path = FieldPath.Root("status");
        Formats.CheckNonNegative(ref errs, s.Active, path.Child("active"));
        Formats.CheckNonNegative(ref errs, s.Succeeded, path.Child("succeeded"));
        Formats.CheckNonNegative(ref errs, s.Failed, path.Child("failed"));
        Formats.CheckNonNegative(ref errs, s.Ready, path.Child("ready"));
        Formats.CheckNonNegative(ref errs, s.Terminating, path.Child("terminating"));
        return Errors.Result(errs);
    }

    private static void ValidateJobSpec(ref List<FieldError>? errs, JobSpec s, FieldPath spec, PodSpecPaths paths, bool inCronJob)
    {
        Formats.CheckNonNegative(ref errs, s.Parallelism, spec.Child("parallelism"));
        Formats.CheckNonNegative(ref errs, s.Completions, spec.Child("completions"));
        Formats.CheckNonNegative(ref errs, s.ActiveDeadlineSeconds, spec.Child("activeDeadlineSeconds"));
        Formats.CheckNonNegative(ref errs, s.BackoffLimit, spec.Child("backoffLimit"));
        Formats.CheckNonNegative(ref errs, s.TtlSecondsAfterFinished, spec.Child("ttlSecondsAfterFinished"));
        Formats.CheckNonNegative(ref errs, s.BackoffLimitPerIndex, spec.Child("backoffLimitPerIndex"));
        Formats.CheckNonNegative(ref errs, s.MaxFailedIndexes, spec.Child("maxFailedIndexes"));
        if (s.CompletionMode is { } mode)
        {
            Formats.CheckEnum(ref errs, mode, spec.Child("completionMode"), CompletionModes);
            if (mode == "Indexed" && s.Completions is null)
                Errors.Add(ref errs, FieldError.Required(spec.Child("completions"), "when completion mode is Indexed"));
        }
        if (s.PodReplacementPolicy is { } prp) Formats.CheckEnum(ref errs, prp, spec.Child("podReplacementPolicy"), ReplacementPolicies);
        if (inCronJob)
        {
            if (s.Selector is not null)
                Errors.Add(ref errs, FieldError.Invalid(spec.Child("selector"), GoLiteral.Selector(s.Selector), "`selector` will be auto-generated"));
            if (s.ManualSelector == true)
                Errors.Add(ref errs, FieldError.NotSupported(spec.Child("manualSelector"), true, ManualSelectorValues));
        }
        TemplateValidation.ValidateSelectorAndTemplate(ref errs, inCronJob ? null : s.Selector, s.Template, spec, paths,
            requireAlways: false, requireSelector: !inCronJob);
        var rp = s.Template?.Spec?.RestartPolicy;
        if (s.Template is not null && rp is not ("OnFailure" or "Never"))
            Errors.Add(ref errs, FieldError.NotSupported(paths.Spec.Child("restartPolicy"), rp ?? "", JobRestartPolicies));
    }

    private static void ValidateTimeZone(ref List<FieldError>? errs, string tz)
    {
        var path = Spec.Child("timeZone");
        if (tz.Length == 0) Errors.Add(ref errs, FieldError.Invalid(path, tz, "timeZone must be nil or non-empty string"));
        else if (string.Equals(tz, "Local", StringComparison.OrdinalIgnoreCase))
            Errors.Add(ref errs, FieldError.Invalid(path, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        else if (tz != "UTC" && (!TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var zone) || !zone.HasIanaId))
            Errors.Add(ref errs, FieldError.Invalid(path, tz, "unknown time zone " + tz));
    }
}
