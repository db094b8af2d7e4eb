using System.Collections.Frozen;

namespace KubeCore.Patching;

/// <summary>The built-in strategic merge patch schemas, by apiVersion and kind. Kinds not listed (custom resources) do not support strategic merge patch.</summary>
public static class StrategicMergePatchSchemas
{
    private static readonly FrozenDictionary<(string ApiVersion, string Kind), PatchSchema> Schemas = Build();

    /// <summary>All registered apiVersion/kind pairs.</summary>
    public static IEnumerable<(string ApiVersion, string Kind)> Kinds => Schemas.Keys;

    /// <summary>Finds the schema of <paramref name="apiVersion"/>/<paramref name="kind"/>.</summary>
    public static bool TryGet(string apiVersion, string kind, out PatchSchema schema)
    {
        if (Schemas.TryGetValue((apiVersion, kind), out var found))
        {
            schema = found;
            return true;
        }
        schema = PatchSchema.Empty;
        return false;
    }

    /// <summary>Returns the schema or throws <see cref="StrategicMergePatchNotSupportedException"/> (HTTP 415) for kinds without one.</summary>
    public static PatchSchema Get(string apiVersion, string kind) =>
        TryGet(apiVersion, kind, out var schema) ? schema : throw new StrategicMergePatchNotSupportedException(apiVersion, kind);

    private static FrozenDictionary<(string, string), PatchSchema> Build()
    {
        var t = new Dictionary<(string, string), PatchSchema>();
        void Add(string apiVersion, PatchSchema schema, params string[] kinds)
        {
            foreach (var kind in kinds) t[(apiVersion, kind)] = schema;
        }

        var meta = BuiltInPatchTypes.MetadataOnly;
        Add("v1", BuiltInPatchTypes.Pod, "Pod");
        Add("v1", BuiltInPatchTypes.PodTemplate, "PodTemplate");
        Add("v1", BuiltInPatchTypes.ReplicationController, "ReplicationController");
        Add("v1", BuiltInPatchTypes.Service, "Service");
        Add("v1", BuiltInPatchTypes.Node, "Node");
        Add("v1", BuiltInPatchTypes.Namespace, "Namespace");
        Add("v1", BuiltInPatchTypes.ServiceAccount, "ServiceAccount");
        Add("v1", BuiltInPatchTypes.PersistentVolumeClaim, "PersistentVolumeClaim");
        Add("v1", BuiltInPatchTypes.ComponentStatus, "ComponentStatus");
        Add("v1", BuiltInPatchTypes.ConfigMap, "ConfigMap");
        Add("v1", BuiltInPatchTypes.Secret, "Secret");
        Add("v1", meta, "Endpoints", "Event", "PersistentVolume", "LimitRange", "ResourceQuota", "Binding");

        foreach (var v in new[] { "apps/v1" })
        {
            Add(v, BuiltInPatchTypes.Deployment, "Deployment");
            Add(v, BuiltInPatchTypes.ReplicaSet, "ReplicaSet");
            Add(v, BuiltInPatchTypes.StatefulSet, "StatefulSet");
            Add(v, BuiltInPatchTypes.DaemonSet, "DaemonSet");
            Add(v, meta, "ControllerRevision");
        }
        Add("batch/v1", BuiltInPatchTypes.Job, "Job");
        Add("batch/v1", BuiltInPatchTypes.CronJob, "CronJob");
        Add("autoscaling/v1", meta, "HorizontalPodAutoscaler", "Scale");
        Add("autoscaling/v2", BuiltInPatchTypes.HorizontalPodAutoscalerV2, "HorizontalPodAutoscaler");
        Add("policy/v1", BuiltInPatchTypes.PodDisruptionBudget, "PodDisruptionBudget");
        Add("networking.k8s.io/v1", meta, "Ingress", "IngressClass", "NetworkPolicy");
        Add("discovery.k8s.io/v1", meta, "EndpointSlice");
        Add("events.k8s.io/v1", meta, "Event");
        Add("coordination.k8s.io/v1", meta, "Lease");
        Add("rbac.authorization.k8s.io/v1", meta, "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
        Add("apiextensions.k8s.io/v1", meta, "CustomResourceDefinition");
        Add("apiregistration.k8s.io/v1", meta, "APIService");
        Add("scheduling.k8s.io/v1", meta, "PriorityClass");
        Add("storage.k8s.io/v1", meta, "StorageClass", "VolumeAttachment", "CSIDriver");
        Add("storage.k8s.io/v1", BuiltInPatchTypes.CSINode, "CSINode");
        Add("certificates.k8s.io/v1", meta, "CertificateSigningRequest");
        Add("node.k8s.io/v1", meta, "RuntimeClass");
        Add("admissionregistration.k8s.io/v1", BuiltInPatchTypes.ValidatingWebhookConfiguration, "ValidatingWebhookConfiguration");
        Add("admissionregistration.k8s.io/v1", BuiltInPatchTypes.MutatingWebhookConfiguration, "MutatingWebhookConfiguration");
        Add("admissionregistration.k8s.io/v1", BuiltInPatchTypes.ValidatingAdmissionPolicy, "ValidatingAdmissionPolicy");
        Add("admissionregistration.k8s.io/v1", meta, "ValidatingAdmissionPolicyBinding");
        Add("flowcontrol.apiserver.k8s.io/v1", BuiltInPatchTypes.FlowControlWithConditions, "FlowSchema", "PriorityLevelConfiguration");
        return t.ToFrozenDictionary();
    }
}
