using KubeCore.Controllers.ReplicaSets;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Jobs;

internal sealed partial class JobReconciler
{
    // What one sync of one Job knows (upstream's syncJobCtx).
    private sealed class SyncState
    {
        public required string Key;
        public required Job Job;
        public required JobStatus Status;
        public required List<Pod> Pods;
        public required List<Pod> Active;
        public required System.Collections.Concurrent.ConcurrentDictionary<string, byte> FinalizersRemoved;
        public required JobBackoff.Record Backoff;
        public required DateTimeOffset Now;
        public int Ready;
        public int Terminating;
        public int Succeeded;
        public SortedSet<int>? PreviousSucceededIndexes;
        public SortedSet<int>? SucceededIndexes;
        public JobCondition? Finished;

        public JobSpec Spec => Job.Spec ?? new JobSpec();
        public bool Indexed => Spec.CompletionMode == "Indexed";
        public int Completions => Spec.Completions ?? 0;
        public bool Suspended => Spec.Suspend == true;

        public bool ValidIndex(Pod pod) => JobPods.CompletionIndex(pod) is var ix && ix >= 0 && ix < Completions;

        // A pod not counted yet: it still has the finalizer and (Indexed) a valid index.
        public bool Uncounted(Pod pod) =>
            JobPods.HasTrackingFinalizer(pod) && !FinalizersRemoved.ContainsKey(pod.Metadata.Uid ?? "") && (!Indexed || ValidIndex(pod));
    }

    private async Task<ReconcileResult> SyncAsync(string key, Job job, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var satisfied = _expectations!.Satisfied(key);
        var uid = job.Metadata.Uid;
        var pods = _pods!.List(job.Metadata.Namespace).Where(p => ControllerRef(p)?.Uid == uid).ToList();
        var removed = _finalizersRemoved.GetOrAdd(key, _ => new(StringComparer.Ordinal));
        foreach (var gone in removed.Keys.Where(u => !pods.Any(p => p.Metadata.Uid == u && JobPods.HasTrackingFinalizer(p))).ToList())
            removed.TryRemove(gone, out _);

        var status = job.Status ?? new JobStatus();
        var uncounted = status.UncountedTerminatedPods ?? new UncountedTerminatedPods();
        var uncountedSucceeded = uncounted.Succeeded ?? [];
        var uncountedFailed = uncounted.Failed ?? [];
        var active = pods.Where(JobPods.IsActive).ToList();
        var state = new SyncState
        {
            Key = key, Job = job, Pods = pods, Active = active, FinalizersRemoved = removed, Now = now,
            Status = status with { UncountedTerminatedPods = uncounted },
            Backoff = null!,
            Ready = active.Count(PodReadiness.IsReady),
            Terminating = pods.Count(JobPods.IsTerminating),
        };
        var newSucceeded = pods.Where(p => state.Uncounted(p) && !uncountedSucceeded.Contains(p.Metadata.Uid ?? "") && JobPods.IsSucceeded(p)).ToList();
        var newFailed = pods.Where(p => state.Uncounted(p) && !uncountedFailed.Contains(p.Metadata.Uid ?? "") && JobPods.IsFailed(p, job)).ToList();
        state.Succeeded = (status.Succeeded ?? 0) + newSucceeded.Count + uncountedSucceeded.Count;
        var failed = (status.Failed ?? 0) + newFailed.Count + uncountedFailed.Count;
        var spec = state.Spec;

        var startTimeChanged = false;
        if (state.Status.StartTime is null && !state.Suspended)
        {
            state.Status = state.Status with { StartTime = KubeTime.FromDateTimeOffset(now) };
            startTimeChanged = true;
        }
        state.Backoff = _backoff.Next(key, newSucceeded, newFailed, now);

        TimeSpan? requeue = null;
        state.Finished = JobConditions.Find(job, JobConditions.SuccessCriteriaMet) is { Status: "True" } met ? met : null;
        if (state.Finished is null && JobConditions.Find(job, JobConditions.FailureTarget) is { Status: "True" } target)
            state.Finished = JobConditions.New(JobConditions.Failed, target.Reason ?? "", target.Message ?? "", now);
        if (state.Finished is null)
        {
            if (failed > (spec.BackoffLimit ?? 6) || PastBackoffLimitOnFailure(spec, pods))
                state.Finished = JobConditions.New(JobConditions.FailureTarget, JobConditions.BackoffLimitExceeded, JobConditions.BackoffLimitExceededMessage, now);
            else if (UntilActiveDeadline(state) is { } left)
            {
                if (left <= TimeSpan.Zero)
                    state.Finished = JobConditions.New(JobConditions.FailureTarget, JobConditions.DeadlineExceeded, JobConditions.DeadlineExceededMessage, now);
                else requeue = left;
            }
        }
        if (state.Indexed)
        {
            state.PreviousSucceededIndexes = CompletedIndexes.Parse(status.CompletedIndexes, state.Completions);
            state.SucceededIndexes = new SortedSet<int>(state.PreviousSucceededIndexes);
            foreach (var p in pods)
                if (JobPods.IsSucceeded(p) && state.ValidIndex(p) && JobPods.HasTrackingFinalizer(p)) state.SucceededIndexes.Add(JobPods.CompletionIndex(p));
            state.Succeeded = state.SucceededIndexes.Count;
        }

        Exception? manageError = null;
        var suspendChanged = false;
        int activeCount;
        if (state.Finished is not null)
        {
            var (deletedReady, deleted, error) = await DeleteActivePodsAsync(job, active, ct).ConfigureAwait(false);
            // Not finished until every active pod is going and the cache has caught up with our own writes.
            if (deleted != active.Count || !satisfied) state.Finished = null;
            activeCount = active.Count - deleted;
            state.Terminating += deleted;
            state.Ready -= deletedReady;
            manageError = error;
        }
        else
        {
            var manageCalled = false;
            activeCount = active.Count;
            if (satisfied && job.Metadata.DeletionTimestamp is null)
            {
                manageCalled = true;
                try
                {
                    var (count, wait) = await ManageAsync(state, ct).ConfigureAwait(false);
                    activeCount = count;
                    if (wait is { } w && (requeue is null || w < requeue)) requeue = w;
                }
                catch (Exception e) when (e is not OperationCanceledException) { manageError = e; }
            }
            var complete = spec.Completions is null
                ? state.Succeeded > 0 && activeCount == 0
                : state.Succeeded >= spec.Completions && activeCount == 0;
            if (complete)
                state.Finished = JobConditions.New(JobConditions.SuccessCriteriaMet, JobConditions.CompletionsReached, JobConditions.CompletionsReachedMessage, now);
            else if (manageCalled)
            {
                var conditions = state.Status.Conditions;
                if (state.Suspended)
                {
                    if (JobConditions.Ensure(ref conditions, JobConditions.Suspended, "True", "JobSuspended", "Job suspended", now))
                    {
                        suspendChanged = true;
                        Recorder.Record(job, EventTypes.Normal, "Suspended", "Job suspended");
                    }
                }
                else if (JobConditions.Ensure(ref conditions, JobConditions.Suspended, "False", "JobResumed", "Job resumed", now))
                {
                    suspendChanged = true;
                    Recorder.Record(job, EventTypes.Normal, "Resumed", "Job resumed");
                    // activeDeadlineSeconds counts the time a Job is continuously active, so resuming restarts the clock.
                    state.Status = state.Status with { StartTime = KubeTime.FromDateTimeOffset(now) };
                }
                state.Status = state.Status with { Conditions = conditions };
            }
        }

        var needsUpdate = suspendChanged || startTimeChanged || activeCount != (status.Active ?? 0) || state.Ready != status.Ready
            || state.Terminating != status.Terminating;
        state.Status = state.Status with { Active = activeCount, Ready = state.Ready, Terminating = state.Terminating };
        await TrackAsync(state, needsUpdate, ct).ConfigureAwait(false);
        if (manageError is not null) throw manageError;
        return requeue is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    // How long until activeDeadlineSeconds passes (null when there is none or the Job is suspended).
    private static TimeSpan? UntilActiveDeadline(SyncState state)
    {
        if (state.Spec.ActiveDeadlineSeconds is not { } seconds || state.Status.StartTime is not { } start || state.Suspended) return null;
        return start.Value + TimeSpan.FromSeconds(seconds) - state.Now;
    }

    // restartPolicy OnFailure retries inside the pod, so its container restarts count against backoffLimit.
    private static bool PastBackoffLimitOnFailure(JobSpec spec, List<Pod> pods)
    {
        if (spec.Template?.Spec?.RestartPolicy != "OnFailure") return false;
        var restarts = JobPods.Restarts(pods);
        var limit = spec.BackoffLimit ?? 6;
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }
}
