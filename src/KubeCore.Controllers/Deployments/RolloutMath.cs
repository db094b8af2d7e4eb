using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Controllers.Deployments;

/// <summary>The replica arithmetic of a rollout: surge and unavailability budgets and the new ReplicaSet's next size.</summary>
internal static class RolloutMath
{
    public static int Replicas(Deployment d) => d.Spec?.Replicas ?? 1;

    public static int SpecReplicas(ReplicaSet? rs) => rs?.Spec?.Replicas ?? 0;

    public static bool IsRollingUpdate(Deployment d) => d.Spec?.Strategy?.Type is null or "" or "RollingUpdate";

    /// <summary>maxSurge rounded up and maxUnavailable rounded down against spec.replicas; both zero makes unavailable 1.</summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(Deployment d)
    {
        var replicas = Replicas(d);
        var ru = d.Spec?.Strategy?.RollingUpdate;
        var surge = (ru?.MaxSurge ?? new IntOrString("25%")).GetScaledValue(replicas, roundUp: true);
        var unavailable = (ru?.MaxUnavailable ?? new IntOrString("25%")).GetScaledValue(replicas, roundUp: false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    public static int MaxSurge(Deployment d) => IsRollingUpdate(d) ? ResolveFenceposts(d).Surge : 0;

    /// <summary>How many pods may be unavailable during the rollout (0 for Recreate), never more than spec.replicas.</summary>
    public static int MaxUnavailable(Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0) return 0;
        return Math.Min(ResolveFenceposts(d).Unavailable, Replicas(d));
    }

    /// <summary>The size the new ReplicaSet should be scaled to next.</summary>
    public static int NewReplicaSetReplicas(Deployment d, IEnumerable<ReplicaSet> all, ReplicaSet? newRs)
    {
        var replicas = Replicas(d);
        if (!IsRollingUpdate(d)) return replicas;
        var current = SpecReplicas(newRs);
        var total = all.Sum(SpecReplicas);
        var maxTotal = replicas + ResolveFenceposts(d).Surge;
        if (total >= maxTotal) return current;
        var scaleUp = Math.Min(maxTotal - total, replicas - current);
        return current + Math.Max(0, scaleUp);
    }

    /// <summary>
    /// The available pods a ReplicaSet will keep: its reported available pods, but no more than its size, since pods
    /// above the size are about to be deleted (a status written before a scale-down still counts them).
    /// </summary>
    public static int AvailableToKeep(ReplicaSet rs) => Math.Min(rs.Status?.AvailableReplicas ?? 0, SpecReplicas(rs));

    public static long RevisionOf(ReplicaSet rs) =>
        rs.Metadata.Annotations?.GetValueOrDefault(DeploymentAnnotations.Revision) is { } text
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public static int? AnnotationInt(ReplicaSet rs, string key) =>
        rs.Metadata.Annotations?.GetValueOrDefault(key) is { } text
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
