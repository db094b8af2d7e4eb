using KubeCore.Models;
using KubeCore.Validation;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class PodUpdateValidationTests
{
    private const string Forbidden =
        "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`," +
        "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations)," +
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n";

    [Fact]
    public void Changing_a_container_image_is_allowed()
    {
        var current = Pod();
        var updated = Pod(WithContainer(c => c with { Image = "nginx:1.28" }));
        Assert.Empty(UpdateErrors(updated, current));
    }

    [Fact]
    public void Adding_a_toleration_and_lowering_the_active_deadline_is_allowed()
    {
        var current = Pod(WebPodSpec() with { ActiveDeadlineSeconds = 600 });
        var spec = WebPodSpec();
        var updated = Pod(spec with
        {
            ActiveDeadlineSeconds = 300,
            Tolerations = [.. spec.Tolerations!, new Toleration { Key = "spot", Operator = "Exists", Effect = "NoSchedule" }],
        });
        Assert.Empty(UpdateErrors(updated, current));
    }

    [Fact]
    public void Changing_a_container_port_is_forbidden_with_the_upstream_message()
    {
        var current = Pod();
        var updated = Pod(WithContainer(c => c with { Ports = [new ContainerPort { Name = "http", Port = 8080 }] }));
        var error = Assert.Single(UpdateErrors(updated, current));
        Assert.StartsWith(Forbidden, error);
        Assert.Contains("8080", error);
    }

    [Fact]
    public void Changing_the_node_name_is_forbidden()
    {
        var current = Pod(WebPodSpec() with { NodeName = "node-a" });
        var updated = Pod(WebPodSpec() with { NodeName = "node-b" });
        var error = Assert.Single(UpdateErrors(updated, current));
        Assert.StartsWith(Forbidden, error);
    }

    [Fact]
    public void Removing_an_existing_toleration_is_forbidden()
    {
        var error = UpdateErrors(Pod(WebPodSpec() with { Tolerations = null }), Pod());
        Assert.Equal("spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds", error[0]);
    }

    [Fact]
    public void Raising_the_active_deadline_is_invalid()
    {
        var errors = UpdateErrors(Pod(WebPodSpec() with { ActiveDeadlineSeconds = 900 }), Pod(WebPodSpec() with { ActiveDeadlineSeconds = 600 }));
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value"], errors);
    }

    [Fact]
    public void Adding_a_container_is_forbidden()
    {
        var spec = WebPodSpec();
        var updated = Pod(spec with { Containers = [spec.Containers![0], new Container { Name = "sidecar", Image = "envoy:1.30" }] });
        Assert.Equal(["spec.containers: Forbidden: pod updates may not add or remove containers"], UpdateErrors(updated, Pod()));
    }

    [Fact]
    public void Status_phase_must_be_a_known_value()
    {
        var current = Pod();
        var updated = current with { Status = new PodStatus { Phase = "Sleeping" } };
        Assert.Equal(
            ["status.phase: Unsupported value: \"Sleeping\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", \"Unknown\""],
            KindValidation.ValidateStatusUpdate(updated, current).Select(e => e.ToString()));
    }

    [Fact]
    public void Status_update_with_a_known_phase_is_valid()
    {
        var current = Pod();
        Assert.Empty(KindValidation.ValidateStatusUpdate(current with { Status = new PodStatus { Phase = "Running" } }, current));
    }
}
