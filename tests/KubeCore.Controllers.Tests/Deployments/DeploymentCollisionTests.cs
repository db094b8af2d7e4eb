using KubeCore.Controllers.Deployments;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

public class DeploymentCollisionTests : DeploymentTestBase
{
    [Fact]
    public async Task A_foreign_replica_set_with_the_hashed_name_bumps_collisionCount_and_the_next_hash_is_used()
    {
        var d = NewDeployment("web", replicas: 1);
        var created = await Client.Deployments(Ns).CreateAsync(d with { Spec = d.Spec! with { Paused = true } });
        var taken = "web-" + PodTemplateHasher.ComputeHash(created.Spec!.Template);
        var otherLabels = new Dictionary<string, string> { ["app"] = "other" };
        await Client.ReplicaSets(Ns).CreateAsync(new ReplicaSet
        {
            Metadata = new ObjectMeta { Name = taken, Namespace = Ns },
            Spec = new ReplicaSetSpec
            {
                Replicas = 0,
                Selector = new LabelSelector { MatchLabels = otherLabels },
                Template = Template("other", "busybox") with { Metadata = new ObjectMeta { Labels = otherLabels } },
            },
        });

        await ChangeAsync("web", x => x with { Spec = x.Spec! with { Paused = false } });

        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 2, "the deployment's replica set exists");
        Assert.Equal(1, (await GetAsync("web")).Status!.CollisionCount);
        var mine = (await ReplicaSetsAsync()).Single(rs => rs.Metadata.Name != taken);
        Assert.Equal("web-" + PodTemplateHasher.ComputeHash(created.Spec.Template, collisionCount: 1), mine.Metadata.Name);
        Assert.Equal(created.Metadata.Uid, mine.Metadata.OwnerReferences!.Single().Uid);
    }
}
