using KubeCore.Models;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class ClusterKindsValidationTests
{
    [Fact]
    public void Node_with_valid_taints_is_valid()
    {
        Assert.Empty(Errors(new Node { Metadata = new ObjectMeta { Name = "node-1" }, Spec = new NodeSpec { Taints = [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] } }));
    }

    [Fact]
    public void Node_taint_effect_must_be_known()
    {
        Assert.Equal(["spec.taints[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
            Errors(new Node { Spec = new NodeSpec { Taints = [new Taint { Key = "dedicated", Effect = "NoRun" }] } }));
    }

    private static HorizontalPodAutoscaler Hpa(int? min, int max, string kind = "Deployment") => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
        Spec = new HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = kind, Name = "web" },
            MinReplicas = min,
            MaxReplicas = max,
        },
    };

    [Fact]
    public void Realistic_autoscaler_is_valid()
    {
        Assert.Empty(Errors(Hpa(2, 10)));
    }

    [Fact]
    public void Autoscaler_min_replicas_must_be_at_least_one()
    {
        Assert.Equal(["spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"], Errors(Hpa(0, 10)));
    }

    [Fact]
    public void Autoscaler_max_replicas_must_not_be_below_min_replicas()
    {
        Assert.Equal(["spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"], Errors(Hpa(5, 2)));
    }

    [Fact]
    public void Autoscaler_scale_target_kind_is_required()
    {
        Assert.Equal(["spec.scaleTargetRef.kind: Required value"], Errors(Hpa(1, 3, kind: "")));
    }

    private static RoleBinding Binding(string roleName = "view", string kind = "ClusterRole") => new()
    {
        Metadata = new ObjectMeta { Name = "dev-view", Namespace = "dev" },
        RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = kind, Name = roleName },
        Subjects = [new Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = "jane" }, new Subject { Kind = "ServiceAccount", Name = "ci" }],
    };

    [Fact]
    public void Realistic_role_binding_is_valid()
    {
        Assert.Empty(Errors(Binding()));
    }

    [Fact]
    public void Role_binding_role_name_is_required()
    {
        Assert.Equal(["roleRef.name: Required value"], Errors(Binding(roleName: "")));
    }

    [Fact]
    public void Cluster_role_binding_may_only_reference_a_cluster_role()
    {
        var crb = new ClusterRoleBinding
        {
            Metadata = new ObjectMeta { Name = "x" },
            RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "view" },
        };
        Assert.Equal(["roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\""], Errors(crb));
    }

    [Fact]
    public void Role_binding_role_ref_is_immutable()
    {
        Assert.Equal(["roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef"],
            UpdateErrors(Binding("edit"), Binding()));
    }

    private static Ingress IngressWith(string path, string? pathType = "Prefix", IngressBackend? backend = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
        Spec = new IngressSpec
        {
            Rules =
            [
                new IngressRule
                {
                    Host = "shop.example.com",
                    Http = new HttpIngressRuleValue
                    {
                        Paths = [new HttpIngressPath { Path = path, PathType = pathType, Backend = backend ?? new IngressBackend { Service = new IngressServiceBackend { Name = "web", Port = new ServiceBackendPort { Number = 80 } } } }],
                    },
                },
            ],
        },
    };

    [Fact]
    public void Realistic_ingress_is_valid()
    {
        Assert.Empty(Errors(IngressWith("/api")));
    }

    [Fact]
    public void Ingress_path_type_must_be_known()
    {
        Assert.Equal(["spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""],
            Errors(IngressWith("/api", "Regex")));
    }

    [Fact]
    public void Ingress_prefix_path_must_be_absolute()
    {
        Assert.Equal(["spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path"], Errors(IngressWith("api")));
    }

    [Fact]
    public void Ingress_path_needs_a_backend()
    {
        Assert.Equal(["spec.rules[0].http.paths[0].backend: Invalid value: \"\": resource or service backend is required"],
            Errors(IngressWith("/", backend: new IngressBackend())));
    }

    private static PersistentVolumeClaim Claim(string? storage, params string[] modes) => new()
    {
        Metadata = new ObjectMeta { Name = "data", Namespace = "default" },
        Spec = new PersistentVolumeClaimSpec
        {
            AccessModes = modes,
            Resources = new VolumeResourceRequirements
            {
                Requests = storage is null ? null : new Dictionary<string, Quantity> { ["storage"] = Quantity.Parse(storage) },
            },
        },
    };

    [Fact]
    public void Realistic_claim_is_valid()
    {
        Assert.Empty(Errors(Claim("10Gi", "ReadWriteOnce")));
    }

    [Fact]
    public void Claim_access_modes_are_required()
    {
        Assert.Equal(["spec.accessModes: Required value: at least 1 access mode is required"], Errors(Claim("10Gi")));
    }

    [Fact]
    public void Claim_storage_request_is_required()
    {
        Assert.Equal(["spec.resources[storage]: Required value"], Errors(Claim(null, "ReadWriteOnce")));
    }

    [Fact]
    public void Claim_storage_request_must_be_positive()
    {
        Assert.Equal(["spec.resources[storage]: Invalid value: \"0\": must be greater than zero"], Errors(Claim("0", "ReadWriteOnce")));
    }

    [Fact]
    public void Volume_capacity_and_access_modes_are_required()
    {
        var pv = new PersistentVolume { Metadata = new ObjectMeta { Name = "pv1" }, Spec = new PersistentVolumeSpec { HostPath = new HostPathVolumeSource { Path = "/mnt/data" } } };
        Assert.Equal(["spec.accessModes: Required value", "spec.capacity: Required value"], Errors(pv));
    }

    [Fact]
    public void Realistic_volume_is_valid()
    {
        var pv = new PersistentVolume
        {
            Metadata = new ObjectMeta { Name = "pv1" },
            Spec = new PersistentVolumeSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Capacity = new Dictionary<string, Quantity> { ["storage"] = Quantity.Parse("5Gi") },
                HostPath = new HostPathVolumeSource { Path = "/mnt/data" },
            },
        };
        Assert.Empty(Errors(pv));
    }

    private static CustomResourceDefinition Crd(string group = "stable.example.com", string scope = "Namespaced", bool secondStorage = false) => new()
    {
        Metadata = new ObjectMeta { Name = "crontabs." + group },
        Spec = new CustomResourceDefinitionSpec
        {
            Group = group,
            Scope = scope,
            Names = new CustomResourceDefinitionNames { Plural = "crontabs", Singular = "crontab", Kind = "CronTab", ShortNames = ["ct"] },
            Versions =
            [
                new CustomResourceDefinitionVersion { Name = "v1", Served = true, Storage = true },
                new CustomResourceDefinitionVersion { Name = "v1beta1", Served = true, Storage = secondStorage },
            ],
        },
    };

    [Fact]
    public void Realistic_crd_is_valid()
    {
        Assert.Empty(Errors(Crd()));
    }

    [Fact]
    public void Crd_group_must_contain_a_dot()
    {
        Assert.Equal(["spec.group: Invalid value: \"widgets\": should be a domain with at least one dot"], Errors(Crd(group: "widgets")));
    }

    [Fact]
    public void Crd_scope_must_be_namespaced_or_cluster()
    {
        Assert.Equal(["spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\""], Errors(Crd(scope: "Global")));
    }

    [Fact]
    public void Crd_needs_exactly_one_storage_version()
    {
        Assert.Equal(["spec.versions: Invalid value: must have exactly one version marked as storage version"], Errors(Crd(secondStorage: true)));
    }

    [Fact]
    public void Crd_names_plural_and_kind_are_required()
    {
        var crd = Crd();
        crd = crd with { Metadata = new ObjectMeta { Name = ".stable.example.com" }, Spec = crd.Spec! with { Names = new CustomResourceDefinitionNames() } };
        Assert.Equal(["spec.names.plural: Required value", "spec.names.kind: Required value"], Errors(crd));
    }

    [Fact]
    public void Event_namespace_must_match_involved_object()
    {
        var e = new Event
        {
            Metadata = new ObjectMeta { Name = "web.17a", Namespace = "default" },
            InvolvedObject = new ObjectReference { Kind = "Pod", Namespace = "other", Name = "web" },
            Reason = "Scheduled",
        };
        Assert.Equal(["involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"], Errors(e));
        Assert.Empty(Errors(e with { InvolvedObject = e.InvolvedObject with { Namespace = "default" } }));
    }

    [Fact]
    public void Event_about_a_cluster_scoped_object_may_live_in_default()
    {
        var e = new Event { Metadata = new ObjectMeta { Name = "node-1.17a", Namespace = "default" }, InvolvedObject = new ObjectReference { Kind = "Node", Name = "node-1" } };
        Assert.Empty(Errors(e));
    }

    [Fact]
    public void Lease_duration_must_be_positive()
    {
        var lease = new Lease { Metadata = new ObjectMeta { Name = "leader" }, Spec = new LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 0 } };
        Assert.Equal(["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"], Errors(lease));
        Assert.Empty(Errors(lease with { Spec = lease.Spec with { LeaseDurationSeconds = 15 } }));
    }

    [Fact]
    public void User_priority_class_value_is_capped_at_one_billion()
    {
        var pc = new PriorityClass { Metadata = new ObjectMeta { Name = "high" }, Value = 1_000_000_001 };
        Assert.Equal(["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"], Errors(pc));
        Assert.Empty(Errors(pc with { Value = 1_000_000_000 }));
    }

    [Fact]
    public void Kinds_without_rules_and_generic_objects_are_valid()
    {
        Assert.Empty(Errors(new Namespace { Metadata = new ObjectMeta { Name = "dev" } }));
        Assert.Empty(Errors(new GenericObject("example.com/v1", "Widget")));
    }
}
