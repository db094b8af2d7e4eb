using KubeCore.Models;

namespace KubeCore.Controllers.ReplicaSets;

/// <summary>Orders pods for deletion, the cheapest to lose first (upstream's ActivePods ranking, simplified).</summary>
internal static class PodRanking
{
    /// <summary>Unscheduled before scheduled, Pending before Unknown before Running, not ready before ready, newest first.</summary>
    public static IEnumerable<Pod> ForDeletion(IEnumerable<Pod> pods) => pods
        .OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : 1)
        .ThenBy(p => p.Status?.Phase switch { "Pending" or null => 0, "Unknown" => 1, _ => 2 })
        .ThenBy(p => PodReadiness.IsReady(p) ? 1 : 0)
        .ThenByDescending(p => p.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue)
        .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal);
}
