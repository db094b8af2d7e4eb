using KubeCore.Models;

namespace KubeCore.Tests.Api;

public class DefaultTolerationSecondsAdmissionTests : ClusterTest
{
    [Fact]
    public async Task A_new_pod_tolerates_not_ready_and_unreachable_for_300_seconds()
    {
        var created = await Client.Pods("default").CreateAsync(Pod("plain"));

        Assert.Collection(created.Spec!.Tolerations!,
            t => Assert.Equal(("node.kubernetes.io/not-ready", "Exists", "NoExecute", 300L), (t.Key, t.Operator, t.Effect, t.TolerationSeconds!.Value)),
            t => Assert.Equal(("node.kubernetes.io/unreachable", "Exists", "NoExecute", 300L), (t.Key, t.Operator, t.Effect, t.TolerationSeconds!.Value)));
    }

    [Fact]
    public async Task A_pod_that_already_tolerates_a_taint_keeps_its_own_toleration()
    {
        var own = Pod("own") with
        {
            Spec = Pod("own").Spec! with
            {
                Tolerations = [new Toleration { Key = "node.kubernetes.io/unreachable", Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 30 }],
            },
        };
        var created = await Client.Pods("default").CreateAsync(own);
        Assert.Equal(2, created.Spec!.Tolerations!.Count);
        Assert.Equal(30, created.Spec.Tolerations.Single(t => t.Key == "node.kubernetes.io/unreachable").TolerationSeconds);
        Assert.Equal(300, created.Spec.Tolerations.Single(t => t.Key == "node.kubernetes.io/not-ready").TolerationSeconds);

        // A toleration of every taint (empty key, Exists) covers both: nothing is added.
        var everything = Pod("everything") with { Spec = Pod("everything").Spec! with { Tolerations = [new Toleration { Operator = "Exists" }] } };
        Assert.Single((await Client.Pods("default").CreateAsync(everything)).Spec!.Tolerations!);
    }
}
