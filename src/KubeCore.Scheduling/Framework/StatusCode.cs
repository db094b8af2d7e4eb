namespace KubeCore.Scheduling.Framework;

/// <summary>The outcome of a plugin call (upstream <c>framework.Code</c>).</summary>
public enum StatusCode
{
    /// <summary>The plugin ran and the pod may proceed.</summary>
    Success = 0,
    /// <summary>An unexpected failure; the pod is retried after backoff.</summary>
    Error = 1,
    /// <summary>The pod does not fit now; preemption may help.</summary>
    Unschedulable = 2,
    /// <summary>The pod does not fit and preemption cannot help on this node.</summary>
    UnschedulableAndUnresolvable = 3,
    /// <summary>Permit only: the pod waits until allowed, rejected or timed out.</summary>
    Wait = 4,
    /// <summary>The plugin has nothing to do for this pod (its later extension points are skipped).</summary>
    Skip = 5,
}
