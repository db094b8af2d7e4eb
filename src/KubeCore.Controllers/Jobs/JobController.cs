using KubeCore.Models;

namespace KubeCore.Controllers.Jobs;

/// <summary>Wires the Job controller into a cluster: the reconciler, its pod watch and its expectations.</summary>
internal static class JobController
{
    /// <summary>The controller's name, also the source of its events (as kube-controller-manager names it).</summary>
    public const string Name = "job-controller";

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options)
    {
        var reconciler = new JobReconciler(options);
        builder.AddController(c => c.For<Job>().Owns<Pod>().Named(Name)
            .WithMaxConcurrentReconciles(options.ConcurrentJobSyncs)
            .Reconcile(reconciler));
        // Expectations need the pod informer's own events, which the reconciliation runtime does not hand to reconcilers.
        builder.AddHostedComponent((cluster, _) => Task.FromResult(reconciler.Attach(cluster)));
    }
}
