using KubeCore.Defaulting;
using KubeCore.Models;
using KubeCore.Validation;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class PodValidationTests
{
    [Fact]
    public void Realistic_pod_is_valid()
    {
        Assert.Empty(Errors(Pod()));
    }

    [Fact]
    public void Valid_pod_validation_returns_the_shared_empty_list_without_allocating()
    {
        var pod = (Pod)KindDefaults.Apply(Pod());
        Assert.Empty(KindValidation.Validate(pod)); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = KindValidation.Validate(pod);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(result);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Pod_without_containers_is_invalid()
    {
        Assert.Equal(["spec.containers: Required value"], Errors(Pod(WebPodSpec() with { Containers = [] })));
    }

    [Fact]
    public void Container_name_must_be_a_dns_label()
    {
        Assert.Equal(
            ["spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            Errors(Pod(WithContainer(c => c with { Name = "Web_1" }))));
    }

    [Fact]
    public void Container_names_must_be_unique_across_containers_and_init_containers()
    {
        var spec = WebPodSpec();
        spec = spec with { InitContainers = [new Container { Name = "web", Image = "busybox:1.36" }] };
        Assert.Equal(["spec.containers[0].name: Duplicate value: \"web\""], Errors(Pod(spec)));
    }

    [Fact]
    public void Duplicate_container_names_are_reported_at_the_second_container()
    {
        var spec = WebPodSpec();
        spec = spec with { Containers = [spec.Containers![0], new Container { Name = "web", Image = "busybox:1.36" }] };
        Assert.Equal(["spec.containers[1].name: Duplicate value: \"web\""], Errors(Pod(spec)));
    }

    [Fact]
    public void Container_image_is_required()
    {
        Assert.Equal(["spec.containers[0].image: Required value"], Errors(Pod(WithContainer(c => c with { Image = null }))));
    }

    [Fact]
    public void Container_port_must_be_in_range()
    {
        Assert.Equal(["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
            Errors(Pod(WithContainer(c => c with { Ports = [new ContainerPort { Port = 70000 }] }))));
    }

    [Fact]
    public void Container_port_protocol_must_be_tcp_udp_or_sctp()
    {
        Assert.Equal(["spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            Errors(Pod(WithContainer(c => c with { Ports = [new ContainerPort { Port = 80, Protocol = "HTTP" }] }))));
    }

    [Fact]
    public void Container_port_names_must_be_unique()
    {
        Assert.Equal(["spec.containers[0].ports[1].name: Duplicate value: \"http\""],
            Errors(Pod(WithContainer(c => c with { Ports = [new ContainerPort { Name = "http", Port = 80 }, new ContainerPort { Name = "http", Port = 8080 }] }))));
    }

    [Fact]
    public void Container_port_name_must_be_an_iana_service_name()
    {
        Assert.Equal(["spec.containers[0].ports[0].name: Invalid value: \"web--http\": must not contain consecutive hyphens"],
            Errors(Pod(WithContainer(c => c with { Ports = [new ContainerPort { Name = "web--http", Port = 80 }] }))));
    }

    [Fact]
    public void Env_var_name_may_not_contain_equals()
    {
        Assert.Equal(["spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
            Errors(Pod(WithContainer(c => c with { Env = [new EnvVar { Name = "A=B", Value = "x" }] }))));
    }

    [Fact]
    public void Resource_request_above_limit_is_invalid()
    {
        var resources = new ResourceRequirements
        {
            Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("2") },
            Limits = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("1") },
        };
        Assert.Equal(["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"],
            Errors(Pod(WithContainer(c => c with { Resources = resources }))));
    }

    [Fact]
    public void Negative_resource_request_is_invalid()
    {
        var resources = new ResourceRequirements { Requests = new Dictionary<string, Quantity> { ["memory"] = Quantity.Parse("-1Mi") } };
        Assert.Equal(["spec.containers[0].resources.requests[memory]: Invalid value: \"-1Mi\": must be greater than or equal to 0"],
            Errors(Pod(WithContainer(c => c with { Resources = resources }))));
    }

    [Fact]
    public void Restart_policy_must_be_a_known_value()
    {
        Assert.Equal(["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""],
            Errors(Pod(WebPodSpec("Sometimes"))));
    }

    [Fact]
    public void Dns_policy_must_be_a_known_value()
    {
        Assert.Equal(["spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""],
            Errors(Pod(WebPodSpec() with { DnsPolicy = "Google" })));
    }

    [Fact]
    public void Volume_mount_must_refer_to_a_defined_volume()
    {
        Assert.Equal(["spec.containers[0].volumeMounts[0].name: Not found: \"data\""], Errors(Pod(WebPodSpec() with { Volumes = null })));
    }

    [Fact]
    public void Volume_names_must_be_unique()
    {
        var spec = WebPodSpec();
        spec = spec with { Volumes = [spec.Volumes![0], new Volume { Name = "data", EmptyDir = new EmptyDirVolumeSource() }] };
        Assert.Equal(["spec.volumes[1].name: Duplicate value: \"data\""], Errors(Pod(spec)));
    }

    [Fact]
    public void Termination_grace_period_may_not_be_negative()
    {
        Assert.Equal(["spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0"],
            Errors(Pod(WebPodSpec() with { TerminationGracePeriodSeconds = -1 })));
    }

    [Fact]
    public void Active_deadline_must_be_positive()
    {
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
            Errors(Pod(WebPodSpec() with { ActiveDeadlineSeconds = 0 })));
    }

    [Fact]
    public void Node_selector_keys_must_be_label_keys()
    {
        var errors = Errors(Pod(WebPodSpec() with { NodeSelector = new Dictionary<string, string> { ["disk type"] = "ssd" } }));
        Assert.Equal(["spec.nodeSelector: Invalid value: \"disk type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"], errors);
    }

    [Fact]
    public void Toleration_operator_must_be_equal_or_exists()
    {
        Assert.Equal(["spec.tolerations[0].operator: Unsupported value: \"Maybe\": supported values: \"Equal\", \"Exists\""],
            Errors(Pod(WebPodSpec() with { Tolerations = [new Toleration { Key = "dedicated", Operator = "Maybe" }] })));
    }

    [Fact]
    public void Toleration_effect_must_be_a_taint_effect()
    {
        Assert.Equal(["spec.tolerations[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
            Errors(Pod(WebPodSpec() with { Tolerations = [new Toleration { Key = "dedicated", Operator = "Exists", Effect = "Sometimes" }] })));
    }

    [Fact]
    public void Toleration_with_empty_key_must_use_exists()
    {
        Assert.Equal(["spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""],
            Errors(Pod(WebPodSpec() with { Tolerations = [new Toleration { Operator = "Equal" }] })));
    }

    [Fact]
    public void Probe_thresholds_may_not_be_negative()
    {
        Assert.Equal(["spec.containers[0].livenessProbe.failureThreshold: Invalid value: -1: must be greater than or equal to 0"],
            Errors(Pod(WithContainer(c => c with { LivenessProbe = c.LivenessProbe! with { FailureThreshold = -1 } }))));
    }

    [Fact]
    public void Liveness_probe_success_threshold_must_be_one()
    {
        Assert.Equal(["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"],
            Errors(Pod(WithContainer(c => c with { LivenessProbe = c.LivenessProbe! with { SuccessThreshold = 2 } }))));
    }

    [Fact]
    public void Probe_needs_a_handler()
    {
        Assert.Equal(["spec.containers[0].readinessProbe: Required value: must specify a handler type"],
            Errors(Pod(WithContainer(c => c with { ReadinessProbe = new Probe() }))));
    }

    [Fact]
    public void Several_errors_are_all_reported()
    {
        var spec = WebPodSpec("Sometimes") with { Containers = [new Container { Name = "web" }] };
        Assert.Equal(
            ["spec.containers[0].image: Required value", "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""],
            Errors(Pod(spec)));
    }

    [Fact]
    public void Sidecar_init_container_with_restart_policy_always_is_valid()
    {
        var spec = WebPodSpec() with { InitContainers = [new Container { Name = "proxy", Image = "envoy:1.30", RestartPolicy = "Always" }] };
        Assert.Empty(Errors(Pod(spec)));
    }

    [Fact]
    public void Regular_container_may_not_set_a_restart_policy()
    {
        Assert.Equal(["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"],
            Errors(Pod(WithContainer(c => c with { RestartPolicy = "Always" }))));
    }

    [Fact]
    public void Init_container_restart_policy_may_only_be_always()
    {
        var spec = WebPodSpec() with { InitContainers = [new Container { Name = "setup", Image = "busybox:1.36", RestartPolicy = "Never" }] };
        Assert.Equal(["spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""], Errors(Pod(spec)));
    }
}
