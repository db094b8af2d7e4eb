using System.Text.Json;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.Apply;

/// <summary>
/// managedFields on ordinary writes. Expected field sets follow kube-apiserver's output for the same requests (maps such
/// as labels and data get a "." member when a write adds them; list items are keyed by their merge key).
/// </summary>
public class ManagedFieldsTests : ClusterTest
{
    private static ConfigMap TestConfigMap(string value = "some value") => new()
    {
        Metadata = new ObjectMeta { Name = "test-cm", Labels = new Dictionary<string, string> { ["test-label"] = "test" } },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    [Fact]
    public async Task Create_records_one_Update_entry_owning_every_field_sent()
    {
        var created = await Client.ConfigMaps("default").CreateAsync(TestConfigMap(), new CreateOptions { FieldManager = "kubectl-create" });

        var entry = Assert.Single(created.Metadata.ManagedFields!);
        Assert.Equal("kubectl-create", entry.Manager);
        Assert.Equal(ManagedFieldsOperation.Update, entry.Operation);
        Assert.Equal("v1", entry.ApiVersion);
        Assert.Equal("FieldsV1", entry.FieldsType);
        Assert.Null(entry.Subresource);
        Assert.Equal(KubeTime.Now(Time), entry.Time);
        Assert.Equal("""{"f:data":{".":{},"f:key":{}},"f:metadata":{"f:labels":{".":{},"f:test-label":{}}}}""", entry.FieldsV1!.ToString());
    }

    [Fact]
    public async Task Writes_without_a_field_manager_are_attributed_to_kubecore()
    {
        var created = await Client.ConfigMaps("default").CreateAsync(TestConfigMap());

        Assert.Equal("kubecore", Assert.Single(created.Metadata.ManagedFields!).Manager);
    }

    [Fact]
    public async Task ManagedFields_serialize_in_the_wire_format_and_round_trip()
    {
        var created = await Client.ConfigMaps("default").CreateAsync(TestConfigMap(), new CreateOptions { FieldManager = "kubectl-create" });

        var json = KubeJson.Serialize(created);
        using var doc = JsonDocument.Parse(json);
        var wire = doc.RootElement.GetProperty("metadata").GetProperty("managedFields")[0];
        Assert.Equal("kubectl-create", wire.GetProperty("manager").GetString());
        Assert.Equal("2026-01-02T03:04:05Z", wire.GetProperty("time").GetString());
        Assert.Equal(JsonValueKind.Object, wire.GetProperty("fieldsV1").GetProperty("f:data").ValueKind);
        Assert.Equal(json, KubeJson.Serialize(KubeJson.Deserialize(json)));
    }

    [Fact]
    public async Task An_update_by_another_manager_takes_the_fields_it_changes()
    {
        // The docs' example: kubectl applied the label and the data; a controller then changes data.key with an update.
        await Client.ConfigMaps("default").ServerSideApplyAsync(TestConfigMap(), "kubectl");
        Time.Advance(TimeSpan.FromMinutes(1));

        var updated = await Client.ConfigMaps("default").UpdateAsync(
            (await Client.ConfigMaps("default").GetAsync("test-cm")) with { Data = new Dictionary<string, string> { ["key"] = "new value" } },
            new UpdateOptions { FieldManager = "kube-controller-manager" });

        var entries = updated.Metadata.ManagedFields!;
        Assert.Equal(2, entries.Count);
        Assert.Equal(("kubectl", "Apply", """{"f:metadata":{"f:labels":{"f:test-label":{}}}}"""),
            (entries[0].Manager, entries[0].Operation, entries[0].FieldsV1!.ToString()));
        Assert.Equal(("kube-controller-manager", "Update", "v1", """{"f:data":{"f:key":{}}}"""),
            (entries[1].Manager, entries[1].Operation, entries[1].ApiVersion, entries[1].FieldsV1!.ToString()));
        Assert.Equal(KubeTime.Now(Time), entries[1].Time);
    }

    [Fact]
    public async Task Consecutive_updates_by_one_manager_merge_into_one_entry_with_the_latest_time()
    {
        var cms = Client.ConfigMaps("default");
        var created = await cms.CreateAsync(TestConfigMap(), new CreateOptions { FieldManager = "ctl" });
        Time.Advance(TimeSpan.FromSeconds(30));

        var updated = await cms.UpdateAsync(created with
        {
            Metadata = created.Metadata with { Labels = null },
            Data = new Dictionary<string, string> { ["key"] = "v", ["other"] = "w" },
        }, new UpdateOptions { FieldManager = "ctl" });

        var entry = Assert.Single(updated.Metadata.ManagedFields!);
        Assert.Equal(KubeTime.Now(Time), entry.Time);
        Assert.Equal("""{"f:data":{".":{},"f:key":{},"f:other":{}}}""", entry.FieldsV1!.ToString());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_entry_time()
    {
        var cms = Client.ConfigMaps("default");
        var created = await cms.CreateAsync(TestConfigMap(), new CreateOptions { FieldManager = "ctl" });
        Time.Advance(TimeSpan.FromSeconds(30));

        var same = await cms.UpdateAsync(created, new UpdateOptions { FieldManager = "other" });

        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
        Assert.Equal(("ctl", created.Metadata.CreationTimestamp), (Assert.Single(same.Metadata.ManagedFields!).Manager, Assert.Single(same.Metadata.ManagedFields!).Time));
    }

    [Fact]
    public async Task A_merge_patch_takes_what_it_changes_and_leaves_the_creator_the_rest()
    {
        await Client.Deployments("default").CreateAsync(Deployment("web"), new CreateOptions { FieldManager = "kubectl-create" });

        var patched = await Client.Deployments("default").PatchAsync("web", PatchType.MergePatch, """{"spec":{"replicas":5}}""",
            new PatchOptions { FieldManager = "kubectl-scale" });

        var byManager = patched.Metadata.ManagedFields!.ToDictionary(e => e.Manager!);
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", byManager["kubectl-scale"].FieldsV1!.ToString());
        Assert.DoesNotContain("f:replicas", byManager["kubectl-create"].FieldsV1!.ToString());
        Assert.Contains("""k:{\"name\":\"web\"}""", byManager["kubectl-create"].FieldsV1!.ToString());
    }

    [Fact]
    public async Task Status_and_scale_writes_get_entries_of_their_subresource()
    {
        var deployments = Client.Deployments("default");
        var created = await deployments.CreateAsync(Deployment("web"), new CreateOptions { FieldManager = "kubectl-create" });

        await deployments.UpdateStatusAsync(created with { Status = new DeploymentStatus { ObservedGeneration = 1 } },
            new UpdateOptions { FieldManager = "deployment-controller" });
        await deployments.ScaleAsync("web", 4);
        var stored = await deployments.GetAsync("web");

        var status = stored.Metadata.ManagedFields!.Single(e => e.Subresource == "status");
        Assert.Equal(("deployment-controller", "Update", """{"f:status":{"f:observedGeneration":{}}}"""),
            (status.Manager, status.Operation, status.FieldsV1!.ToString()));
        var scale = stored.Metadata.ManagedFields!.Single(e => e.Subresource == "scale");
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", scale.FieldsV1!.ToString());
        var creator = stored.Metadata.ManagedFields!.Single(e => e.Manager == "kubectl-create");
        Assert.DoesNotContain("f:status", creator.FieldsV1!.ToString());
        Assert.DoesNotContain("f:replicas", creator.FieldsV1!.ToString());
    }

    [Fact]
    public async Task Fields_a_binding_set_are_not_owned_by_the_next_writer()
    {
        var pods = Client.Pods("default");
        await pods.CreateAsync(Pod("p"), new CreateOptions { FieldManager = "ctl" });
        await Client.Api.BindAsync("default", "p", new Binding { Metadata = new ObjectMeta { Name = "p" }, Target = new ObjectReference { Kind = "Node", Name = "node-1" } });

        var bound = await pods.GetAsync("p");
        var updated = await pods.UpdateAsync(bound with { Metadata = bound.Metadata with { Labels = new Dictionary<string, string> { ["a"] = "b" } } },
            new UpdateOptions { FieldManager = "ctl" });

        var fields = Assert.Single(updated.Metadata.ManagedFields!).FieldsV1!.ToString();
        Assert.Contains("f:a", fields);
        Assert.DoesNotContain("f:nodeName", fields);
    }

    [Fact]
    public async Task A_field_manager_longer_than_128_characters_is_Invalid()
    {
        var e = await Assert.ThrowsAsync<InvalidException>(() =>
            Client.ConfigMaps("default").CreateAsync(TestConfigMap(), new CreateOptions { FieldManager = new string('m', 129) }));

        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes", e.Status.Message);
    }

    [Fact]
    public async Task Force_on_a_non_apply_patch_is_Invalid()
    {
        await Client.ConfigMaps("default").CreateAsync(TestConfigMap());

        var e = await Assert.ThrowsAsync<InvalidException>(() => Client.ConfigMaps("default").PatchAsync("test-cm", PatchType.MergePatch,
            """{"data":{"key":"x"}}""", new PatchOptions { Force = true }));

        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", e.Status.Message);
    }
}
