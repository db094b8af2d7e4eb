using KubeCore.Models;

namespace KubeCore.Controllers.Deployments;

/// <summary>Derives a Deployment's status from its ReplicaSets, and the completeness, progress and timeout tests on it.</summary>
internal static class DeploymentStatusCalculator
{
    public static DeploymentStatus Calculate(Deployment d, IReadOnlyList<ReplicaSet> all, ReplicaSet? newRs, TimeProvider time)
    {
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var total = all.Sum(RolloutMath.SpecReplicas);
        var status = (d.Status ?? new DeploymentStatus()) with
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = all.Sum(rs => rs.Status?.Replicas ?? 0),
            UpdatedReplicas = newRs?.Status?.Replicas ?? 0,
            ReadyReplicas = all.Sum(rs => rs.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
        };
        var condition = available >= RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", time)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", time);
        return DeploymentConditions.Set(status, condition);
    }

    /// <summary>All replicas updated and available and no old pods left, for the current generation.</summary>
    public static bool IsComplete(Deployment d, DeploymentStatus s)
    {
        var replicas = RolloutMath.Replicas(d);
        return (s.UpdatedReplicas ?? 0) == replicas && (s.Replicas ?? 0) == replicas && (s.AvailableReplicas ?? 0) == replicas
            && (s.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);
    }

    /// <summary>Whether <paramref name="next"/> shows progress over the Deployment's recorded status.</summary>
    public static bool IsProgressing(Deployment d, DeploymentStatus next)
    {
        var old = d.Status ?? new DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (next.Replicas ?? 0) - (next.UpdatedReplicas ?? 0);
        return (next.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0) || newOld < oldOld
            || (next.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0) || (next.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    public static bool HasProgressDeadline(Deployment d) => d.Spec?.ProgressDeadlineSeconds is { } s && s != int.MaxValue;

    /// <summary>Whether the Progressing condition was last updated longer than progressDeadlineSeconds ago.</summary>
    public static bool IsTimedOut(Deployment d, DeploymentStatus s, TimeProvider time)
    {
        if (!HasProgressDeadline(d)) return false;
        var cond = DeploymentConditions.Get(s, DeploymentConditions.Progressing);
        if (cond is null || cond.Reason == DeploymentConditions.NewReplicaSetAvailable) return false;
        if (cond.Reason == DeploymentConditions.ProgressDeadlineExceeded) return true;
        if (cond.LastUpdateTime is not { } from) return false;
        return from.Value + TimeSpan.FromSeconds(d.Spec!.ProgressDeadlineSeconds!.Value) < time.GetUtcNow();
    }
}
