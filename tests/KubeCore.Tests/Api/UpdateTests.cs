using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Tests.Api;

public class UpdateTests : ClusterTest
{
    [Fact]
    public async Task Update_with_stale_resourceVersion_is_rejected_with_Conflict()
    {
        var v1 = await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        await Client.ConfigMaps("default").UpdateAsync(v1 with { Data = new Dictionary<string, string> { ["key"] = "2" } });

        var e = await Assert.ThrowsAsync<ConflictException>(() =>
            Client.ConfigMaps("default").UpdateAsync(v1 with { Data = new Dictionary<string, string> { ["key"] = "3" } }));

        Assert.Equal(409, e.Code);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again", e.Status.Message);
        Assert.Equal("2", (await Client.ConfigMaps("default").GetAsync("c")).Data!["key"]);
    }

    [Fact]
    public async Task Update_without_resourceVersion_is_last_write_wins()
    {
        var v1 = await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        await Client.ConfigMaps("default").UpdateAsync(v1 with { Data = new Dictionary<string, string> { ["key"] = "2" } });

        var unconditional = v1 with { Metadata = v1.Metadata with { ResourceVersion = null }, Data = new Dictionary<string, string> { ["key"] = "3" } };
        var result = await Client.ConfigMaps("default").UpdateAsync(unconditional);

        Assert.Equal("3", result.Data!["key"]);
    }

    [Fact]
    public async Task Update_advances_resourceVersion_and_keeps_server_owned_metadata()
    {
        var v1 = await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        var forged = v1 with { Metadata = v1.Metadata with { Uid = "forged", CreationTimestamp = KubeTime.Parse("2000-01-01T00:00:00Z") }, Data = new Dictionary<string, string> { ["key"] = "2" } };

        var v2 = await Client.ConfigMaps("default").UpdateAsync(forged);

        Assert.True(long.Parse(v2.Metadata.ResourceVersion!) > long.Parse(v1.Metadata.ResourceVersion!));
        Assert.Equal(v1.Metadata.Uid, v2.Metadata.Uid);
        Assert.Equal(v1.Metadata.CreationTimestamp, v2.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task Generation_is_bumped_on_spec_changes_only()
    {
        var d = await Client.Deployments("default").CreateAsync(Deployment("web"));
        var labelled = await Client.Deployments("default").UpdateAsync(d with { Metadata = d.Metadata with { Labels = new Dictionary<string, string> { ["tier"] = "fe" } } });
        Assert.Equal(1, labelled.Metadata.Generation);

        var scaled = await Client.Deployments("default").UpdateAsync(labelled with { Spec = labelled.Spec! with { Replicas = 5 } });
        Assert.Equal(2, scaled.Metadata.Generation);
    }

    [Fact]
    public async Task Pods_services_and_nodes_have_no_generation_as_in_kube_apiserver_1_32()
    {
        var pod = await Client.Pods("default").CreateAsync(Pod("p"));
        Assert.Null(pod.Metadata.Generation);
        var changed = await Client.Pods("default").UpdateAsync(pod with { Spec = pod.Spec! with { ActiveDeadlineSeconds = 30 } });
        Assert.Null(changed.Metadata.Generation);
        var deleting = await Client.Pods("default").DeleteAsync("p", new DeleteOptions { GracePeriodSeconds = 30 });
        Assert.Null(deleting.Metadata.Generation);

        Assert.Null((await Client.Services("default").CreateAsync(new Service { Metadata = new ObjectMeta { Name = "s" }, Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] } })).Metadata.Generation);
        Assert.Null((await Client.Nodes().CreateAsync(new Node { Metadata = new ObjectMeta { Name = "n" } })).Metadata.Generation);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resourceVersion()
    {
        var v1 = await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        var same = await Client.ConfigMaps("default").UpdateAsync(v1);
        Assert.Equal(v1.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Main_resource_update_ignores_status_and_status_update_changes_only_status()
    {
        var d = await Client.Deployments("default").CreateAsync(Deployment("web"));

        var viaMain = await Client.Deployments("default").UpdateAsync(d with { Status = new DeploymentStatus { Replicas = 3 } });
        Assert.Null(viaMain.Status?.Replicas);

        var viaStatus = await Client.Deployments("default").UpdateStatusAsync(viaMain with
        {
            Spec = viaMain.Spec! with { Replicas = 9 },
            Status = new DeploymentStatus { Replicas = 3, ObservedGeneration = 1 },
        });
        Assert.Equal(3, viaStatus.Status!.Replicas);
        Assert.Equal(2, viaStatus.Spec!.Replicas);
        Assert.Equal(1, viaStatus.Metadata.Generation);
    }

    [Fact]
    public async Task Update_of_a_missing_object_is_NotFound()
    {
        var e = await Assert.ThrowsAsync<NotFoundException>(() => Client.ConfigMaps("default").UpdateAsync(ConfigMap("ghost")));
        Assert.Equal("configmaps \"ghost\" not found", e.Status.Message);
    }

    [Fact]
    public async Task Concurrent_read_modify_write_with_retries_loses_no_update()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("counter", value: "0"));
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
                await Client.ConfigMaps("default").UpdateWithRetryAsync("counter", c =>
                    c with { Data = new Dictionary<string, string> { ["key"] = (int.Parse(c.Data!["key"]) + 1).ToString() } });
        }));
        await Task.WhenAll(writers);

        Assert.Equal("200", (await Client.ConfigMaps("default").GetAsync("counter")).Data!["key"]);
    }

    [Fact]
    public async Task Scale_subresource_sets_replicas_and_bumps_generation()
    {
        await Client.Deployments("default").CreateAsync(Deployment("web", replicas: 2));

        var scale = await Client.Deployments("default").ScaleAsync("web", 5);

        Assert.Equal(5, scale.Spec!.Replicas);
        Assert.Equal("app=web", scale.Status!.Selector);
        var d = await Client.Deployments("default").GetAsync("web");
        Assert.Equal(5, d.Spec!.Replicas);
        Assert.Equal(2, d.Metadata.Generation);
        await Assert.ThrowsAsync<InvalidException>(() => Client.Deployments("default").ScaleAsync("web", -1));
    }
}
