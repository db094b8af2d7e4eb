using KubeCore.Api;
using KubeCore.Client;

namespace KubeCore.Tests.Api;

public class BindingTests : ClusterTest
{
    [Fact]
    public async Task Binding_assigns_the_node_and_marks_the_pod_scheduled()
    {
        await Client.Pods("default").CreateAsync(Pod("p"));

        var bound = await Client.Pods("default").BindAsync("p", "node-1");

        Assert.Equal("node-1", bound.Spec!.NodeName);
        var scheduled = Assert.Single(bound.Status!.Conditions!, c => c.Type == "PodScheduled");
        Assert.Equal("True", scheduled.Status);
        Assert.Equal("Pending", bound.Status.Phase);
    }

    [Fact]
    public async Task Binding_an_already_bound_pod_is_a_Conflict()
    {
        await Client.Pods("default").CreateAsync(Pod("p", node: "node-1"));

        var e = await Assert.ThrowsAsync<ConflictException>(() => Client.Pods("default").BindAsync("p", "node-2"));

        Assert.Contains("pod p is already assigned to node \"node-1\"", e.Status.Message);
    }
}
