using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.GarbageCollection;

public sealed class GarbageCollectorTests : ControllersTest
{
    [Fact]
    public async Task Background_delete_of_a_ReplicaSet_removes_its_pods()
    {
        await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 3));
        await WaitForPodsAsync(3);

        await Client.ReplicaSets("default").DeleteAsync("web", new DeleteOptions { PropagationPolicy = PropagationPolicy.Background });

        await Eventually(async () => (await Client.Pods("default").ListAsync("app=web")).Items.Count == 0, "every pod is gone");
    }

    [Fact]
    public async Task Foreground_delete_keeps_the_ReplicaSet_until_its_pods_are_gone()
    {
        await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 2));
        var pods = await WaitForPodsAsync(2);
        var held = pods[0].Metadata.Name!;
        await Client.Pods("default").UpdateWithRetryAsync(held, p => p with { Metadata = p.Metadata with { Finalizers = ["example.com/hold"] } });

        await Client.ReplicaSets("default").DeleteAsync("web", new DeleteOptions { PropagationPolicy = PropagationPolicy.Foreground });

        await Eventually(async () => (await Client.Pods("default").ListAsync("app=web")).Items is [{ Metadata.DeletionTimestamp: not null } only] && only.Metadata.Name == held,
            "only the held pod is left, terminating");
        var rs = await Client.ReplicaSets("default").GetAsync("web");
        Assert.NotNull(rs.Metadata.DeletionTimestamp);
        Assert.Contains(KubeApi.ForegroundDeletionFinalizer, rs.Metadata.Finalizers!);

        await Client.Pods("default").UpdateWithRetryAsync(held, p => p with
        {
            Metadata = p.Metadata with { Finalizers = [.. p.Metadata.Finalizers!.Where(f => f != "example.com/hold")] },
        });

        await Eventually(async () => await Client.ReplicaSets("default").TryGetAsync("web") is null, "the ReplicaSet is gone");
        Assert.Empty((await Client.Pods("default").ListAsync("app=web")).Items);
    }

    [Fact]
    public async Task Orphan_delete_leaves_the_pods_without_owner_references()
    {
        await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 2));
        await WaitForPodsAsync(2);

        await Client.ReplicaSets("default").DeleteAsync("web", new DeleteOptions { PropagationPolicy = PropagationPolicy.Orphan });

        await Eventually(async () => await Client.ReplicaSets("default").TryGetAsync("web") is null, "the ReplicaSet is gone");
        var pods = (await Client.Pods("default").ListAsync("app=web")).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.True(p.Metadata.OwnerReferences is null or { Count: 0 }));
    }

    [Fact]
    public async Task A_dependent_whose_only_owner_does_not_exist_is_deleted_and_one_with_a_live_owner_keeps_it()
    {
        var owner = await Client.ConfigMaps("default").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "owner" } });
        OwnerReference Ref(string name, string uid) => new() { ApiVersion = "v1", Kind = "ConfigMap", Name = name, Uid = uid };
        await Client.Secrets("default").CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "dangling", OwnerReferences = [Ref("ghost", "no-such-uid")] } });
        await Client.Secrets("default").CreateAsync(new Secret
        {
            Metadata = new ObjectMeta { Name = "shared", OwnerReferences = [Ref("ghost", "no-such-uid"), Ref("owner", owner.Metadata.Uid!)] },
        });

        await Eventually(async () => await Client.Secrets("default").TryGetAsync("dangling") is null, "the dangling secret is collected");
        await Eventually(async () => (await Client.Secrets("default").GetAsync("shared")).Metadata.OwnerReferences is [{ Name: "owner" }],
            "the shared secret keeps only its live owner");
    }
}
