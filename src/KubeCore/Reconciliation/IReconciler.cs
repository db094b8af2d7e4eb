namespace KubeCore.Reconciliation;

/// <summary>
/// Drives the actual state of one object towards its desired state (controller-runtime's <c>Reconciler</c>).
/// </summary>
/// <remarks>
/// Reconciliation is level-based: a request carries only the object's key, never the event that triggered it, and
/// several events for one key may be collapsed into a single reconcile. Read the current state (from a lister or the
/// client), compare it to the desired state and act; the object may be gone (handle that as a deletion). A key is never
/// reconciled by two workers at once. Return <see cref="ReconcileResult.Done"/> when finished,
/// <see cref="ReconcileResult.After"/> to look again later, or throw to be retried with exponential backoff
/// (throw <see cref="TerminalReconcileException"/> for errors that retrying cannot fix). Reconcile must be idempotent.
/// </remarks>
public interface IReconciler
{
    /// <summary>Reconciles the object named by <paramref name="request"/>; see the interface remarks for the contract.</summary>
    Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken);
}
