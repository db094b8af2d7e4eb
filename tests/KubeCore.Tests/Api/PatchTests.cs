using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Tests.Api;

public class PatchTests : ClusterTest
{
    [Fact]
    public async Task Strategic_merge_patch_sets_a_container_image_like_kubectl_set_image()
    {
        await Client.Deployments("default").CreateAsync(Deployment("web"));

        var patched = await Client.Deployments("default").PatchAsync("web", PatchType.StrategicMergePatch,
            """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.28","name":"web"}]}}}}""");

        Assert.Equal("nginx:1.28", patched.Spec!.Template!.Spec!.Containers![0].Image);
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Merge_patch_on_the_scale_like_fields_and_null_deletes_a_key()
    {
        var d = Deployment("web") with { Metadata = Deployment("web").Metadata with { Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } } };
        await Client.Deployments("default").CreateAsync(d);

        var patched = await Client.Deployments("default").PatchAsync("web", PatchType.MergePatch, """{"metadata":{"labels":{"a":null}},"spec":{"replicas":4}}""");

        Assert.Equal(["b"], patched.Metadata.Labels!.Keys);
        Assert.Equal(4, patched.Spec!.Replicas);
    }

    [Fact]
    public async Task Json_patch_replace_on_a_missing_key_acts_as_add_like_kube_apiserver()
    {
        await Client.Nodes().CreateAsync(new Node { Metadata = new ObjectMeta { Name = "node-1" } });

        var cordoned = await Client.Nodes().PatchAsync("node-1", PatchType.JsonPatch, """[{"op":"replace","path":"/spec/unschedulable","value":true}]""");

        Assert.True(cordoned.Spec!.Unschedulable);
    }

    [Fact]
    public async Task A_stale_resourceVersion_in_the_patch_body_is_a_Conflict()
    {
        var v1 = await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        await Client.ConfigMaps("default").PatchAsync("c", PatchType.MergePatch, """{"data":{"key":"2"}}""");

        await Assert.ThrowsAsync<ConflictException>(() => Client.ConfigMaps("default").PatchAsync("c", PatchType.MergePatch,
            $$$"""{"metadata":{"resourceVersion":"{{{v1.Metadata.ResourceVersion}}}"},"data":{"key":"3"}}"""));
    }

    [Fact]
    public async Task A_malformed_patch_is_BadRequest_and_one_that_does_not_apply_is_Invalid()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));

        await Assert.ThrowsAsync<BadRequestException>(() => Client.ConfigMaps("default").PatchAsync("c", PatchType.JsonPatch, """{"op":"add"}"""));
        var e = await Assert.ThrowsAsync<InvalidException>(() => Client.ConfigMaps("default").PatchAsync("c", PatchType.JsonPatch,
            """[{"op":"test","path":"/data/key","value":"other"}]"""));
        Assert.Equal(422, e.Code);
    }

    [Fact]
    public async Task A_patch_producing_an_invalid_object_is_rejected_and_nothing_changes()
    {
        var d = await Client.Deployments("default").CreateAsync(Deployment("web"));
        await Assert.ThrowsAsync<InvalidException>(() => Client.Deployments("default").PatchAsync("web", PatchType.MergePatch, """{"spec":{"replicas":-1}}"""));
        Assert.Equal(d.Metadata.ResourceVersion, (await Client.Deployments("default").GetAsync("web")).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Status_patch_changes_only_status()
    {
        await Client.Deployments("default").CreateAsync(Deployment("web"));
        var patched = await Client.Deployments("default").PatchStatusAsync("web", PatchType.MergePatch, """{"spec":{"replicas":9},"status":{"replicas":2}}""");
        Assert.Equal(2, patched.Status!.Replicas);
        Assert.Equal(2, patched.Spec!.Replicas);
    }

    [Fact]
    public async Task Strategic_merge_patch_on_a_kind_without_a_schema_is_UnsupportedMediaType()
    {
        var crd = new ResourceDefinition
        {
            Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget",
            Namespaced = true, ClrType = typeof(GenericObject), Subresources = ["status"],
        };
        Cluster.Resources.Add(crd);
        var widgets = Client.Resource("example.com/v1", "Widget", "default");
        await widgets.CreateAsync(KubeCore.Serialization.KubeJson.Deserialize("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}"""));

        var e = await Assert.ThrowsAsync<KubeCore.Api.NotSupportedException>(() => widgets.PatchAsync("w", PatchType.StrategicMergePatch, """{"spec":{"size":2}}"""));
        Assert.Equal(415, e.Code);
        var merged = await widgets.PatchAsync("w", PatchType.MergePatch, """{"spec":{"size":2}}""");
        Assert.Equal(2, ((GenericObject)merged).ExtensionData!["spec"].GetProperty("size").GetInt32());
    }
}
