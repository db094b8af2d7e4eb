using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Queue;

/// <summary>A pod in the scheduling queue with its attempt history (upstream <c>QueuedPodInfo</c>).</summary>
public sealed class QueuedPodInfo
{
    internal QueuedPodInfo(Pod pod, DateTimeOffset now, long sequence)
    {
        Pod = pod;
        Timestamp = now;
        InitialAttemptTimestamp = now;
        Sequence = sequence;
    }

    /// <summary>The pod (newest version seen).</summary>
    public Pod Pod { get; internal set; }

    /// <summary>The pod's key (uid).</summary>
    public string Key => PodKeys.Of(Pod);

    /// <summary>When the pod was last added to a queue (or last failed).</summary>
    public DateTimeOffset Timestamp { get; internal set; }

    /// <summary>When the pod was first queued.</summary>
    public DateTimeOffset InitialAttemptTimestamp { get; }

    /// <summary>How many times the pod has been popped for scheduling.</summary>
    public int Attempts { get; internal set; }

    /// <summary>The plugins that rejected the pod in its last attempt.</summary>
    public IReadOnlySet<string> UnschedulablePlugins { get; internal set; } = new HashSet<string>();

    internal long Sequence { get; set; }
}
