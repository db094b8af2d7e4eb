using KubeCore.Models;

namespace KubeCore.Defaulting;

/// <summary>Defaults of pods and the workloads that template them (apps/v1 and batch/v1).</summary>
internal static class WorkloadDefaults
{
    private static readonly IntOrString TwentyFivePercent = new("25%");

    /// <summary>Pod defaults: the spec defaults plus the pod-only ones.</summary>
    public static Pod Pod(Pod pod)
    {
        var spec = PodSpecDefaults.Apply(pod.Spec ?? new PodSpec(), isPod: true);
        return ReferenceEquals(spec, pod.Spec) ? pod : pod with { Spec = spec };
    }

    /// <summary>Deployment defaults: replicas 1, rolling update 25%/25%, history 10, progress deadline 600s.</summary>
    public static Deployment Deployment(Deployment d)
    {
        var s = d.Spec ?? new DeploymentSpec();
        var template = PodSpecDefaults.Template(s.Template);
        var strategy = Strategy(s.Strategy);
        if (ReferenceEquals(template, s.Template) && ReferenceEquals(strategy, s.Strategy) && s.Replicas is not null
            && s.RevisionHistoryLimit is not null && s.ProgressDeadlineSeconds is not null && d.Spec is not null)
            return d;
        return d with
        {
            Spec = s with
            {
                Template = template,
                Strategy = strategy,
                Replicas = s.Replicas ?? 1,
                RevisionHistoryLimit = s.RevisionHistoryLimit ?? 10,
                ProgressDeadlineSeconds = s.ProgressDeadlineSeconds ?? 600,
            },
        };
    }

    private static DeploymentStrategy Strategy(DeploymentStrategy? strategy)
    {
        var type = string.IsNullOrEmpty(strategy?.Type) ? "RollingUpdate" : strategy.Type;
        var ru = strategy?.RollingUpdate;
        if (type == "RollingUpdate" && (ru?.MaxUnavailable is null || ru.MaxSurge is null))
            ru = (ru ?? new RollingUpdateDeployment()) with
            {
                MaxUnavailable = ru?.MaxUnavailable ?? TwentyFivePercent,
                MaxSurge = ru?.MaxSurge ?? TwentyFivePercent,
            };
        if (strategy is not null && type == strategy.Type && ReferenceEquals(ru, strategy.RollingUpdate)) return strategy;
        return (strategy ?? new DeploymentStrategy()) with { Type = type, RollingUpdate = ru };
    }

    /// <summary>ReplicaSet defaults: replicas 1 and template defaults.</summary>
    public static ReplicaSet ReplicaSet(ReplicaSet rs)
    {
        var s = rs.Spec ?? new ReplicaSetSpec();
        var template = PodSpecDefaults.Template(s.Template);
        if (ReferenceEquals(template, s.Template) && s.Replicas is not null && rs.Spec is not null) return rs;
        return rs with { Spec = s with { Template = template, Replicas = s.Replicas ?? 1 } };
    }

    /// <summary>Job defaults (the selector is generated elsewhere).</summary>
    public static Job Job(Job job)
    {
        var s = job.Spec ?? new JobSpec();
        var d = JobSpec(s);
        var meta = job.Metadata;
        // Jobs without labels take their template's labels (SetDefaults_Job).
        if (meta.Labels is not { Count: > 0 } && d.Template?.Metadata?.Labels is { Count: > 0 } tl) meta = meta with { Labels = tl };
        if (ReferenceEquals(d, job.Spec) && ReferenceEquals(meta, job.Metadata)) return job;
        return job with { Spec = d, Metadata = meta };
    }

    private static JobSpec JobSpec(JobSpec s)
    {
        var template = PodSpecDefaults.Template(s.Template);
        if (ReferenceEquals(template, s.Template) && s.Parallelism is not null && s.BackoffLimit is not null && s.CompletionMode is not null
            && s.Suspend is not null && s.PodReplacementPolicy is not null)
            return s;
        var bothUnset = s.Completions is null && s.Parallelism is null;
        return s with
        {
            Template = template,
            Completions = bothUnset ? 1 : s.Completions,
            Parallelism = s.Parallelism ?? 1,
            BackoffLimit = s.BackoffLimit ?? (s.BackoffLimitPerIndex is not null ? int.MaxValue : 6),
            CompletionMode = s.CompletionMode ?? "NonIndexed",
            Suspend = s.Suspend ?? false,
            PodReplacementPolicy = s.PodReplacementPolicy ?? (s.PodFailurePolicy is not null ? "Failed" : "TerminatingOrFailed"),
        };
    }

    /// <summary>CronJob defaults: Allow, not suspended, history 3 successful / 1 failed, and job template defaults.</summary>
    public static CronJob CronJob(CronJob cj)
    {
        var s = cj.Spec ?? new CronJobSpec();
        var jt = s.JobTemplate;
        var templateSpec = jt?.Spec is { } js ? PodTemplateOnly(js) : null;
        if ((jt is null || ReferenceEquals(templateSpec, jt.Spec)) && s.ConcurrencyPolicy is { Length: > 0 } && s.Suspend is not null
            && s.SuccessfulJobsHistoryLimit is not null && s.FailedJobsHistoryLimit is not null && cj.Spec is not null)
            return cj;
        return cj with
        {
            Spec = s with
            {
                JobTemplate = jt is null || ReferenceEquals(templateSpec, jt.Spec) ? jt : jt with { Spec = templateSpec },
                ConcurrencyPolicy = s.ConcurrencyPolicy is { Length: > 0 } ? s.ConcurrencyPolicy : "Allow",
                Suspend = s.Suspend ?? false,
                SuccessfulJobsHistoryLimit = s.SuccessfulJobsHistoryLimit ?? 3,
                FailedJobsHistoryLimit = s.FailedJobsHistoryLimit ?? 1,
            },
        };
    }

    // A cron job's job template gets the job defaults when its jobs are created; only its pod template is defaulted here,
    // as upstream's SetDefaults_CronJob leaves the job spec fields alone.
    private static JobSpec PodTemplateOnly(JobSpec js)
    {
        var template = PodSpecDefaults.Template(js.Template);
        return ReferenceEquals(template, js.Template) ? js : js with { Template = template };
    }
}
