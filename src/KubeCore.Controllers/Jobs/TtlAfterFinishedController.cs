using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Jobs;

/// <summary>
/// Deletes finished Jobs <c>spec.ttlSecondsAfterFinished</c> after they finished, with Background propagation so
/// their pods go too — pkg/controller/ttlafterfinished. The expiry is checked on the cluster clock; before deleting,
/// the Job is read afresh and deleted with its uid and resourceVersion as preconditions, so a Job whose TTL was just
/// changed is not deleted under the old one.
/// </summary>
internal sealed class TtlAfterFinishedReconciler : Reconciler<Job>
{
    /// <summary>The controller's name (as kube-controller-manager names it).</summary>
    public const string Name = "ttl-after-finished-controller";

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options) =>
        builder.AddController(c => c.For<Job>().Named(Name)
            .WithMaxConcurrentReconciles(options.ConcurrentTtlSyncs)
            .Reconcile(new TtlAfterFinishedReconciler()));

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Job? job, CancellationToken cancellationToken)
    {
        if (job is null || Remaining(job) is not { } left) return ReconcileResult.Done;
        if (left > TimeSpan.Zero) return ReconcileResult.After(left);
        // The cache may be stale: only a fresh read that still says "expired" deletes.
        var fresh = await Client.Jobs(request.Namespace).TryGetAsync(request.Name, cancellationToken).ConfigureAwait(false);
        if (fresh is null || fresh.Metadata.Uid != job.Metadata.Uid || Remaining(fresh) is not { } freshLeft) return ReconcileResult.Done;
        if (freshLeft > TimeSpan.Zero) return ReconcileResult.After(freshLeft);
        try
        {
            await Client.Jobs(request.Namespace).DeleteAsync(request.Name, new DeleteOptions
            {
                PropagationPolicy = "Background",
                Preconditions = new Preconditions { Uid = fresh.Metadata.Uid, ResourceVersion = fresh.Metadata.ResourceVersion },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException) { }
        return ReconcileResult.Done;
    }

    // Time left before a finished Job with a TTL expires; null when it has no TTL, is not finished or is being deleted.
    private TimeSpan? Remaining(Job job)
    {
        if (job.Metadata.DeletionTimestamp is not null || job.Spec?.TtlSecondsAfterFinished is not { } ttl) return null;
        if (JobConditions.FinishTime(job) is not { } finished) return null;
        return finished + TimeSpan.FromSeconds(ttl) - Client.Api.TimeProvider.GetUtcNow();
    }
}
