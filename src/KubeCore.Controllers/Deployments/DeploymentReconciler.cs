using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Deployments;

/// <summary>
/// Reconciles a Deployment to ReplicaSets, as kube-controller-manager's deployment controller does: pause handling,
/// proportional scaling, rolling update or recreate rollouts, history pruning and status with Available/Progressing.
/// </summary>
internal sealed partial class DeploymentReconciler : Reconciler<Deployment>
{
    private TimeProvider Time => Client.Api.TimeProvider;

    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Deployment? current, CancellationToken cancellationToken)
    {
        if (current is null || current.Metadata.DeletionTimestamp is not null) return ReconcileResult.Done;
        var d = await Client.Deployments(request.Namespace).TryGetAsync(request.Name, cancellationToken);
        if (d is null || d.Metadata.DeletionTimestamp is not null || d.Spec?.Template is null) return ReconcileResult.Done;

        var owned = await ListOwnedAsync(d, cancellationToken);
        d = await CheckPausedConditionsAsync(d, cancellationToken);
        if (d.Spec?.Paused == true) return await SyncAsync(d, owned, cancellationToken);

        var probe = ReplicaSetSet.Split(d, owned);
        if (IsScalingEvent(d, probe)) return await SyncAsync(d, owned, cancellationToken);
        return d.Spec?.Strategy?.Type == "Recreate"
            ? await RolloutRecreateAsync(d, owned, cancellationToken)
            : await RolloutRollingAsync(d, owned, cancellationToken);
    }

    private async Task<List<ReplicaSet>> ListOwnedAsync(Deployment d, CancellationToken ct)
    {
        var list = await Client.ReplicaSets(d.Metadata.Namespace).ListAsync(cancellationToken: ct);
        return [.. list.Items.Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == d.Metadata.Uid) == true)];
    }

    /// <summary>A scaling event: some active ReplicaSet was last sized for a different spec.replicas.</summary>
    private static bool IsScalingEvent(Deployment d, ReplicaSetSet set) =>
        set.All.Where(rs => RolloutMath.SpecReplicas(rs) > 0)
            .Any(rs => RolloutMath.AnnotationInt(rs, DeploymentAnnotations.DesiredReplicas) is { } desired && desired != RolloutMath.Replicas(d));

    /// <summary>Paused or scaled: resize ReplicaSets proportionally without rolling out, then refresh status.</summary>
    private async Task<ReconcileResult> SyncAsync(Deployment d, List<ReplicaSet> owned, CancellationToken ct)
    {
        var (sets, synced, collided) = await GetReplicaSetsAndSyncRevisionAsync(d, owned, create: false, ct);
        if (collided) return ReconcileResult.Done;
        d = synced;
        await ScaleProportionallyAsync(d, sets, ct);
        if (d.Spec?.Paused == true) await CleanupAsync(d, sets, ct);
        var status = DeploymentStatusCalculator.Calculate(d, sets.All, sets.New, Time);
        await WriteStatusAsync(d, status, ct);
        return ReconcileResult.Done;
    }
}
