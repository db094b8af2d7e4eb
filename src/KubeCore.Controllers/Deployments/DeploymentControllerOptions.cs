namespace KubeCore.Controllers.Deployments;

/// <summary>Settings for the Deployment controller added by <c>AddDeploymentController</c>.</summary>
public sealed class DeploymentControllerOptions
{
    /// <summary>How many Deployments are reconciled at once (kube-controller-manager's <c>--concurrent-deployment-syncs</c>, default 5).</summary>
    public int MaxConcurrentReconciles { get; set; } = 5;

    /// <summary>The controller's name, used for its work queue, metrics and as the events' source component.</summary>
    public string Name { get; set; } = "deployment-controller";
}
