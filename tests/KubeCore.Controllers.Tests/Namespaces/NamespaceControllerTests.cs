using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Namespaces;

public sealed class NamespaceControllerTests : ControllersTest
{
    [Fact]
    public async Task Deleting_a_namespace_removes_its_contents_and_then_the_namespace()
    {
        await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });
        await Client.ReplicaSets("shop").CreateAsync(ReplicaSet(replicas: 2));
        await Client.ConfigMaps("shop").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "settings" } });
        await Client.Secrets("shop").CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "token" } });
        await WaitForPodsAsync(2, "shop");

        var terminating = await Client.Namespaces().DeleteAsync("shop");
        Assert.Equal("Terminating", terminating.Status?.Phase);

        await Eventually(async () => await Client.Namespaces().TryGetAsync("shop") is null, "the namespace is gone", TimeSpan.FromMilliseconds(500));
        Assert.Empty((await Client.Pods("shop").ListAsync()).Items);
        Assert.Empty((await Client.ReplicaSets("shop").ListAsync()).Items);
        Assert.Empty((await Client.ConfigMaps("shop").ListAsync()).Items);
        Assert.Empty((await Client.Secrets("shop").ListAsync()).Items);
    }

    [Fact]
    public async Task A_namespace_that_is_not_being_deleted_is_left_alone()
    {
        await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "keep" } });
        await Client.ConfigMaps("keep").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "settings" } });
        for (var i = 0; i < 10; i++) { Time.Advance(TimeSpan.FromSeconds(1)); await Task.Yield(); }

        Assert.NotNull(await Client.ConfigMaps("keep").TryGetAsync("settings"));
        Assert.Null((await Client.Namespaces().GetAsync("keep")).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task A_Terminating_namespace_waits_for_content_held_by_a_finalizer_and_says_what_remains()
    {
        await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "held" } });
        await Client.ConfigMaps("held").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "settings", Finalizers = ["example.com/hold"] } });

        await Client.Namespaces().DeleteAsync("held");

        await Eventually(async () => (await Client.Namespaces().GetAsync("held")).Status?.Conditions?.Any(c => c.Type == "NamespaceContentRemaining") == true,
            "the namespace reports remaining content", TimeSpan.FromMilliseconds(500));
        var remaining = (await Client.Namespaces().GetAsync("held")).Status!.Conditions!.Single(c => c.Type == "NamespaceContentRemaining");
        Assert.Equal("Some resources are remaining: configmaps. has 1 resource instances", remaining.Message);
        Assert.NotNull((await Client.ConfigMaps("held").GetAsync("settings")).Metadata.DeletionTimestamp);

        await Client.ConfigMaps("held").UpdateWithRetryAsync("settings", c => c with { Metadata = c.Metadata with { Finalizers = null } });

        await Eventually(async () => await Client.Namespaces().TryGetAsync("held") is null, "the namespace is gone", TimeSpan.FromMilliseconds(500));
    }
}
