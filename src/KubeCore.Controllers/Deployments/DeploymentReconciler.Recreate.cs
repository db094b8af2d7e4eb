using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Deployments;

internal sealed partial class DeploymentReconciler
{
    /// <summary>Recreate: scale every old ReplicaSet to zero, wait until they report no pods, then bring the new one up.</summary>
    private async Task<ReconcileResult> RolloutRecreateAsync(Deployment d, List<ReplicaSet> owned, CancellationToken ct)
    {
        var (sets, synced, collided) = await GetReplicaSetsAndSyncRevisionAsync(d, owned, create: false, ct);
        if (collided) return ReconcileResult.Done;
        d = synced;

        var scaled = false;
        foreach (var rs in sets.Old.Where(rs => RolloutMath.SpecReplicas(rs) > 0).ToList())
        {
            await ScaleReplicaSetAsync(d, sets, rs, 0, ct);
            scaled = true;
        }
        if (scaled) return await SyncRolloutStatusAsync(d, sets, ct);
        if (sets.Old.Any(rs => (rs.Status?.Replicas ?? 0) > 0)) return await SyncRolloutStatusAsync(d, sets, ct);

        if (sets.New is null)
        {
            (sets, d, collided) = await GetReplicaSetsAndSyncRevisionAsync(d, [.. sets.All], create: true, ct);
            if (collided) return ReconcileResult.Done;
        }
        if (sets.New is { } newRs && RolloutMath.SpecReplicas(newRs) != RolloutMath.Replicas(d))
            await ScaleReplicaSetAsync(d, sets, newRs, RolloutMath.Replicas(d), ct);
        if (DeploymentStatusCalculator.IsComplete(d, DeploymentStatusCalculator.Calculate(d, sets.All, sets.New, Time)))
            await CleanupAsync(d, sets, ct);
        return await SyncRolloutStatusAsync(d, sets, ct);
    }
}
