namespace KubeCore.Reconciliation;

/// <summary>
/// What a reconcile asks of the controller next (controller-runtime's <c>reconcile.Result</c>): nothing
/// (<see cref="Done"/>), a rate-limited retry (<see cref="Requeue"/>), or another look after a delay
/// (<see cref="After"/>). Throwing instead requeues with exponential backoff.
/// </summary>
public readonly record struct ReconcileResult
{
    /// <summary>Whether to requeue through the rate limiter (ignored when <see cref="RequeueAfter"/> is positive).</summary>
    public bool Requeue { get; init; }

    /// <summary>When positive, reconcile again after this delay (the item's backoff is reset).</summary>
    public TimeSpan RequeueAfter { get; init; }

    /// <summary>Reconciled: nothing more to do until the object (or something it watches) changes.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Reconcile again after the rate limiter's backoff for this key.</summary>
    public static ReconcileResult RequeueWithBackoff => new() { Requeue = true };

    /// <summary>Reconcile again once <paramref name="delay"/> has passed on the controller's clock.</summary>
    public static ReconcileResult After(TimeSpan delay) => new() { RequeueAfter = delay };
}
