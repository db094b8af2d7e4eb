using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Identity helpers for pods.</summary>
public static class PodKeys
{
    /// <summary>The pod's uid, or <c>namespace/name</c> when it has none.</summary>
    public static string Of(Pod pod) => string.IsNullOrEmpty(pod.Metadata.Uid) ? NamespacedName(pod) : pod.Metadata.Uid;

    /// <summary><c>namespace/name</c>.</summary>
    public static string NamespacedName(Pod pod) => $"{pod.Metadata.Namespace}/{pod.Metadata.Name}";

    /// <summary>The pod's priority (<c>spec.priority</c>, 0 when unset).</summary>
    public static int PriorityOf(Pod pod) => pod.Spec?.Priority ?? 0;

    /// <summary>Whether the pod is being deleted.</summary>
    public static bool IsTerminating(Pod pod) => pod.Metadata.DeletionTimestamp is not null;
}
