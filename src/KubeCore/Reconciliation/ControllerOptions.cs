namespace KubeCore.Reconciliation;

/// <summary>Settings of one controller (controller-runtime's <c>controller.Options</c>).</summary>
public sealed class ControllerOptions
{
    /// <summary>The controller's name, used in logs, metrics and as the event source component.</summary>
    /// <value>The default is the lower-case kind the controller is <c>For</c>, e.g. <c>configmap</c>.</value>
    public string? Name { get; set; }

    /// <summary>How many keys may be reconciled at the same time (never the same key twice).</summary>
    /// <value>The default is 1.</value>
    public int MaxConcurrentReconciles { get; set; } = 1;

    /// <summary>Whether the controller runs only while its manager holds the leader lease (when leader election is configured).</summary>
    /// <value>The default is true.</value>
    public bool NeedLeaderElection { get; set; } = true;

    /// <summary>The work queue's rate limiting (backoff 5 ms doubling to 1000 s, and 10 qps with a burst of 100).</summary>
    /// <value>The default is a new <see cref="WorkQueueOptions"/>.</value>
    public WorkQueueOptions WorkQueue { get; set; } = new();
}
