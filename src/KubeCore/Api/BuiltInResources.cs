using KubeCore.Api.Strategies;
using KubeCore.Models;

namespace KubeCore.Api;

/// <summary>The resources every KubeCore cluster serves, with the names, scopes and subresources of kube-apiserver 1.32.</summary>
public static class BuiltInResources
{
    private static readonly string[] s_all = ["all"];

    /// <summary>Creates a registry holding every built-in resource.</summary>
    public static ResourceRegistry CreateRegistry()
    {
        var registry = new ResourceRegistry();
        foreach (var definition in Definitions) registry.Add(definition);
        return registry;
    }

    /// <summary>The built-in resource definitions.</summary>
    public static IReadOnlyList<ResourceDefinition> Definitions { get; } =
    [
        Core<Namespace>("namespaces", "namespace", false, ["ns"], [], ["status", "finalize"], NamespaceResourceStrategy.Instance),
        Core<Node>("nodes", "node", false, ["no"], [], ["status", "proxy"], NodeResourceStrategy.Instance),
        Core<Pod>("pods", "pod", true, ["po"], s_all, ["status", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "ephemeralcontainers", "resize"], PodResourceStrategy.Instance),
        Core<Service>("services", "service", true, ["svc"], s_all, ["status", "proxy"], ServiceResourceStrategy.Instance),
        Core<Endpoints>("endpoints", "endpoints", true, ["ep"], [], [], ResourceStrategy.Default),
        Core<ConfigMap>("configmaps", "configmap", true, ["cm"], [], [], ResourceStrategy.Default),
        Core<Secret>("secrets", "secret", true, [], [], [], SecretResourceStrategy.Instance),
        Core<Event>("events", "event", true, ["ev"], [], [], EventResourceStrategy.Instance),
        Core<ServiceAccount>("serviceaccounts", "serviceaccount", true, ["sa"], [], ["token"], ResourceStrategy.Default),
        Core<PersistentVolume>("persistentvolumes", "persistentvolume", false, ["pv"], [], ["status"], ResourceStrategy.Default),
        Core<PersistentVolumeClaim>("persistentvolumeclaims", "persistentvolumeclaim", true, ["pvc"], [], ["status"], ResourceStrategy.Default),
        Group<Deployment>("apps", "v1", "deployments", "deployment", true, ["deploy"], s_all, ["status", "scale"], DeploymentResourceStrategy.Instance),
        Group<ReplicaSet>("apps", "v1", "replicasets", "replicaset", true, ["rs"], s_all, ["status", "scale"], ReplicaSetResourceStrategy.Instance),
        Group<Job>("batch", "v1", "jobs", "job", true, [], s_all, ["status"], JobResourceStrategy.Instance),
        Group<CronJob>("batch", "v1", "cronjobs", "cronjob", true, ["cj"], s_all, ["status"], ResourceStrategy.Default),
        Group<EndpointSlice>("discovery.k8s.io", "v1", "endpointslices", "endpointslice", true, [], [], [], ResourceStrategy.Default),
        Group<Ingress>("networking.k8s.io", "v1", "ingresses", "ingress", true, ["ing"], [], ["status"], ResourceStrategy.Default),
        Group<IngressClass>("networking.k8s.io", "v1", "ingressclasses", "ingressclass", false, [], [], [], ResourceStrategy.Default),
        Group<Lease>("coordination.k8s.io", "v1", "leases", "lease", true, [], [], [], ResourceStrategy.Default),
        Group<HorizontalPodAutoscaler>("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", true, ["hpa"], s_all, ["status"], ResourceStrategy.Default),
        Group<Role>("rbac.authorization.k8s.io", "v1", "roles", "role", true, [], [], [], RbacResourceStrategy.Instance),
        Group<ClusterRole>("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", false, [], [], [], RbacResourceStrategy.Instance),
        Group<RoleBinding>("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", true, [], [], [], RbacResourceStrategy.Instance),
        Group<ClusterRoleBinding>("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", false, [], [], [], RbacResourceStrategy.Instance),
        Group<CustomResourceDefinition>("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", false, ["crd", "crds"], [], ["status"], CustomResources.CustomResourceDefinitionStrategy.Instance),
        Group<PriorityClass>("scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", false, ["pc"], [], [], ResourceStrategy.Default),
    ];

    private static ResourceDefinition Core<T>(string plural, string singular, bool namespaced, string[] shortNames, string[] categories,
        string[] subresources, ResourceStrategy strategy) where T : KubeObject =>
        Group<T>("", "v1", plural, singular, namespaced, shortNames, categories, subresources, strategy);

    private static ResourceDefinition Group<T>(string group, string version, string plural, string singular, bool namespaced,
        string[] shortNames, string[] categories, string[] subresources, ResourceStrategy strategy) where T : KubeObject =>
        new()
        {
            Group = group,
            Version = version,
            Kind = typeof(T).Name,
            Plural = plural,
            Singular = singular,
            Namespaced = namespaced,
            ShortNames = shortNames,
            Categories = categories,
            Subresources = subresources,
            ClrType = typeof(T),
            Strategy = strategy,
        };
}
