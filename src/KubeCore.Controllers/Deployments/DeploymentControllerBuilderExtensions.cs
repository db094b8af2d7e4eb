using KubeCore.Controllers.Deployments;
using KubeCore.Models;

namespace KubeCore;

/// <summary>Registers the built-in Deployment controller on a cluster builder.</summary>
public static class DeploymentControllerBuilderExtensions
{
    /// <summary>Adds the Deployment controller: it rolls Deployments out through ReplicaSets (rolling update or recreate), keeps their status and prunes history.</summary>
    public static KubeClusterBuilder AddDeploymentController(this KubeClusterBuilder builder, Action<DeploymentControllerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new DeploymentControllerOptions();
        configure?.Invoke(options);
        return builder.AddController(c => c
            .For<Deployment>()
            .Owns<ReplicaSet>()
            .Named(options.Name)
            .WithMaxConcurrentReconciles(options.MaxConcurrentReconciles)
            .Reconcile(new DeploymentReconciler()));
    }
}
