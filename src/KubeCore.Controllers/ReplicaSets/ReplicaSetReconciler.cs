using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Selectors;

namespace KubeCore.Controllers.ReplicaSets;

/// <summary>
/// Keeps <c>spec.replicas</c> pods matching a ReplicaSet's selector: claims (adopts and releases) pods, creates and
/// deletes the difference under expectations, and reports status — pkg/controller/replicaset's syncReplicaSet.
/// </summary>
internal sealed class ReplicaSetReconciler(BuiltInControllersOptions options) : Reconciler<ReplicaSet>
{
    private const string ReplicaFailure = "ReplicaFailure";
    private readonly TaskCompletionSource<KubeCluster> _cluster = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReplicaSetExpectations? _expectations;
    private Lister<ReplicaSet>? _replicaSets;

    /// <summary>Starts observing pod events for expectations; the controller waits for this before its first sync.</summary>
    public IAsyncDisposable Attach(KubeCluster cluster)
    {
        _expectations = new ReplicaSetExpectations(cluster.TimeProvider, options.ExpectationsTimeout);
        _replicaSets = cluster.Informers.GetInformer<ReplicaSet>().Lister;
        var handler = cluster.Informers.GetInformer<Pod>().AddEventHandler(
            onAdd: p =>
            {
                if (ControllerKey(p) is { } key)
                {
                    _expectations.CreationObserved(key);
                    if (p.Metadata.DeletionTimestamp is not null) _expectations.DeletionObserved(key, p.Metadata.Uid ?? "");
                }
            },
            onUpdate: (_, p) =>
            {
                if (p.Metadata.DeletionTimestamp is not null && ControllerKey(p) is { } key) _expectations.DeletionObserved(key, p.Metadata.Uid ?? "");
            },
            onDelete: p =>
            {
                if (ControllerKey(p) is { } key) _expectations.DeletionObserved(key, p.Metadata.Uid ?? "");
            });
        _cluster.TrySetResult(cluster);
        return new Detach(handler);
    }

    /// <summary>The ReplicaSets that could adopt <paramref name="pod"/>: none unless it is an orphan.</summary>
    public IEnumerable<ReconcileRequest> AdoptersOf(Pod pod)
    {
        if (_replicaSets is null || ControllerRef(pod) is not null || pod.Metadata.DeletionTimestamp is not null) return [];
        return _replicaSets.List(pod.Metadata.Namespace)
            .Where(rs => rs.Spec?.Selector is { } s && !Selector.FromLabelSelector(s).IsEmpty && Selector.FromLabelSelector(s).Matches(pod.Metadata.Labels))
            .Select(ReconcileRequest.For).ToList();
    }

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, ReplicaSet? rs, CancellationToken cancellationToken)
    {
        var cluster = await _cluster.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var expectations = _expectations!;
        var key = request.ToString();
        if (rs is null)
        {
            expectations.Forget(key);
            return ReconcileResult.Done;
        }
        var selector = Selector.FromLabelSelector(rs.Spec?.Selector);
        if (selector.IsEmpty || selector.IsNothing) return ReconcileResult.Done; // validation rejects these; never select every pod
        var needsSync = expectations.Satisfied(key);
        // Only pods this ReplicaSet controls or could adopt: with many ReplicaSets, copying every pod of the namespace
        // for each sync dominated the controller's cost.
        var uid = rs.Metadata.Uid;
        var candidates = cluster.Informers.GetInformer<Pod>().Lister.List(request.Namespace,
            p => ControllerRef(p) is { } c ? c.Uid == uid : selector.Matches(p.Metadata.Labels));
        var owned = await ClaimAsync(rs, selector, candidates, cancellationToken).ConfigureAwait(false);
        var active = owned.Where(PodReadiness.IsActive).ToList();

        Exception? manageError = null;
        if (needsSync && rs.Metadata.DeletionTimestamp is null)
        {
            try { await ManageAsync(rs, key, active, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { manageError = e; }
        }

        var now = cluster.TimeProvider.GetUtcNow();
        var (status, recheck) = ComputeStatus(rs, active, manageError, now);
        if (!StatusEquals(rs.Status, status))
            await Client.ReplicaSets(request.Namespace).UpdateStatusAsync(rs with { Status = status }, null, cancellationToken).ConfigureAwait(false);
        if (manageError is not null) throw manageError;
        return recheck is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    private async Task<List<Pod>> ClaimAsync(ReplicaSet rs, Selector selector, IReadOnlyList<Pod> pods, CancellationToken ct)
    {
        var owned = new List<Pod>();
        var uid = rs.Metadata.Uid;
        var deleting = rs.Metadata.DeletionTimestamp is not null;
        foreach (var pod in pods)
        {
            var controller = ControllerRef(pod);
            var matches = selector.Matches(pod.Metadata.Labels);
            if (controller is not null)
            {
                if (controller.Uid != uid) continue;
                if (matches || deleting) { owned.Add(pod); continue; }
                await ReleaseAsync(pod, uid, ct).ConfigureAwait(false);
                continue;
            }
            if (!matches || deleting || pod.Metadata.DeletionTimestamp is not null) continue;
            if (await AdoptAsync(rs, pod, ct).ConfigureAwait(false) is { } adopted) owned.Add(adopted);
        }
        return owned;
    }

    private async Task<Pod?> AdoptAsync(ReplicaSet rs, Pod pod, CancellationToken ct)
    {
        try
        {
            return await Client.Pods(pod.Metadata.Namespace).UpdateWithRetryAsync(pod.Metadata.Name!, current =>
            {
                if (ControllerRef(current) is not null || current.Metadata.Uid != pod.Metadata.Uid) return current;
                return current with { Metadata = current.Metadata with { OwnerReferences = [.. current.Metadata.OwnerReferences ?? [], OwnerRefFor(rs)] } };
            }, ct).ConfigureAwait(false) is { } updated && ControllerRef(updated)?.Uid == rs.Metadata.Uid ? updated : null;
        }
        catch (NotFoundException) { return null; }
    }

    private async Task ReleaseAsync(Pod pod, string? ownerUid, CancellationToken ct)
    {
        try
        {
            await Client.Pods(pod.Metadata.Namespace).UpdateWithRetryAsync(pod.Metadata.Name!, current => current with
            {
                Metadata = current.Metadata with { OwnerReferences = [.. (current.Metadata.OwnerReferences ?? []).Where(o => o.Uid != ownerUid)] },
            }, ct).ConfigureAwait(false);
        }
        catch (NotFoundException) { }
    }

    private async Task ManageAsync(ReplicaSet rs, string key, List<Pod> active, CancellationToken ct)
    {
        var expectations = _expectations!;
        var diff = active.Count - (rs.Spec?.Replicas ?? 1);
        if (diff < 0)
        {
            var count = Math.Min(-diff, options.BurstReplicas);
            expectations.ExpectCreations(key, count);
            for (var i = 0; i < count; i++)
            {
                Pod created;
                try { created = await Client.Pods(rs.Metadata.Namespace).CreateAsync(PodFor(rs), null, ct).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    for (var j = i; j < count; j++) expectations.CreationObserved(key); // skipped creations will never be observed
                    Recorder.Record(rs, EventTypes.Warning, "FailedCreate", "Error creating: " + e.Message);
                    throw;
                }
                Recorder.Record(rs, EventTypes.Normal, "SuccessfulCreate", "Created pod: " + created.Metadata.Name);
            }
        }
        else if (diff > 0)
        {
            var victims = PodRanking.ForDeletion(active).Take(Math.Min(diff, options.BurstReplicas)).ToList();
            expectations.ExpectDeletions(key, victims.Select(p => p.Metadata.Uid ?? ""));
            Exception? failure = null;
            foreach (var pod in victims)
            {
                try
                {
                    await Client.Pods(pod.Metadata.Namespace).DeleteAsync(pod.Metadata.Name!, new DeleteOptions { Preconditions = new Preconditions { Uid = pod.Metadata.Uid } }, ct).ConfigureAwait(false);
                    Recorder.Record(rs, EventTypes.Normal, "SuccessfulDelete", "Deleted pod: " + pod.Metadata.Name);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    expectations.DeletionObserved(key, pod.Metadata.Uid ?? "");
                    if (e is NotFoundException or ConflictException) continue;
                    Recorder.Record(rs, EventTypes.Warning, "FailedDelete", "Error deleting: " + e.Message);
                    failure ??= e;
                }
            }
            if (failure is not null) throw failure;
        }
    }

    private static Pod PodFor(ReplicaSet rs)
    {
        var template = rs.Spec?.Template;
        return new Pod
        {
            Metadata = new ObjectMeta
            {
                GenerateName = rs.Metadata.Name + "-",
                Namespace = rs.Metadata.Namespace,
                Labels = template?.Metadata?.Labels,
                Annotations = template?.Metadata?.Annotations,
                Finalizers = template?.Metadata?.Finalizers,
                OwnerReferences = [OwnerRefFor(rs)],
            },
            Spec = template?.Spec,
        };
    }

    private static OwnerReference OwnerRefFor(ReplicaSet rs) => new()
    {
        ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = rs.Metadata.Name ?? "", Uid = rs.Metadata.Uid ?? "",
        Controller = true, BlockOwnerDeletion = true,
    };

    private (ReplicaSetStatus Status, TimeSpan? Recheck) ComputeStatus(ReplicaSet rs, List<Pod> active, Exception? manageError, DateTimeOffset now)
    {
        var templateLabels = Selector.FromSet(rs.Spec?.Template?.Metadata?.Labels);
        var minReady = rs.Spec?.MinReadySeconds ?? 0;
        int ready = 0, available = 0;
        TimeSpan? recheck = null;
        foreach (var pod in active)
        {
            if (PodReadiness.UntilAvailable(pod, minReady, now) is not { } left) continue;
            ready++;
            if (left == TimeSpan.Zero) available++;
            else if (recheck is null || left < recheck) recheck = left;
        }
        var conditions = (rs.Status?.Conditions ?? []).Where(c => c.Type != ReplicaFailure).ToList();
        if (manageError is not null)
        {
            var previous = rs.Status?.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure);
            var reason = (rs.Spec?.Replicas ?? 1) > active.Count ? "FailedCreate" : "FailedDelete";
            conditions.Add(new ReplicaSetCondition
            {
                Type = ReplicaFailure, Status = "True", Reason = reason, Message = manageError.Message,
                LastTransitionTime = previous?.Status == "True" ? previous.LastTransitionTime : KubeTime.FromDateTimeOffset(now),
            });
        }
        var status = (rs.Status ?? new ReplicaSetStatus()) with
        {
            Replicas = active.Count,
            FullyLabeledReplicas = active.Count(p => templateLabels.Matches(p.Metadata.Labels)),
            ReadyReplicas = ready,
            AvailableReplicas = available,
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = conditions.Count == 0 ? null : conditions,
        };
        return (status, recheck);
    }

    private static bool StatusEquals(ReplicaSetStatus? a, ReplicaSetStatus b) =>
        a is not null && a.Replicas == b.Replicas && a.FullyLabeledReplicas == b.FullyLabeledReplicas && a.ReadyReplicas == b.ReadyReplicas
        && a.AvailableReplicas == b.AvailableReplicas && a.ObservedGeneration == b.ObservedGeneration
        && (a.Conditions ?? []).SequenceEqual(b.Conditions ?? []);

    private static OwnerReference? ControllerRef(KubeObject obj)
    {
        if (obj.Metadata.OwnerReferences is not { } owners) return null;
        for (var i = 0; i < owners.Count; i++)
            if (owners[i].Controller == true) return owners[i];
        return null;
    }

    private static string? ControllerKey(Pod pod) =>
        ControllerRef(pod) is { Kind: "ReplicaSet" } o && o.ApiVersion.StartsWith("apps/", StringComparison.Ordinal)
            ? new ReconcileRequest(pod.Metadata.Namespace, o.Name).ToString()
            : null;

    private sealed class Detach(IDisposable handler) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            handler.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
