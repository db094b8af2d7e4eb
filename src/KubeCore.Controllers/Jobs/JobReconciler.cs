using System.Collections.Concurrent;
using KubeCore.Api;
using KubeCore.Controllers.ReplicaSets;
using KubeCore.Events;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Jobs;

/// <summary>
/// Runs a Job's pods to completion — pkg/controller/job's syncJob. Level-based: each reconcile reads the Job and its
/// pods from the informers, counts finished pods through the <c>batch.kubernetes.io/job-tracking</c> finalizer
/// (uncounted → finalizer removed → counters), creates or deletes pods towards <c>parallelism</c> and the remaining
/// completions (under expectations and the failure backoff), and finishes the Job: <c>SuccessCriteriaMet</c> then
/// <c>Complete</c>, or <c>FailureTarget</c> then <c>Failed</c> once no pod is left terminating.
/// </summary>
internal sealed partial class JobReconciler(BuiltInControllersOptions options) : Reconciler<Job>
{
    /// <summary>The <c>spec.managedBy</c> value (or null) under which this controller syncs a Job.</summary>
    public const string ManagedBy = "kubernetes.io/job-controller";

    private const int MaxUncountedPods = 500;

    private readonly TaskCompletionSource<KubeCluster> _cluster = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JobBackoff _backoff = new();
    // Pods whose finalizer this controller removed but whose update the pod cache may not show yet (upstream's
    // finalizerExpectations): counting them again would count them twice.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _finalizersRemoved = new(StringComparer.Ordinal);
    // The resourceVersion of each Job's last status this controller wrote. A cached Job older than that predates our
    // own counting: syncing it would miss pods already counted and start their replacements again.
    private readonly ConcurrentDictionary<string, long> _statusWritten = new(StringComparer.Ordinal);
    private ReplicaSetExpectations? _expectations;
    private Lister<Pod>? _pods;

    private TimeProvider Time => Client.Api.TimeProvider;

    /// <summary>Starts observing pod events for expectations; the controller waits for this before its first sync.</summary>
    public IAsyncDisposable Attach(KubeCluster cluster)
    {
        var expectations = _expectations = new ReplicaSetExpectations(cluster.TimeProvider, options.ExpectationsTimeout);
        var informer = cluster.Informers.GetInformer<Pod>();
        _pods = informer.Lister;
        var handler = informer.AddEventHandler(
            onAdd: p =>
            {
                if (JobKey(p) is not { } key) return;
                expectations.CreationObserved(key);
                if (p.Metadata.DeletionTimestamp is not null) expectations.DeletionObserved(key, p.Metadata.Uid ?? "");
            },
            onUpdate: (_, p) =>
            {
                if (p.Metadata.DeletionTimestamp is not null && JobKey(p) is { } key) expectations.DeletionObserved(key, p.Metadata.Uid ?? "");
            },
            onDelete: p =>
            {
                if (JobKey(p) is { } key) expectations.DeletionObserved(key, p.Metadata.Uid ?? "");
            });
        _cluster.TrySetResult(cluster);
        return new Detach(handler);
    }

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Job? job, CancellationToken cancellationToken)
    {
        await _cluster.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var key = request.ToString();
        if (job is null)
        {
            _expectations!.Forget(key);
            _backoff.Remove(key);
            _finalizersRemoved.TryRemove(key, out _);
            _statusWritten.TryRemove(key, out _);
            await ReleaseOrphansAsync(request.Namespace, request.Name, liveUid: null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        if (job.Spec?.ManagedBy is { } managedBy && managedBy != ManagedBy) return ReconcileResult.Done;
        // The informer's event for our own write enqueues the Job again once the cache has caught up.
        if (_statusWritten.TryGetValue(key, out var written) && Revision(job) is { } seen && seen < written) return ReconcileResult.Done;
        if (JobConditions.IsFinished(job))
        {
            _backoff.Remove(key);
            await ReleaseOrphansAsync(request.Namespace, request.Name, liveUid: null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        if (job.Spec?.CompletionMode is { } mode && mode is not ("NonIndexed" or "Indexed"))
        {
            Recorder.Record(job, EventTypes.Warning, "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
            return ReconcileResult.Done;
        }
        await ReleaseOrphansAsync(request.Namespace, request.Name, job.Metadata.Uid, cancellationToken).ConfigureAwait(false);
        return await SyncAsync(key, job, cancellationToken).ConfigureAwait(false);
    }

    // Pods whose controlling Job (by name) is gone, replaced by another uid, or finished keep no tracking finalizer
    // (upstream's orphan pod sync), so the garbage collector and the kubelet can remove them.
    private async Task ReleaseOrphansAsync(string ns, string jobName, string? liveUid, CancellationToken ct)
    {
        foreach (var pod in _pods!.List(ns))
        {
            if (!JobPods.HasTrackingFinalizer(pod)) continue;
            if (ControllerRef(pod) is not { Kind: "Job" } owner || owner.ApiVersion != "batch/v1" || owner.Name != jobName) continue;
            if (liveUid is not null && owner.Uid == liveUid) continue;
            await RemoveFinalizerAsync(pod, ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> RemoveFinalizerAsync(Pod pod, CancellationToken ct)
    {
        try
        {
            await Client.Pods(pod.Metadata.Namespace).UpdateWithRetryAsync(pod.Metadata.Name!, current =>
                current.Metadata.Uid != pod.Metadata.Uid || !JobPods.HasTrackingFinalizer(current)
                    ? current
                    : current with { Metadata = current.Metadata with { Finalizers = [.. current.Metadata.Finalizers!.Where(f => f != JobPods.TrackingFinalizer)] } },
                ct).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException) { return true; }
    }

    private static long? Revision(Job job) => long.TryParse(job.Metadata.ResourceVersion, out var rv) ? rv : null;

    private static OwnerReference? ControllerRef(KubeObject obj) => obj.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    private static string? JobKey(Pod pod) =>
        ControllerRef(pod) is { Kind: "Job", ApiVersion: "batch/v1" } o ? new ReconcileRequest(pod.Metadata.Namespace, o.Name).ToString() : null;

    private sealed class Detach(IDisposable handler) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            handler.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
