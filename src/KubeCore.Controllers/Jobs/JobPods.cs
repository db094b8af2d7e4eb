using System.Globalization;
using KubeCore.Controllers.ReplicaSets;
using KubeCore.Models;

namespace KubeCore.Controllers.Jobs;

/// <summary>How the Job controller reads its pods: tracking finalizer, completion index, failure and finish time.</summary>
internal static class JobPods
{
    /// <summary>The finalizer that keeps a finished pod around until the Job controller has counted it.</summary>
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";

    /// <summary>The annotation (and label) carrying an Indexed Job pod's completion index.</summary>
    public const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

    /// <summary>The environment variable an Indexed Job's containers read their index from.</summary>
    public const string CompletionIndexEnv = "JOB_COMPLETION_INDEX";

    /// <summary>Whether the pod still carries the tracking finalizer (so it has not been counted yet).</summary>
    public static bool HasTrackingFinalizer(Pod pod) => pod.Metadata.Finalizers?.Contains(TrackingFinalizer) == true;

    /// <summary>Neither finished nor being deleted.</summary>
    public static bool IsActive(Pod pod) => PodReadiness.IsActive(pod);

    /// <summary>Being deleted but not yet in a terminal phase (upstream's IsPodTerminating).</summary>
    public static bool IsTerminating(Pod pod) => pod.Metadata.DeletionTimestamp is not null && !IsTerminal(pod);

    /// <summary>In phase Succeeded or Failed.</summary>
    public static bool IsTerminal(Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>In phase Succeeded.</summary>
    public static bool IsSucceeded(Pod pod) => pod.Status?.Phase == "Succeeded";

    /// <summary>
    /// Whether the pod counts as failed: phase Failed, or (unless only failed pods are replaced) deleted before it
    /// succeeded, which accounts for pods that never get the chance to reach a terminal phase.
    /// </summary>
    public static bool IsFailed(Pod pod, Job job)
    {
        if (pod.Status?.Phase == "Failed") return true;
        if (OnlyReplaceFailedPods(job)) return false;
        return pod.Metadata.DeletionTimestamp is not null && pod.Status?.Phase != "Succeeded";
    }

    /// <summary>Whether replacement pods wait for the old ones to reach phase Failed (<c>podReplacementPolicy: Failed</c>).</summary>
    public static bool OnlyReplaceFailedPods(Job job) => job.Spec?.PodReplacementPolicy == "Failed" || job.Spec?.PodFailurePolicy is not null;

    /// <summary>The pod's completion index, or -1 when it has none or an invalid one.</summary>
    public static int CompletionIndex(Pod pod)
    {
        if (pod.Metadata.Annotations?.TryGetValue(CompletionIndexAnnotation, out var value) != true) return -1;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ix) ? ix : -1;
    }

    /// <summary>
    /// When the pod finished: its containers' latest termination, else its deletion, else <paramref name="now"/>
    /// (upstream's getFinishedTime, used for the failure backoff).
    /// </summary>
    public static DateTimeOffset FinishTime(Pod pod, DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        foreach (var s in (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []))
            if (s.State?.Terminated?.FinishedAt is { } at && (latest is null || at.Value > latest)) latest = at.Value;
        return latest ?? pod.Metadata.DeletionTimestamp?.Value ?? now;
    }

    /// <summary>Container restarts of running or pending pods (what <c>backoffLimit</c> bounds for <c>restartPolicy: OnFailure</c>).</summary>
    public static int Restarts(IEnumerable<Pod> pods) => pods
        .Where(p => p.Status?.Phase is "Running" or "Pending")
        .Sum(p => (p.Status?.ContainerStatuses ?? []).Concat(p.Status?.InitContainerStatuses ?? []).Sum(s => s.RestartCount ?? 0));
}
