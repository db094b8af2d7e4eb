using System.Globalization;
using KubeCore.Api;
using KubeCore.Controllers.Jobs;
using KubeCore.Events;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.CronJobs;

/// <summary>
/// Creates a CronJob's Jobs at its scheduled times — pkg/controller/cronjob's ControllerV2. Level-based: each
/// reconcile reads the CronJob and its Jobs, settles <c>status.active</c> and <c>lastSuccessfulTime</c>, starts the
/// most recent unmet scheduled time (named <c>&lt;cronjob&gt;-&lt;unix minutes&gt;</c>, so a time is never started twice)
/// under <c>concurrencyPolicy</c> and <c>startingDeadlineSeconds</c>, prunes finished Jobs beyond the history limits,
/// and asks to be reconciled again just after the next scheduled time on the cluster clock.
/// </summary>
internal sealed class CronJobReconciler : Reconciler<CronJob>
{
    /// <summary>The controller's name, also the source of its events (as kube-controller-manager names it).</summary>
    public const string Name = "cronjob-controller";

    /// <summary>The annotation on created Jobs holding their scheduled time (RFC 3339, in the CronJob's time zone).</summary>
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    // Upstream requeues 100 ms after the next scheduled time so that the time has surely passed.
    private static readonly TimeSpan NextScheduleDelta = TimeSpan.FromMilliseconds(100);
    private const int TooManyMissed = 100;

    private readonly TaskCompletionSource<Lister<Job>> _jobs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TimeProvider Time => Client.Api.TimeProvider;

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options)
    {
        var reconciler = new CronJobReconciler();
        builder.AddController(c => c.For<CronJob>().Owns<Job>().Named(Name)
            .WithMaxConcurrentReconciles(options.ConcurrentCronJobSyncs)
            .Reconcile(reconciler));
        builder.AddHostedComponent((cluster, _) =>
        {
            reconciler._jobs.TrySetResult(cluster.Informers.GetInformer<Job>().Lister);
            return Task.FromResult<IAsyncDisposable>(new NoOp());
        });
    }

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CronJob? cronJob, CancellationToken cancellationToken)
    {
        if (cronJob is null) return ReconcileResult.Done;
        var lister = await _jobs.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var jobs = lister.List(request.Namespace).Where(j => ControllerRef(j)?.Uid == cronJob.Metadata.Uid).ToList();
        var sync = new Sync(cronJob);
        TimeSpan? requeue;
        Exception? error = null;
        try { requeue = await SyncAsync(sync, jobs, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            requeue = null;
            error = e;
        }
        await CleanupFinishedJobsAsync(sync, jobs, cancellationToken).ConfigureAwait(false);
        if (sync.Changed)
            await Client.CronJobs(request.Namespace).UpdateStatusAsync(sync.CronJob with { Status = sync.Status }, null, cancellationToken).ConfigureAwait(false);
        if (requeue is { } after) return ReconcileResult.After(after > TimeSpan.Zero ? after : NextScheduleDelta);
        if (error is not null) throw error;
        return ReconcileResult.Done;
    }

    // The CronJob being synced and the status being built for it.
    private sealed class Sync(CronJob cronJob)
    {
        public CronJob CronJob { get; set; } = cronJob;
        public CronJobStatus Status { get; set; } = cronJob.Status ?? new CronJobStatus();
        public List<ObjectReference> Active { get; set; } = [.. cronJob.Status?.Active ?? []];
        public bool Changed { get; set; }

        public void RemoveActive(string? uid)
        {
            if (Active.RemoveAll(r => r.Uid == uid) == 0) return;
            Status = Status with { Active = Active.Count == 0 ? null : [.. Active] };
            Changed = true;
        }

        public void AddActive(ObjectReference reference)
        {
            Active.Add(reference);
            Status = Status with { Active = [.. Active] };
            Changed = true;
        }
    }

    private async Task<TimeSpan?> SyncAsync(Sync sync, List<Job> jobs, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var cj = sync.CronJob;
        var ns = cj.Metadata.Namespace;
        foreach (var job in jobs)
        {
            var found = sync.Active.Any(r => r.Uid == job.Metadata.Uid);
            var finished = JobConditions.IsFinished(job);
            if (!found && !finished)
            {
                var fresh = await Client.CronJobs(ns).GetAsync(cj.Metadata.Name!, ct).ConfigureAwait(false);
                if (fresh.Status?.Active?.Any(r => r.Uid == job.Metadata.Uid) == true)
                {
                    sync.CronJob = fresh;
                    sync.Status = fresh.Status ?? new CronJobStatus();
                    sync.Active = [.. fresh.Status?.Active ?? []];
                    continue;
                }
                Recorder.Record(cj, EventTypes.Warning, "UnexpectedJob", "Saw a job that the controller did not create or forgot: " + job.Metadata.Name);
            }
            else if (finished)
            {
                if (found)
                {
                    sync.RemoveActive(job.Metadata.Uid);
                    var condition = JobConditions.IsTrue(job, JobConditions.Complete) ? JobConditions.Complete : JobConditions.Failed;
                    Recorder.Record(cj, EventTypes.Normal, "SawCompletedJob", $"Saw completed job: {job.Metadata.Name}, condition: {condition}");
                }
                if (JobConditions.IsTrue(job, JobConditions.Complete) && job.Status?.CompletionTime is { } completed
                    && (sync.Status.LastSuccessfulTime is not { } last || completed > last))
                {
                    sync.Status = sync.Status with { LastSuccessfulTime = completed };
                    sync.Changed = true;
                }
            }
        }
        // An active reference whose Job is gone would block Forbid forever; a live GET confirms before dropping it.
        foreach (var reference in sync.Active.Where(r => !jobs.Any(j => j.Metadata.Uid == r.Uid)).ToList())
        {
            if (await Client.Jobs(reference.Namespace ?? ns).TryGetAsync(reference.Name ?? "", ct).ConfigureAwait(false) is not null) continue;
            Recorder.Record(cj, EventTypes.Normal, "MissingJob", "Active job went missing: " + reference.Name);
            sync.RemoveActive(reference.Uid);
        }

        cj = sync.CronJob;
        var spec = cj.Spec ?? new CronJobSpec();
        if (cj.Metadata.DeletionTimestamp is not null) return null;
        var zone = TimeZoneInfo.Utc;
        if (spec.TimeZone is { } tz)
        {
            if (CronJobSchedule.FindZone(tz) is not { } found)
            {
                Recorder.Record(cj, EventTypes.Warning, "UnknownTimeZone", $"invalid timeZone: \"{tz}\": unknown time zone {tz}");
                return null;
            }
            zone = found;
        }
        if (spec.Suspend == true) return null;
        if (spec.Schedule.Contains("TZ", StringComparison.Ordinal))
            Recorder.Record(cj, EventTypes.Warning, "UnsupportedSchedule",
                $"CRON_TZ or TZ used in schedule \"{spec.Schedule}\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details");
        CronJobSchedule schedule;
        try { schedule = CronJobSchedule.Parse(spec.Schedule, zone); }
        catch (FormatException e)
        {
            Recorder.Record(cj, EventTypes.Warning, "UnparseableSchedule", $"unparseable schedule: \"{spec.Schedule}\" : {e.Message}");
            return null;
        }

        var (_, scheduled, many) = MostRecentScheduleTime(sync.Status, cj, spec, now, schedule, includeStartingDeadline: true);
        if (scheduled is null || scheduled > now) return NextScheduleDuration(sync.Status, cj, spec, now, schedule);
        if (many)
            Recorder.Record(cj, EventTypes.Warning, "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        var scheduledTime = scheduled.Value;
        if (spec.StartingDeadlineSeconds is { } deadline && scheduledTime + TimeSpan.FromSeconds(deadline) < now)
        {
            Recorder.Record(cj, EventTypes.Warning, "MissSchedule",
                "Missed scheduled time to start a job: " + scheduledTime.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
            return NextScheduleDuration(sync.Status, cj, spec, now, schedule);
        }
        var jobName = JobName(cj, scheduledTime);
        if (sync.Active.Any(r => r.Name == jobName) || sync.Status.LastScheduleTime?.Value == scheduledTime)
            return NextScheduleDuration(sync.Status, cj, spec, now, schedule);
        if (spec.ConcurrencyPolicy == "Forbid" && sync.Active.Count > 0)
        {
            Recorder.Record(cj, EventTypes.Normal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
            return NextScheduleDuration(sync.Status, cj, spec, now, schedule);
        }
        if (spec.ConcurrencyPolicy == "Replace")
        {
            foreach (var reference in sync.Active.ToList())
            {
                Job? running;
                try { running = await Client.Jobs(reference.Namespace ?? cj.Metadata.Namespace).GetAsync(reference.Name ?? "", ct).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Recorder.Record(cj, EventTypes.Warning, "FailedGet", "Get job: " + e.Message);
                    throw;
                }
                if (!await DeleteJobAsync(sync, running, ct).ConfigureAwait(false))
                    throw new InvalidOperationException($"could not replace job {running.Metadata.Namespace}/{running.Metadata.Name}");
            }
        }

        Job created;
        try
        {
            created = await Client.Jobs(cj.Metadata.Namespace).CreateAsync(JobFor(cj, spec, jobName, scheduledTime, schedule.Zone), null, ct).ConfigureAwait(false);
            Recorder.Record(cj, EventTypes.Normal, "SuccessfulCreate", "Created job " + created.Metadata.Name);
        }
        catch (AlreadyExistsException)
        {
            // Created earlier by this controller (whose status update was lost) or by someone else.
            created = await Client.Jobs(cj.Metadata.Namespace).GetAsync(jobName, ct).ConfigureAwait(false);
            if (ControllerRef(created)?.Uid != cj.Metadata.Uid || sync.Active.Any(r => r.Uid == created.Metadata.Uid)) return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Recorder.Record(cj, EventTypes.Warning, "FailedCreate", "Error creating job: " + e.Message);
            throw;
        }
        sync.AddActive(new ObjectReference
        {
            Kind = "Job", ApiVersion = "batch/v1", Namespace = created.Metadata.Namespace, Name = created.Metadata.Name,
            Uid = created.Metadata.Uid, ResourceVersion = created.Metadata.ResourceVersion,
        });
        sync.Status = sync.Status with { LastScheduleTime = KubeTime.FromDateTimeOffset(scheduledTime) };
        return NextScheduleDuration(sync.Status, cj, spec, now, schedule);
    }

    /// <summary>
    /// The latest scheduled time at or before <paramref name="now"/> since the last scheduled time (or creation, or
    /// <c>now - startingDeadlineSeconds</c> if later), whether more than 100 were missed, and the time counted from.
    /// </summary>
    private static (DateTimeOffset Earliest, DateTimeOffset? MostRecent, bool TooMany) MostRecentScheduleTime(
        CronJobStatus status, CronJob cj, CronJobSpec spec, DateTimeOffset now, CronJobSchedule schedule, bool includeStartingDeadline)
    {
        var earliest = status.LastScheduleTime?.Value ?? cj.Metadata.CreationTimestamp?.Value ?? now;
        if (includeStartingDeadline && spec.StartingDeadlineSeconds is { } deadline && now - TimeSpan.FromSeconds(deadline) > earliest)
            earliest = now - TimeSpan.FromSeconds(deadline);
        if (schedule.Next(earliest) is not { } t1 || t1 > now) return (earliest, null, false);
        var latest = t1;
        for (var n = 1; n <= TooManyMissed; n++)
        {
            if (schedule.Next(latest) is not { } t || t > now) return (earliest, latest, false);
            latest = t;
        }
        return (earliest, LatestAtOrBefore(schedule, latest, now), true);
    }

    // The last scheduled time in (floor, now], found by looking back over growing windows instead of walking every
    // missed time from floor (a clock jump of years on a per-minute schedule would be millions).
    private static DateTimeOffset LatestAtOrBefore(CronJobSchedule schedule, DateTimeOffset floor, DateTimeOffset now)
    {
        var window = TimeSpan.FromMinutes(2);
        while (true)
        {
            var from = now - window;
            if (from <= floor) from = floor;
            DateTimeOffset? last = null;
            for (var t = schedule.Next(from); t is { } x && x <= now; t = schedule.Next(x)) last = x;
            if (last is { } found) return found;
            if (from == floor) return floor;
            window *= 2;
        }
    }

    private static TimeSpan NextScheduleDuration(CronJobStatus status, CronJob cj, CronJobSpec spec, DateTimeOffset now, CronJobSchedule schedule)
    {
        var (earliest, mostRecent, tooMany) = MostRecentScheduleTime(status, cj, spec, now, schedule, includeStartingDeadline: false);
        var from = mostRecent ?? (tooMany ? now : earliest);
        var next = schedule.Next(from) ?? now + TimeSpan.FromDays(365);
        if (next <= now) next = schedule.Next(now) ?? now + TimeSpan.FromDays(365);
        return next + NextScheduleDelta - now;
    }

    private static string JobName(CronJob cj, DateTimeOffset scheduled) =>
        $"{cj.Metadata.Name}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    private static Job JobFor(CronJob cj, CronJobSpec spec, string name, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        var template = spec.JobTemplate;
        var annotations = new Dictionary<string, string>(template?.Metadata?.Annotations ?? new Dictionary<string, string>())
        {
            [ScheduledTimestampAnnotation] = Rfc3339(TimeZoneInfo.ConvertTime(scheduled, zone)),
        };
        return new Job
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = cj.Metadata.Namespace,
                Labels = template?.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = annotations,
                OwnerReferences =
                [
                    new OwnerReference
                    {
                        ApiVersion = "batch/v1", Kind = "CronJob", Name = cj.Metadata.Name ?? "", Uid = cj.Metadata.Uid ?? "",
                        Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = template?.Spec,
        };
    }

    private static string Rfc3339(DateTimeOffset t) => t.Offset == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    // Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit.
    private async Task CleanupFinishedJobsAsync(Sync sync, List<Job> jobs, CancellationToken ct)
    {
        var spec = sync.CronJob.Spec ?? new CronJobSpec();
        if (spec.SuccessfulJobsHistoryLimit is { } successful)
            await RemoveOldestAsync(sync, jobs.Where(j => JobConditions.IsTrue(j, JobConditions.Complete)).ToList(), successful, ct).ConfigureAwait(false);
        if (spec.FailedJobsHistoryLimit is { } failed)
            await RemoveOldestAsync(sync, jobs.Where(j => !JobConditions.IsTrue(j, JobConditions.Complete) && JobConditions.IsTrue(j, JobConditions.Failed)).ToList(), failed, ct).ConfigureAwait(false);
    }

    private async Task RemoveOldestAsync(Sync sync, List<Job> finished, int keep, CancellationToken ct)
    {
        if (finished.Count <= keep) return;
        var oldest = finished
            .OrderBy(j => j.Status?.StartTime is null ? 1 : 0)
            .ThenBy(j => j.Status?.StartTime?.Value ?? DateTimeOffset.MaxValue)
            .ThenBy(j => j.Metadata.Name, StringComparer.Ordinal)
            .Take(finished.Count - keep);
        foreach (var job in oldest) await DeleteJobAsync(sync, job, ct).ConfigureAwait(false);
    }

    // Deletes a Job and its pods (Background propagation) and drops it from the active list.
    private async Task<bool> DeleteJobAsync(Sync sync, Job job, CancellationToken ct)
    {
        try
        {
            await Client.Jobs(job.Metadata.Namespace).DeleteAsync(job.Metadata.Name!, new DeleteOptions { PropagationPolicy = "Background" }, ct).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            sync.RemoveActive(job.Metadata.Uid); // already gone (a cache behind our own delete): nothing to report
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Recorder.Record(sync.CronJob, EventTypes.Warning, "FailedDelete", "Deleted job: " + e.Message);
            return false;
        }
        sync.RemoveActive(job.Metadata.Uid);
        Recorder.Record(sync.CronJob, EventTypes.Normal, "SuccessfulDelete", "Deleted job " + job.Metadata.Name);
        return true;
    }

    private static OwnerReference? ControllerRef(KubeObject obj) => obj.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    private sealed class NoOp : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
