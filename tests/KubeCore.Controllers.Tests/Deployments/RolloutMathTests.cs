using KubeCore.Controllers.Deployments;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

public class RolloutMathTests
{
    private static Deployment Deployment(int replicas, IntOrString surge, IntOrString unavailable) => new()
    {
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = surge, MaxUnavailable = unavailable } },
        },
    };

    [Theory]
    [InlineData(10, "25%", "25%", 3, 2)]
    [InlineData(1, "25%", "25%", 1, 0)]
    [InlineData(4, "50%", "50%", 2, 2)]
    [InlineData(3, "10%", "90%", 1, 2)]
    public void Surge_rounds_up_and_unavailable_rounds_down(int replicas, string surge, string unavailable, int expectedSurge, int expectedUnavailable) =>
        Assert.Equal((expectedSurge, expectedUnavailable), RolloutMath.ResolveFenceposts(Deployment(replicas, surge, unavailable)));

    [Fact]
    public void Zero_surge_and_zero_unavailable_allow_one_unavailable_pod() =>
        Assert.Equal((0, 1), RolloutMath.ResolveFenceposts(Deployment(3, 0, 0)));

    [Fact]
    public void The_new_replica_set_grows_only_up_to_replicas_plus_surge_in_total()
    {
        var d = Deployment(3, 1, 0);
        var old = new ReplicaSet { Spec = new ReplicaSetSpec { Replicas = 3 } };
        var fresh = new ReplicaSet { Spec = new ReplicaSetSpec { Replicas = 0 } };
        Assert.Equal(1, RolloutMath.NewReplicaSetReplicas(d, [old, fresh], fresh));
        var grown = fresh with { Spec = new ReplicaSetSpec { Replicas = 1 } };
        Assert.Equal(1, RolloutMath.NewReplicaSetReplicas(d, [old, grown], grown));
    }
}
