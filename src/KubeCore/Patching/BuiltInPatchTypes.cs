namespace KubeCore.Patching;

/// <summary>Patch rules of the built-in Kubernetes types, transcribed from the <c>patchStrategy</c>/<c>patchMergeKey</c> tags of k8s.io/api v0.32.</summary>
internal static class BuiltInPatchTypes
{
    private static PatchSchema Type(string name, params (string Field, PatchField Rule)[] fields) =>
        new(name, fields.Select(f => KeyValuePair.Create(f.Field, f.Rule)));

    private static PatchField Obj(PatchSchema schema) => PatchField.Object(schema);

    private static PatchField Merge(string key, PatchSchema? item = null) => PatchField.MergeList(key, item);

    private static PatchField Conditions => Merge("type");

    public static readonly PatchSchema OwnerReference = Type("OwnerReference");

    /// <summary>A <c>map[string]string</c>: merges key by key (as any object), and server-side apply tracks the map itself.</summary>
    public static readonly PatchSchema StringMap = new("map[string]string", mapValues: PatchSchema.Empty);

    public static readonly PatchSchema ObjectMeta = Type("ObjectMeta",
        ("labels", Obj(StringMap)),
        ("annotations", Obj(StringMap)),
        ("finalizers", PatchField.PrimitiveSet()),
        ("ownerReferences", Merge("uid", OwnerReference)));

    /// <summary>Fields shared by Container and EphemeralContainer.</summary>
    public static readonly PatchSchema Container = Type("Container",
        ("resources", Obj(Type("ResourceRequirements", ("limits", Obj(StringMap)), ("requests", Obj(StringMap))))),
        ("ports", Merge("containerPort")),
        ("env", Merge("name")),
        ("volumeMounts", Merge("mountPath")),
        ("volumeDevices", Merge("devicePath")));

    public static readonly PatchSchema PodSpec = Type("PodSpec",
        ("nodeSelector", Obj(StringMap)),
        ("volumes", PatchField.MergeList("name", retainKeys: true)),
        ("initContainers", Merge("name", Container)),
        ("containers", Merge("name", Container)),
        ("ephemeralContainers", Merge("name", Container)),
        ("imagePullSecrets", Merge("name")),
        ("hostAliases", Merge("ip")),
        ("topologySpreadConstraints", Merge("topologyKey")),
        ("schedulingGates", Merge("name")),
        ("resourceClaims", PatchField.MergeList("name", retainKeys: true)));

    public static readonly PatchSchema ContainerStatus = Type("ContainerStatus",
        ("volumeMounts", Merge("mountPath")),
        ("allocatedResourcesStatus", Merge("name")));

    public static readonly PatchSchema PodStatus = Type("PodStatus",
        ("conditions", Conditions),
        ("hostIPs", Merge("ip")),
        ("podIPs", Merge("ip")),
        ("resourceClaimStatuses", PatchField.MergeList("name", retainKeys: true)),
        ("containerStatuses", PatchField.List(ContainerStatus)),
        ("initContainerStatuses", PatchField.List(ContainerStatus)),
        ("ephemeralContainerStatuses", PatchField.List(ContainerStatus)));

    public static readonly PatchSchema PodTemplateSpec = Type("PodTemplateSpec",
        ("metadata", Obj(ObjectMeta)),
        ("spec", Obj(PodSpec)));

    private static PatchSchema Root(string name, params (string Field, PatchField Rule)[] fields) =>
        Type(name, [("metadata", Obj(ObjectMeta)), .. fields]);

    private static PatchSchema StatusWithConditions(string name) => Type(name, ("conditions", Conditions));

    private static PatchSchema SpecWithTemplate(string name, params (string Field, PatchField Rule)[] fields) =>
        Type(name, [("template", Obj(PodTemplateSpec)), .. fields]);

    public static readonly PatchSchema Pod = Root("Pod", ("spec", Obj(PodSpec)), ("status", Obj(PodStatus)));

    public static readonly PatchSchema PodTemplate = Root("PodTemplate", ("template", Obj(PodTemplateSpec)));

    public static readonly PatchSchema ReplicationController = Root("ReplicationController",
        ("spec", Obj(SpecWithTemplate("ReplicationControllerSpec"))),
        ("status", Obj(StatusWithConditions("ReplicationControllerStatus"))));

    public static readonly PatchSchema Service = Root("Service",
        ("spec", Obj(Type("ServiceSpec", ("ports", Merge("port")), ("selector", Obj(StringMap))))),
        ("status", Obj(StatusWithConditions("ServiceStatus"))));

    public static readonly PatchSchema Node = Root("Node",
        ("spec", Obj(Type("NodeSpec", ("podCIDRs", PatchField.PrimitiveSet())))),
        ("status", Obj(Type("NodeStatus", ("conditions", Conditions), ("addresses", Merge("type"))))));

    public static readonly PatchSchema Namespace = Root("Namespace", ("status", Obj(StatusWithConditions("NamespaceStatus"))));

    public static readonly PatchSchema ServiceAccount = Root("ServiceAccount", ("secrets", Merge("name")));

    public static readonly PatchSchema PersistentVolumeClaim = Root("PersistentVolumeClaim",
        ("status", Obj(StatusWithConditions("PersistentVolumeClaimStatus"))));

    public static readonly PatchSchema ComponentStatus = Root("ComponentStatus", ("conditions", Conditions));

    public static readonly PatchSchema MetadataOnly = Root("Object");

    public static readonly PatchSchema ConfigMap = Root("ConfigMap", ("data", Obj(StringMap)), ("binaryData", Obj(StringMap)));

    public static readonly PatchSchema Secret = Root("Secret", ("data", Obj(StringMap)), ("stringData", Obj(StringMap)));

    public static readonly PatchSchema Deployment = Root("Deployment",
        ("spec", Obj(SpecWithTemplate("DeploymentSpec", ("strategy", new PatchField(RetainKeys: true))))),
        ("status", Obj(StatusWithConditions("DeploymentStatus"))));

    public static readonly PatchSchema ReplicaSet = Root("ReplicaSet",
        ("spec", Obj(SpecWithTemplate("ReplicaSetSpec"))),
        ("status", Obj(StatusWithConditions("ReplicaSetStatus"))));

    public static readonly PatchSchema StatefulSet = Root("StatefulSet",
        ("spec", Obj(SpecWithTemplate("StatefulSetSpec"))),
        ("status", Obj(StatusWithConditions("StatefulSetStatus"))));

    public static readonly PatchSchema DaemonSet = Root("DaemonSet",
        ("spec", Obj(SpecWithTemplate("DaemonSetSpec"))),
        ("status", Obj(StatusWithConditions("DaemonSetStatus"))));

    private static readonly PatchSchema JobSpec = SpecWithTemplate("JobSpec");

    public static readonly PatchSchema Job = Root("Job",
        ("spec", Obj(JobSpec)),
        ("status", Obj(StatusWithConditions("JobStatus"))));

    public static readonly PatchSchema CronJob = Root("CronJob",
        ("spec", Obj(Type("CronJobSpec", ("jobTemplate", Obj(Type("JobTemplateSpec", ("metadata", Obj(ObjectMeta)), ("spec", Obj(JobSpec)))))))));

    public static readonly PatchSchema HorizontalPodAutoscalerV2 = Root("HorizontalPodAutoscaler",
        ("status", Obj(StatusWithConditions("HorizontalPodAutoscalerStatus"))));

    public static readonly PatchSchema PodDisruptionBudget = Root("PodDisruptionBudget",
        ("spec", Obj(Type("PodDisruptionBudgetSpec", ("selector", new PatchField(PatchStrategy.Replace))))),
        ("status", Obj(StatusWithConditions("PodDisruptionBudgetStatus"))));

    public static readonly PatchSchema CSINode = Root("CSINode", ("spec", Obj(Type("CSINodeSpec", ("drivers", Merge("name"))))));

    private static readonly PatchSchema Webhook = Type("Webhook", ("matchConditions", Merge("name")));

    public static readonly PatchSchema ValidatingWebhookConfiguration = Root("ValidatingWebhookConfiguration", ("webhooks", Merge("name", Webhook)));

    public static readonly PatchSchema MutatingWebhookConfiguration = Root("MutatingWebhookConfiguration", ("webhooks", Merge("name", Webhook)));

    public static readonly PatchSchema ValidatingAdmissionPolicy = Root("ValidatingAdmissionPolicy",
        ("spec", Obj(Type("ValidatingAdmissionPolicySpec", ("matchConditions", Merge("name")), ("variables", Merge("name"))))));

    public static readonly PatchSchema FlowControlWithConditions = Root("FlowControlObject", ("status", Obj(StatusWithConditions("FlowControlStatus"))));
}
