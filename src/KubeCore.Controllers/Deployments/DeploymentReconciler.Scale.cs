using KubeCore.Models;

namespace KubeCore.Controllers.Deployments;

internal sealed partial class DeploymentReconciler
{
    /// <summary>Resizes ReplicaSets after spec.replicas changed: the only active one takes the new size, otherwise the change is spread in proportion.</summary>
    private async Task ScaleProportionallyAsync(Deployment d, ReplicaSetSet sets, CancellationToken ct)
    {
        var replicas = RolloutMath.Replicas(d);
        var active = sets.All.Where(rs => RolloutMath.SpecReplicas(rs) > 0).ToList();
        var single = active.Count switch
        {
            1 => active[0],
            0 => sets.New ?? sets.Old.OrderByDescending(rs => rs.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue).FirstOrDefault(),
            _ => null,
        };
        if (single is not null)
        {
            await ScaleReplicaSetAsync(d, sets, single, replicas, ct);
            return;
        }
        if (sets.New is { } newRs && RolloutMath.SpecReplicas(newRs) == replicas && (newRs.Status?.AvailableReplicas ?? 0) == replicas)
        {
            foreach (var rs in sets.Old.Where(rs => RolloutMath.SpecReplicas(rs) > 0).ToList()) await ScaleReplicaSetAsync(d, sets, rs, 0, ct);
            return;
        }
        if (!RolloutMath.IsRollingUpdate(d)) return;

        var allowed = replicas + RolloutMath.MaxSurge(d);
        var toAdd = allowed - active.Sum(RolloutMath.SpecReplicas);
        var ordered = toAdd > 0
            ? active.OrderByDescending(RolloutMath.SpecReplicas).ThenByDescending(rs => rs.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue).ToList()
            : active.OrderBy(RolloutMath.SpecReplicas).ThenBy(rs => rs.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue).ToList();
        var sizes = new Dictionary<string, int>();
        var added = 0;
        foreach (var rs in ordered)
        {
            var proportion = toAdd == 0 ? 0 : Proportion(d, rs, toAdd, added);
            sizes[rs.Metadata.Uid!] = RolloutMath.SpecReplicas(rs) + proportion;
            added += proportion;
        }
        if (ordered.Count > 0 && added != toAdd)
        {
            var first = ordered[0].Metadata.Uid!;
            sizes[first] = Math.Max(0, sizes[first] + toAdd - added);
        }
        foreach (var rs in ordered) await ScaleReplicaSetAsync(d, sets, rs, sizes[rs.Metadata.Uid!], ct);
    }

    /// <summary>This ReplicaSet's share of <paramref name="toAdd"/>, from its size relative to the max-replicas it was last scaled for.</summary>
    private static int Proportion(Deployment d, ReplicaSet rs, int toAdd, int added)
    {
        var size = RolloutMath.SpecReplicas(rs);
        var fraction = -size;
        if (RolloutMath.Replicas(d) > 0)
        {
            var deploymentReplicas = RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d);
            var annotated = RolloutMath.AnnotationInt(rs, DeploymentAnnotations.MaxReplicas) ?? d.Status?.Replicas ?? 0;
            fraction = annotated == 0 ? 0 : (int)Math.Round(size * (double)deploymentReplicas / annotated, MidpointRounding.AwayFromZero) - size;
        }
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }
}
