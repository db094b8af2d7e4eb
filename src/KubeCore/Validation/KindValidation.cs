using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>
/// Kind-specific validation of typed objects with Kubernetes' messages and field paths. Objects are expected to have
/// been defaulted (<see cref="Defaulting.KindDefaults.Apply"/>) first, as the API server does; metadata is validated elsewhere.
/// </summary>
public static class KindValidation
{
    /// <summary>Validates a new object; returns an empty list (without allocating) when it is valid.</summary>
    public static IReadOnlyList<FieldError> Validate(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj switch
        {
            Pod p => PodValidation.Validate(p),
            Deployment d => AppsValidation.Validate(d),
            ReplicaSet rs => AppsValidation.Validate(rs),
            Job j => BatchValidation.Validate(j),
            CronJob cj => BatchValidation.Validate(cj),
            Service s => ServiceValidation.Validate(s),
            ConfigMap cm => ConfigDataValidation.Validate(cm),
            Secret sec => ConfigDataValidation.Validate(sec),
            Node n => NodeValidation.Validate(n),
            HorizontalPodAutoscaler hpa => AutoscalingValidation.Validate(hpa),
            RoleBinding rb => RbacValidation.Validate(rb),
            ClusterRoleBinding crb => RbacValidation.Validate(crb),
            Ingress ing => IngressValidation.Validate(ing),
            PersistentVolume pv => StorageValidation.Validate(pv),
            PersistentVolumeClaim pvc => StorageValidation.Validate(pvc),
            CustomResourceDefinition crd => ApiExtensionsValidation.Validate(crd),
            Event e => EventValidation.Validate(e),
            Lease l => CoordinationValidation.Validate(l),
            PriorityClass pc => SchedulingValidation.Validate(pc),
            _ => Errors.None,
        };
    }

    /// <summary>
    /// Validates an update of the main resource: the updated object must be valid and immutable fields unchanged
    /// (for pods, only the fields Kubernetes allows may change).
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(KubeObject updated, KubeObject current)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(current);
        return (updated, current) switch
        {
            (Pod n, Pod o) => PodValidation.ValidateUpdate(n, o),
            (Deployment n, Deployment o) => AppsValidation.ValidateUpdate(n, o),
            (ReplicaSet n, ReplicaSet o) => AppsValidation.ValidateUpdate(n, o),
            (Job n, Job o) => BatchValidation.ValidateUpdate(n, o),
            (Service n, Service o) => ServiceValidation.ValidateUpdate(n, o),
            (ConfigMap n, ConfigMap o) => ConfigDataValidation.ValidateUpdate(n, o),
            (Secret n, Secret o) => ConfigDataValidation.ValidateUpdate(n, o),
            (RoleBinding n, RoleBinding o) => RbacValidation.ValidateUpdate(n.RoleRef, o.RoleRef, RbacValidation.Validate(n)),
            (ClusterRoleBinding n, ClusterRoleBinding o) => RbacValidation.ValidateUpdate(n.RoleRef, o.RoleRef, RbacValidation.Validate(n)),
            (PersistentVolumeClaim n, PersistentVolumeClaim o) => StorageValidation.ValidateUpdate(n, o),
            (CustomResourceDefinition n, CustomResourceDefinition o) => ApiExtensionsValidation.ValidateUpdate(n, o),
            (PriorityClass n, PriorityClass o) => SchedulingValidation.ValidateUpdate(n, o),
            _ => Validate(updated),
        };
    }

    /// <summary>Validates a status update (e.g. replica counts non-negative, pod phase values).</summary>
    public static IReadOnlyList<FieldError> ValidateStatusUpdate(KubeObject updated, KubeObject current)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(current);
        return (updated, current) switch
        {
            (Pod n, Pod o) => PodValidation.ValidateStatusUpdate(n, o),
            (Deployment n, _) => AppsValidation.ValidateStatus(n.Status),
            (ReplicaSet n, _) => AppsValidation.ValidateStatus(n.Status),
            (Job n, _) => BatchValidation.ValidateStatus(n.Status),
            _ => Errors.None,
        };
    }
}
