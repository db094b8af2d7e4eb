using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Jobs;

internal sealed partial class JobReconciler
{
    // Counts finished pods without ever counting one twice or losing one (upstream's trackJobStatusAndRemoveFinalizers):
    // 1. finished pods still carrying the tracking finalizer go into status.uncountedTerminatedPods (written first);
    // 2. their finalizers are removed;
    // 3. those whose finalizer is gone move from the uncounted lists into succeeded/failed;
    // 4. Complete or Failed is added once nothing is uncounted and no pod is still terminating.
    private async Task TrackAsync(SyncState state, bool needsFlush, CancellationToken ct)
    {
        var job = state.Job;
        var status = state.Status;
        var uncountedSucceeded = (status.UncountedTerminatedPods?.Succeeded ?? []).ToList();
        var uncountedFailed = (status.UncountedTerminatedPods?.Failed ?? []).ToList();
        var withFinalizer = state.Pods
            .Where(p => JobPods.HasTrackingFinalizer(p) && !state.FinalizersRemoved.ContainsKey(p.Metadata.Uid ?? ""))
            .Select(p => p.Metadata.Uid ?? "").ToHashSet(StringComparer.Ordinal);
        var succeeded = status.Succeeded ?? 0;
        var failed = status.Failed ?? 0;
        needsFlush |= MoveCounted(uncountedSucceeded, uncountedFailed, withFinalizer, ref succeeded, ref failed);

        var toRelease = new List<Pod>();
        var newSucceededIndexes = new List<int>();
        var reachedMax = false;
        var ordered = state.Indexed ? state.Pods.OrderBy(JobPods.CompletionIndex).ToList() : state.Pods;
        foreach (var pod in ordered)
        {
            var uid = pod.Metadata.Uid ?? "";
            if (!JobPods.HasTrackingFinalizer(pod) || state.FinalizersRemoved.ContainsKey(uid)) continue;
            var consideredFailed = JobPods.IsFailed(pod, job);
            if (job.Metadata.DeletionTimestamp is null && state.Finished is null && !JobPods.IsSucceeded(pod) && !consideredFailed) continue;
            toRelease.Add(pod);
            if (JobPods.IsSucceeded(pod) && !uncountedFailed.Contains(uid))
            {
                if (state.Indexed)
                {
                    var ix = JobPods.CompletionIndex(pod);
                    if (state.ValidIndex(pod) && !state.PreviousSucceededIndexes!.Contains(ix))
                    {
                        newSucceededIndexes.Add(ix);
                        needsFlush = true;
                    }
                }
                else if (!uncountedSucceeded.Contains(uid))
                {
                    uncountedSucceeded.Add(uid);
                    needsFlush = true;
                }
            }
            // Once the Job is failing, every pod that did not succeed counts as failed.
            else if ((consideredFailed || (state.Finished is not null && state.Finished.Type != JobConditions.SuccessCriteriaMet))
                     && !uncountedFailed.Contains(uid) && (!state.Indexed || state.ValidIndex(pod)))
            {
                uncountedFailed.Add(uid);
                needsFlush = true;
            }
            if (newSucceededIndexes.Count + uncountedSucceeded.Count + uncountedFailed.Count >= MaxUncountedPods)
            {
                reachedMax = true; // the status update requeues the Job for the rest
                break;
            }
        }
        if (state.Indexed)
        {
            var indexes = new SortedSet<int>(state.SucceededIndexes!);
            indexes.UnionWith(newSucceededIndexes);
            var text = CompletedIndexes.Format(indexes);
            if (text != (status.CompletedIndexes ?? "")) needsFlush = true;
            succeeded = indexes.Count;
            status = status with { CompletedIndexes = text };
        }

        var conditions = status.Conditions;
        if (state.Finished?.Type == JobConditions.FailureTarget)
        {
            conditions = [.. conditions ?? [], state.Finished];
            needsFlush = true;
            state.Finished = JobConditions.New(JobConditions.Failed, state.Finished.Reason ?? "", state.Finished.Message ?? "", state.Now);
        }
        if (state.Finished?.Type == JobConditions.SuccessCriteriaMet)
        {
            if (conditions?.Any(c => c.Type == JobConditions.SuccessCriteriaMet && c.Status == "True") != true)
            {
                conditions = [.. (conditions ?? []).Where(c => c.Type != JobConditions.SuccessCriteriaMet), state.Finished];
                needsFlush = true;
            }
            state.Finished = JobConditions.New(JobConditions.Complete, state.Finished.Reason ?? "", state.Finished.Message ?? "", state.Now);
        }

        JobStatus Current() => status with
        {
            Conditions = conditions, Succeeded = succeeded, Failed = failed,
            UncountedTerminatedPods = new UncountedTerminatedPods { Succeeded = [.. uncountedSucceeded], Failed = [.. uncountedFailed] },
        };

        if (needsFlush)
        {
            job = await WriteStatusAsync(job, Current(), ct).ConfigureAwait(false);
            _backoff.Store(state.Key, state.Backoff);
            needsFlush = false;
        }

        Exception? releaseError = null;
        foreach (var pod in toRelease)
        {
            try { await RemoveFinalizerAsync(pod, ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { releaseError ??= e; continue; }
            state.FinalizersRemoved.TryAdd(pod.Metadata.Uid ?? "", 0);
            withFinalizer.Remove(pod.Metadata.Uid ?? "");
        }
        needsFlush |= MoveCounted(uncountedSucceeded, uncountedFailed, withFinalizer, ref succeeded, ref failed);
        if (releaseError is not null)
        {
            if (needsFlush) await WriteStatusAsync(job, Current(), ct).ConfigureAwait(false);
            throw releaseError;
        }

        var finished = !reachedMax && state.Finished is not null && uncountedSucceeded.Count == 0 && uncountedFailed.Count == 0 && state.Terminating == 0;
        if (finished)
        {
            var f = state.Finished!;
            JobConditions.Ensure(ref conditions, f.Type, f.Status, f.Reason ?? "", f.Message ?? "", state.Now);
            if (f.Type == JobConditions.Complete) status = status with { CompletionTime = f.LastTransitionTime };
            needsFlush = true;
        }
        if (!needsFlush) return;
        job = await WriteStatusAsync(job, Current(), ct).ConfigureAwait(false);
        if (!finished) return;
        if (state.Finished!.Type == JobConditions.Complete)
        {
            if (job.Spec?.Completions is { } completions && succeeded > completions)
                Recorder.Record(job, EventTypes.Warning, "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
            Recorder.Record(job, EventTypes.Normal, "Completed", "Job completed");
        }
        else Recorder.Record(job, EventTypes.Warning, state.Finished.Reason ?? "", state.Finished.Message ?? "");
    }

    // Moves uncounted pods whose finalizer is gone into the counters; returns whether anything moved.
    private static bool MoveCounted(List<string> uncountedSucceeded, List<string> uncountedFailed, HashSet<string> withFinalizer, ref int succeeded, ref int failed)
    {
        var s = uncountedSucceeded.RemoveAll(u => !withFinalizer.Contains(u));
        var f = uncountedFailed.RemoveAll(u => !withFinalizer.Contains(u));
        succeeded += s;
        failed += f;
        return s + f > 0;
    }

    private async Task<Job> WriteStatusAsync(Job job, JobStatus status, CancellationToken ct)
    {
        var written = await Client.Jobs(job.Metadata.Namespace).UpdateStatusAsync(job with { Status = status }, null, ct).ConfigureAwait(false);
        if (Revision(written) is { } rv) _statusWritten[ReconcileRequest.For(written).ToString()] = rv;
        return written;
    }
}
