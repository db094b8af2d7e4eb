using KubeCore.Models;

namespace KubeCore.Controllers.ReplicaSets;

/// <summary>Wires the ReplicaSet controller into a cluster: the reconciler, its pod event handlers and its expectations.</summary>
internal static class ReplicaSetController
{
    /// <summary>The controller's name, also the source of its events (as kube-controller-manager names it).</summary>
    public const string Name = "replicaset-controller";

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options)
    {
        var reconciler = new ReplicaSetReconciler(options);
        builder.AddController(c => c.For<ReplicaSet>().Owns<Pod>().Named(Name)
            .WithMaxConcurrentReconciles(options.ConcurrentReplicaSetSyncs)
            .Watches<Pod>(reconciler.AdoptersOf) // an orphan wakes every ReplicaSet that could adopt it, as upstream's addPod does
            .Reconcile(reconciler));
        // Expectations need the pod informer's own events, which the reconciliation runtime does not hand to reconcilers.
        builder.AddHostedComponent((cluster, _) => Task.FromResult(reconciler.Attach(cluster)));
    }
}
