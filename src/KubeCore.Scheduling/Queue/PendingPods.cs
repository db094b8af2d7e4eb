using KubeCore.Models;

namespace KubeCore.Scheduling.Queue;

/// <summary>What the scheduling queue holds, by sub-queue (for diagnostics and tests).</summary>
/// <param name="Active">Pods ready to be scheduled, in pop order.</param>
/// <param name="Backoff">Pods waiting out their backoff.</param>
/// <param name="Unschedulable">Pods waiting for a cluster event (or the 5-minute flush).</param>
/// <param name="InFlight">Pods being scheduled or bound.</param>
public sealed record PendingPods(IReadOnlyList<Pod> Active, IReadOnlyList<Pod> Backoff, IReadOnlyList<Pod> Unschedulable, IReadOnlyList<Pod> InFlight)
{
    /// <summary>The sub-queue holding a pod (<c>active</c>, <c>backoff</c>, <c>unschedulable</c>, <c>inFlight</c>), or null.</summary>
    public string? Where(string @namespace, string name)
    {
        bool Has(IReadOnlyList<Pod> pods) => pods.Any(p => p.Metadata.Namespace == @namespace && p.Metadata.Name == name);
        if (Has(Active)) return "active";
        if (Has(Backoff)) return "backoff";
        if (Has(Unschedulable)) return "unschedulable";
        if (Has(InFlight)) return "inFlight";
        return null;
    }
}
