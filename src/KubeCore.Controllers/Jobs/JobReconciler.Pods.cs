using KubeCore.Api;
using KubeCore.Controllers.ReplicaSets;
using KubeCore.Events;
using KubeCore.Models;

namespace KubeCore.Controllers.Jobs;

internal sealed partial class JobReconciler
{
    private const int MaxPodCreateDeletePerSync = 500;

    // Creates or deletes pods towards the wanted number of active ones (upstream's manageJob). Returns the active
    // count after the changes and, when creation waits for the failure backoff, how long it waits.
    private async Task<(int Active, TimeSpan? Wait)> ManageAsync(SyncState state, CancellationToken ct)
    {
        var job = state.Job;
        var spec = state.Spec;
        var active = state.Active.Count;
        if (state.Suspended)
        {
            var (removedReady, removed) = await DeleteJobPodsAsync(state, ForRemoval(state, state.Active.Count), ct).ConfigureAwait(false);
            state.Terminating += removed;
            state.Ready -= removedReady;
            return (active - removed, null);
        }

        var parallelism = spec.Parallelism ?? 1;
        int wantActive;
        if (spec.Completions is null) wantActive = state.Succeeded > 0 ? active : parallelism;
        else wantActive = Math.Clamp(spec.Completions.Value - state.Succeeded, 0, parallelism);

        var victims = ForRemoval(state, Math.Max(active - wantActive, 0)).Take(MaxPodCreateDeletePerSync).ToList();
        if (victims.Count > 0)
        {
            var (removedReady, removed) = await DeleteJobPodsAsync(state, victims, ct).ConfigureAwait(false);
            state.Terminating += removed;
            state.Ready -= removedReady;
            return (active - removed, null); // deleting and creating never happen in the same sync
        }

        var terminating = JobPods.OnlyReplaceFailedPods(job) ? state.Terminating : 0;
        var diff = Math.Min(wantActive - terminating - active, MaxPodCreateDeletePerSync);
        if (diff <= 0) return (active, null);
        if (JobBackoff.Remaining(state.Backoff, state.Now) is var wait && wait > TimeSpan.Zero) return (active, wait);

        var indexes = state.Indexed ? PendingIndexes(state, diff) : null;
        if (indexes is not null) diff = indexes.Count;
        _expectations!.ExpectCreations(state.Key, diff);
        for (var i = 0; i < diff; i++)
        {
            Pod created;
            try { created = await Client.Pods(job.Metadata.Namespace).CreateAsync(PodFor(job, indexes?[i]), null, ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                for (var j = i; j < diff; j++) _expectations.CreationObserved(state.Key); // never to be observed
                Recorder.Record(job, EventTypes.Warning, "FailedCreate", "Error creating: " + e.Message);
                throw;
            }
            active++;
            Recorder.Record(job, EventTypes.Normal, "SuccessfulCreate", "Created pod: " + created.Metadata.Name);
        }
        return (active, null);
    }

    // The lowest indexes below completions that neither succeeded nor have an active (or, when only failed pods are
    // replaced, terminating) pod.
    private static List<int> PendingIndexes(SyncState state, int count)
    {
        var taken = new HashSet<int>(state.SucceededIndexes ?? []);
        foreach (var p in state.Active) taken.Add(JobPods.CompletionIndex(p));
        if (JobPods.OnlyReplaceFailedPods(state.Job))
            foreach (var p in state.Pods.Where(JobPods.IsTerminating)) taken.Add(JobPods.CompletionIndex(p));
        var result = new List<int>(count);
        for (var ix = 0; ix < state.Completions && result.Count < count; ix++)
            if (!taken.Contains(ix)) result.Add(ix);
        return result;
    }

    // Active pods to delete: for Indexed Jobs first those with a duplicate, invalid or out-of-range index, then the
    // cheapest to lose, until at least rmAtLeast are chosen.
    private static List<Pod> ForRemoval(SyncState state, int rmAtLeast)
    {
        var remove = new List<Pod>();
        var left = state.Active;
        if (state.Indexed)
        {
            left = [];
            var seen = new HashSet<int>();
            foreach (var p in state.Active.OrderBy(p => p.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue))
            {
                if (!state.ValidIndex(p) || !seen.Add(JobPods.CompletionIndex(p))) remove.Add(p);
                else left.Add(p);
            }
        }
        if (remove.Count < rmAtLeast) remove.AddRange(PodRanking.ForDeletion(left).Take(rmAtLeast - remove.Count));
        return remove;
    }

    private Pod PodFor(Job job, int? index)
    {
        var template = job.Spec?.Template;
        var meta = template?.Metadata;
        var labels = new Dictionary<string, string>(meta?.Labels ?? new Dictionary<string, string>());
        var annotations = meta?.Annotations is { } a ? new Dictionary<string, string>(a) : null;
        var podSpec = template?.Spec ?? new PodSpec();
        var generateName = job.Metadata.Name + "-";
        if (index is { } ix)
        {
            var value = ix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            (annotations ??= [])[JobPods.CompletionIndexAnnotation] = value;
            labels[JobPods.CompletionIndexAnnotation] = value;
            generateName = $"{job.Metadata.Name}-{value}-";
            podSpec = podSpec with
            {
                Hostname = $"{job.Metadata.Name}-{value}",
                Containers = WithIndexEnv(podSpec.Containers ?? []),
                InitContainers = podSpec.InitContainers is { } init ? WithIndexEnv(init) : null,
            };
        }
        return new Pod
        {
            Metadata = new ObjectMeta
            {
                GenerateName = generateName,
                Namespace = job.Metadata.Namespace,
                Labels = labels.Count == 0 ? null : labels,
                Annotations = annotations,
                Finalizers = [.. (meta?.Finalizers ?? []).Where(f => f != JobPods.TrackingFinalizer), JobPods.TrackingFinalizer],
                OwnerReferences =
                [
                    new OwnerReference
                    {
                        ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name ?? "", Uid = job.Metadata.Uid ?? "",
                        Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = podSpec,
        };
    }

    // Every container can read its index from JOB_COMPLETION_INDEX, a downward-API reference to the annotation.
    private static List<Container> WithIndexEnv(IReadOnlyList<Container> containers) =>
    [
        .. containers.Select(c => c.Env?.Any(e => e.Name == JobPods.CompletionIndexEnv) == true ? c : c with
        {
            Env =
            [
                .. c.Env ?? [],
                new EnvVar
                {
                    Name = JobPods.CompletionIndexEnv,
                    ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = $"metadata.annotations['{JobPods.CompletionIndexAnnotation}']" } },
                },
            ],
        }),
    ];

    // Deletes pods of a finished Job, keeping their finalizers so they are counted as they go.
    private async Task<(int Ready, int Deleted, Exception? Error)> DeleteActivePodsAsync(Job job, List<Pod> pods, CancellationToken ct)
    {
        int ready = 0, deleted = 0;
        Exception? error = null;
        foreach (var pod in pods)
        {
            try { await DeletePodAsync(job, pod, ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { error ??= e; continue; }
            deleted++;
            if (PodReadiness.IsReady(pod)) ready++;
        }
        return (ready, deleted, error);
    }

    // Deletes surplus or suspended pods: their finalizer goes first, as they are not to be counted as failures.
    private async Task<(int Ready, int Deleted)> DeleteJobPodsAsync(SyncState state, List<Pod> pods, CancellationToken ct)
    {
        if (pods.Count == 0) return (0, 0);
        _expectations!.ExpectDeletions(state.Key, pods.Select(p => p.Metadata.Uid ?? ""));
        int ready = 0, deleted = 0;
        Exception? error = null;
        foreach (var pod in pods)
        {
            try
            {
                await RemoveFinalizerAsync(pod, ct).ConfigureAwait(false);
                await DeletePodAsync(state.Job, pod, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _expectations.DeletionObserved(state.Key, pod.Metadata.Uid ?? "");
                error ??= e;
                continue;
            }
            deleted++;
            if (PodReadiness.IsReady(pod)) ready++;
        }
        if (error is not null) throw error;
        return (ready, deleted);
    }

    private async Task DeletePodAsync(Job job, Pod pod, CancellationToken ct)
    {
        try
        {
            await Client.Pods(pod.Metadata.Namespace).DeleteAsync(pod.Metadata.Name!,
                new DeleteOptions { Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }, ct).ConfigureAwait(false);
        }
        catch (NotFoundException) { return; }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Recorder.Record(job, EventTypes.Warning, "FailedDelete", "Error deleting: " + e.Message);
            throw;
        }
        Recorder.Record(job, EventTypes.Normal, "SuccessfulDelete", "Deleted pod: " + pod.Metadata.Name);
    }
}
