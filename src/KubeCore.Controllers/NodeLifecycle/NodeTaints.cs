using KubeCore.Models;

namespace KubeCore.Controllers.NodeLifecycle;

/// <summary>The well-known node taints the node lifecycle controllers manage, and toleration matching.</summary>
internal static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string OutOfService = "node.kubernetes.io/out-of-service";

    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>The NoSchedule taint keys upstream's TaintNodesByCondition owns.</summary>
    public static readonly string[] NoScheduleKeys = [NotReady, Unreachable, MemoryPressure, DiskPressure, PidPressure, NetworkUnavailable, Unschedulable];

    /// <summary>Whether <paramref name="toleration"/> tolerates <paramref name="taint"/> (Kubernetes' <c>ToleratesTaint</c>).</summary>
    public static bool Tolerates(Toleration toleration, Taint taint) => toleration.Tolerates(taint);

    /// <summary>The node's Ready condition status: True, False or Unknown (Unknown when there is none).</summary>
    public static string ReadyStatus(Node node) =>
        node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status ?? "Unknown";

    public static bool Has(Node node, string key, string effect) =>
        node.Spec?.Taints?.Any(t => t.Key == key && t.Effect == effect) == true;
}
