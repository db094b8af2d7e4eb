using KubeCore.Models;

namespace KubeCore.Client;

public sealed partial class KubeClient
{
    /// <summary>Namespaces (cluster-scoped).</summary>
    public ResourceClient<Namespace> Namespaces() => Resource<Namespace>();
    /// <summary>Nodes (cluster-scoped).</summary>
    public ResourceClient<Node> Nodes() => Resource<Node>();
    /// <summary>Pods in a namespace (null: all namespaces).</summary>
    public ResourceClient<Pod> Pods(string? @namespace) => Resource<Pod>(@namespace);
    /// <summary>Services in a namespace.</summary>
    public ResourceClient<Service> Services(string? @namespace) => Resource<Service>(@namespace);
    /// <summary>Endpoints in a namespace.</summary>
    public ResourceClient<Endpoints> Endpoints(string? @namespace) => Resource<Endpoints>(@namespace);
    /// <summary>ConfigMaps in a namespace.</summary>
    public ResourceClient<ConfigMap> ConfigMaps(string? @namespace) => Resource<ConfigMap>(@namespace);
    /// <summary>Secrets in a namespace.</summary>
    public ResourceClient<Secret> Secrets(string? @namespace) => Resource<Secret>(@namespace);
    /// <summary>Events in a namespace.</summary>
    public ResourceClient<Event> Events(string? @namespace) => Resource<Event>(@namespace);
    /// <summary>ServiceAccounts in a namespace.</summary>
    public ResourceClient<ServiceAccount> ServiceAccounts(string? @namespace) => Resource<ServiceAccount>(@namespace);
    /// <summary>PersistentVolumes (cluster-scoped).</summary>
    public ResourceClient<PersistentVolume> PersistentVolumes() => Resource<PersistentVolume>();
    /// <summary>PersistentVolumeClaims in a namespace.</summary>
    public ResourceClient<PersistentVolumeClaim> PersistentVolumeClaims(string? @namespace) => Resource<PersistentVolumeClaim>(@namespace);
    /// <summary>Deployments in a namespace.</summary>
    public ResourceClient<Deployment> Deployments(string? @namespace) => Resource<Deployment>(@namespace);
    /// <summary>ReplicaSets in a namespace.</summary>
    public ResourceClient<ReplicaSet> ReplicaSets(string? @namespace) => Resource<ReplicaSet>(@namespace);
    /// <summary>Jobs in a namespace.</summary>
    public ResourceClient<Job> Jobs(string? @namespace) => Resource<Job>(@namespace);
    /// <summary>CronJobs in a namespace.</summary>
    public ResourceClient<CronJob> CronJobs(string? @namespace) => Resource<CronJob>(@namespace);
    /// <summary>EndpointSlices in a namespace.</summary>
    public ResourceClient<EndpointSlice> EndpointSlices(string? @namespace) => Resource<EndpointSlice>(@namespace);
    /// <summary>Ingresses in a namespace.</summary>
    public ResourceClient<Ingress> Ingresses(string? @namespace) => Resource<Ingress>(@namespace);
    /// <summary>Leases in a namespace.</summary>
    public ResourceClient<Lease> Leases(string? @namespace) => Resource<Lease>(@namespace);
    /// <summary>HorizontalPodAutoscalers in a namespace.</summary>
    public ResourceClient<HorizontalPodAutoscaler> HorizontalPodAutoscalers(string? @namespace) => Resource<HorizontalPodAutoscaler>(@namespace);
    /// <summary>Roles in a namespace.</summary>
    public ResourceClient<Role> Roles(string? @namespace) => Resource<Role>(@namespace);
    /// <summary>ClusterRoles (cluster-scoped).</summary>
    public ResourceClient<ClusterRole> ClusterRoles() => Resource<ClusterRole>();
    /// <summary>RoleBindings in a namespace.</summary>
    public ResourceClient<RoleBinding> RoleBindings(string? @namespace) => Resource<RoleBinding>(@namespace);
    /// <summary>ClusterRoleBindings (cluster-scoped).</summary>
    public ResourceClient<ClusterRoleBinding> ClusterRoleBindings() => Resource<ClusterRoleBinding>();
    /// <summary>CustomResourceDefinitions (cluster-scoped).</summary>
    public ResourceClient<CustomResourceDefinition> CustomResourceDefinitions() => Resource<CustomResourceDefinition>();
}

/// <summary>Pod-specific client operations.</summary>
public static class PodClientExtensions
{
    /// <summary>Binds a pod to a node through the <c>pods/binding</c> subresource, as a scheduler does.</summary>
    /// <exception cref="Api.ConflictException">The pod is already bound or being deleted.</exception>
    public static async Task<Pod> BindAsync(this ResourceClient<Pod> pods, string podName, string nodeName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var ns = pods.Namespace ?? throw new InvalidOperationException("binding needs a client for one namespace");
        return await pods.Api.BindAsync(ns, podName, new Binding { Metadata = new ObjectMeta { Name = podName, Namespace = ns }, Target = new ObjectReference { Kind = "Node", Name = nodeName } },
            false, cancellationToken).ConfigureAwait(false);
    }
}
