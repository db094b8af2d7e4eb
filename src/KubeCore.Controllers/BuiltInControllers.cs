using KubeCore.Controllers.CronJobs;
using KubeCore.Controllers.Endpoints;
using KubeCore.Controllers.GarbageCollection;
using KubeCore.Controllers.Jobs;
using KubeCore.Controllers.Namespaces;
using KubeCore.Controllers.NodeLifecycle;
using KubeCore.Controllers.ReplicaSets;

namespace KubeCore;

/// <summary>Registers Kubernetes' built-in controllers (kube-controller-manager's) on a cluster.</summary>
public static class BuiltInControllers
{
    /// <summary>
    /// Adds the built-in controllers enabled in <see cref="BuiltInControllersOptions"/> (all by default):
    /// <c>KubeCluster.CreateBuilder().AddBuiltInControllers().StartAsync()</c>.
    /// </summary>
    public static KubeClusterBuilder AddBuiltInControllers(this KubeClusterBuilder builder, Action<BuiltInControllersOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new BuiltInControllersOptions();
        configure?.Invoke(options);
        if (options.ReplicaSets) ReplicaSetController.Register(builder, options);
        if (options.GarbageCollector) GarbageCollector.Register(builder, options);
        if (options.Namespaces) NamespaceController.Register(builder, options);
        if (options.Deployments) builder.AddDeploymentController();
        if (options.Jobs) JobController.Register(builder, options);
        if (options.CronJobs) CronJobReconciler.Register(builder, options);
        if (options.TtlAfterFinished) TtlAfterFinishedReconciler.Register(builder, options);
        if (options.NodeLifecycle) NodeLifecycleController.Register(builder, options);
        if (options.PodGarbageCollector) PodGarbageCollector.Register(builder, options);
        if (options.EndpointSlices) EndpointSliceController.Register(builder);
        if (options.Endpoints) EndpointsController.Register(builder);
        if (options.LoadBalancers) Controllers.LoadBalancers.LoadBalancerController.Register(builder, options);
        // Further controllers register here, one line each, behind their own switch in BuiltInControllersOptions.
        return builder;
    }
}
