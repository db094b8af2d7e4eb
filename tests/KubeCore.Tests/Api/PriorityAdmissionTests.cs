using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Tests.Api;

public class PriorityAdmissionTests : ClusterTest
{
    [Fact]
    public async Task Pod_priority_comes_from_its_PriorityClass_or_the_global_default_or_zero()
    {
        Assert.Equal(0, (await Client.Pods("default").CreateAsync(Pod("plain"))).Spec!.Priority);

        await Client.Resource<PriorityClass>().CreateAsync(new PriorityClass { Metadata = new ObjectMeta { Name = "high" }, Value = 1000 });
        var high = Pod("high") with { Spec = Pod("high").Spec! with { PriorityClassName = "high" } };
        var created = await Client.Pods("default").CreateAsync(high);
        Assert.Equal(1000, created.Spec!.Priority);
        Assert.Equal("PreemptLowerPriority", created.Spec.PreemptionPolicy);

        await Client.Resource<PriorityClass>().CreateAsync(new PriorityClass { Metadata = new ObjectMeta { Name = "standard" }, Value = 10, GlobalDefault = true });
        var defaulted = await Client.Pods("default").CreateAsync(Pod("defaulted"));
        Assert.Equal((10, "standard"), (defaulted.Spec!.Priority, defaulted.Spec.PriorityClassName));

        var critical = Pod("critical") with { Spec = Pod("critical").Spec! with { PriorityClassName = "system-node-critical" } };
        Assert.Equal(2_000_001_000, (await Client.Pods("default").CreateAsync(critical)).Spec!.Priority);
    }

    [Fact]
    public async Task An_unknown_PriorityClass_or_a_hand_set_priority_is_Forbidden()
    {
        var unknown = Pod("a") with { Spec = Pod("a").Spec! with { PriorityClassName = "nope" } };
        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Client.Pods("default").CreateAsync(unknown));
        Assert.Contains("no PriorityClass with name nope was found", e.Status.Message);

        var forged = Pod("b") with { Spec = Pod("b").Spec! with { Priority = 5 } };
        await Assert.ThrowsAsync<ForbiddenException>(() => Client.Pods("default").CreateAsync(forged));
    }
}
