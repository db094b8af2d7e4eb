using KubeCore.Models;

namespace KubeCore.Controllers.ReplicaSets;

/// <summary>Pod readiness and availability as the workload controllers judge them.</summary>
internal static class PodReadiness
{
    /// <summary>The pod's Ready condition, if any.</summary>
    public static PodCondition? ReadyCondition(Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    /// <summary>Whether the pod's Ready condition is True.</summary>
    public static bool IsReady(Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>How long until a ready pod counts as available (zero when it already does; null when not ready).</summary>
    public static TimeSpan? UntilAvailable(Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?.Status != "True") return null;
        if (minReadySeconds <= 0) return TimeSpan.Zero;
        var since = ready.LastTransitionTime?.Value ?? now;
        var left = since + TimeSpan.FromSeconds(minReadySeconds) - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whether the pod counts towards a workload (not terminating, not finished).</summary>
    public static bool IsActive(Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is not ("Succeeded" or "Failed");
}
