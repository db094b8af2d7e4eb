using KubeCore.Models;
using KubeCore.Validation;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class ReplicaSetValidationTests
{
    private static ReplicaSetSpec Spec => ReplicaSet().Spec!;

    [Fact]
    public void Realistic_replica_set_is_valid()
    {
        Assert.Empty(Errors(ReplicaSet()));
    }

    [Fact]
    public void Replica_set_with_negative_replicas_is_invalid()
    {
        Assert.Equal(["spec.replicas: Invalid value: -2: must be greater than or equal to 0"], Errors(ReplicaSet(Spec with { Replicas = -2 })));
    }

    [Fact]
    public void Replica_set_with_selector_not_matching_template_labels_is_invalid()
    {
        Assert.Equal(["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"db\"}: `selector` does not match template `labels`"],
            Errors(ReplicaSet(Spec with { Template = Template(labels: new Dictionary<string, string> { ["app"] = "db" }) })));
    }

    [Fact]
    public void Replica_set_template_may_not_set_active_deadline()
    {
        Assert.Equal(["spec.template.spec.activeDeadlineSeconds: Invalid value: 60: activeDeadlineSeconds in ReplicaSet is not Supported"],
            Errors(ReplicaSet(Spec with { Template = Template(WebPodSpec() with { ActiveDeadlineSeconds = 60 }) })));
    }

    [Fact]
    public void Replica_set_status_ready_replicas_may_not_exceed_replicas()
    {
        var rs = ReplicaSet();
        var updated = rs with { Status = new ReplicaSetStatus { Replicas = 1, ReadyReplicas = 2, AvailableReplicas = 1 } };
        Assert.Equal(["status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"],
            KindValidation.ValidateStatusUpdate(updated, rs).Select(e => e.ToString()));
    }
}
