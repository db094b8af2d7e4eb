using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Deployments;

internal sealed partial class DeploymentReconciler
{
    /// <summary>One step of a rolling update: grow the new ReplicaSet within maxSurge, shrink old ones within maxUnavailable.</summary>
    private async Task<ReconcileResult> RolloutRollingAsync(Deployment d, List<ReplicaSet> owned, CancellationToken ct)
    {
        var (sets, synced, collided) = await GetReplicaSetsAndSyncRevisionAsync(d, owned, create: true, ct);
        if (collided) return ReconcileResult.Done;
        d = synced;
        if (await ReconcileNewReplicaSetAsync(d, sets, ct)) return await SyncRolloutStatusAsync(d, sets, ct);
        if (await ReconcileOldReplicaSetsAsync(d, sets, ct)) return await SyncRolloutStatusAsync(d, sets, ct);
        if (DeploymentStatusCalculator.IsComplete(d, DeploymentStatusCalculator.Calculate(d, sets.All, sets.New, Time)))
            await CleanupAsync(d, sets, ct);
        return await SyncRolloutStatusAsync(d, sets, ct);
    }

    private async Task<bool> ReconcileNewReplicaSetAsync(Deployment d, ReplicaSetSet sets, CancellationToken ct)
    {
        if (sets.New is not { } newRs) return false;
        var replicas = RolloutMath.Replicas(d);
        var current = RolloutMath.SpecReplicas(newRs);
        if (current == replicas) return false;
        var target = current > replicas ? replicas : RolloutMath.NewReplicaSetReplicas(d, sets.All, newRs);
        if (target == current) return false;
        await ScaleReplicaSetAsync(d, sets, newRs, target, ct);
        return true;
    }

    private async Task<bool> ReconcileOldReplicaSetsAsync(Deployment d, ReplicaSetSet sets, CancellationToken ct)
    {
        if (sets.Old.Sum(RolloutMath.SpecReplicas) == 0) return false;
        var allPods = sets.All.Sum(RolloutMath.SpecReplicas);
        var minAvailable = RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d);
        var newUnavailable = RolloutMath.SpecReplicas(sets.New) - (sets.New?.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return false;

        var cleaned = await CleanupUnhealthyReplicasAsync(d, sets, maxScaledDown, ct);
        var scaledDown = await ScaleDownOldForRollingUpdateAsync(d, sets, minAvailable, ct);
        return cleaned + scaledDown > 0;
    }

    /// <summary>Scales old ReplicaSets down by their unavailable pods first, oldest first, up to <paramref name="max"/>.</summary>
    private async Task<int> CleanupUnhealthyReplicasAsync(Deployment d, ReplicaSetSet sets, int max, CancellationToken ct)
    {
        var total = 0;
        foreach (var rs in sets.Old.ToList())
        {
            if (total >= max) break;
            var spec = RolloutMath.SpecReplicas(rs);
            var available = rs.Status?.AvailableReplicas ?? 0;
            if (spec == 0 || spec <= available) continue;
            var down = Math.Min(max - total, spec - available);
            await ScaleReplicaSetAsync(d, sets, rs, spec - down, ct);
            total += down;
        }
        return total;
    }

    /// <summary>Scales old ReplicaSets down, oldest first, while keeping at least <paramref name="minAvailable"/> pods available.</summary>
    private async Task<int> ScaleDownOldForRollingUpdateAsync(Deployment d, ReplicaSetSet sets, int minAvailable, CancellationToken ct)
    {
        var available = sets.All.Sum(RolloutMath.AvailableToKeep);
        if (available <= minAvailable) return 0;
        var budget = available - minAvailable;
        var total = 0;
        foreach (var rs in sets.Old.ToList())
        {
            if (total >= budget) break;
            var spec = RolloutMath.SpecReplicas(rs);
            if (spec == 0) continue;
            var down = Math.Min(spec, budget - total);
            await ScaleReplicaSetAsync(d, sets, rs, spec - down, ct);
            total += down;
        }
        return total;
    }
}
