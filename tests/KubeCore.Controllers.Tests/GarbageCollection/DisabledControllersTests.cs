using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.GarbageCollection;

public sealed class DisabledControllersTests
{
    [Fact]
    public async Task Switched_off_controllers_do_not_run_while_the_others_do()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(time)
            .AddBuiltInControllers(o => o.GarbageCollector = false)
            .StartAsync();
        var owner = await cluster.Client.ConfigMaps("default").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "owner" } });
        await cluster.Client.Secrets("default").CreateAsync(new Secret
        {
            Metadata = new ObjectMeta { Name = "dependent", OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid! }] },
        });
        await cluster.Client.ReplicaSets("default").CreateAsync(new ReplicaSet
        {
            Metadata = new ObjectMeta { Name = "web" },
            Spec = new ReplicaSetSpec
            {
                Replicas = 1,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] },
                },
            },
        });

        await cluster.Client.ConfigMaps("default").DeleteAsync("owner");
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while ((await cluster.Client.Pods("default").ListAsync()).Items.Count == 0) // the ReplicaSet controller still runs
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "timed out waiting for the ReplicaSet's pod");
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        time.Advance(TimeSpan.FromMinutes(1)); // several garbage-collector resync periods

        Assert.NotNull(await cluster.Client.Secrets("default").TryGetAsync("dependent"));
    }
}
