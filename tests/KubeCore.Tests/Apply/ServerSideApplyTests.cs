using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.Apply;

/// <summary>Server-side apply through the API, as <c>kubectl apply --server-side</c> sends it (PATCH application/apply-patch+yaml).</summary>
public class ServerSideApplyTests : ClusterTest
{
    private const string TestConfigMap = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm","namespace":"default","labels":{"test-label":"test"}},
         "data":{"key":"some value"}}
        """;

    private static string WebDeployment(int replicas = 3, string containers = """[{"name":"nginx","image":"nginx:1.27"}]""") =>
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":""" + replicas +
        ""","selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":""" + containers +
        "}}}}";

    private Task<T> Apply<T>(KubeCore.Client.ResourceClient<T> client, string name, string body, string manager, bool force = false, bool dryRun = false,
        string subresource = "") where T : KubeObject =>
        subresource.Length == 0
            ? client.PatchAsync(name, PatchType.Apply, body, new PatchOptions { FieldManager = manager, Force = force, DryRun = dryRun })
            : client.PatchStatusAsync(name, PatchType.Apply, body, new PatchOptions { FieldManager = manager, Force = force, DryRun = dryRun });

    private static string FieldsOf(KubeObject obj, string manager, string operation = "Apply") =>
        obj.Metadata.ManagedFields!.Single(e => e.Manager == manager && e.Operation == operation).FieldsV1!.ToString();

    [Fact]
    public async Task Apply_creates_a_missing_object_owning_exactly_the_fields_sent()
    {
        var created = await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap, "kubectl");

        Assert.Equal("some value", created.Data!["key"]);
        var entry = Assert.Single(created.Metadata.ManagedFields!);
        Assert.Equal(("kubectl", "Apply", "v1", "FieldsV1", KubeTime.Now(Time)), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType, entry.Time));
        // The example of the Server-Side Apply documentation.
        Assert.Equal("""{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:test-label":{}}}}""", entry.FieldsV1!.ToString());
    }

    [Fact]
    public async Task Applying_the_same_configuration_again_changes_nothing()
    {
        var first = await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap, "kubectl");
        Time.Advance(TimeSpan.FromMinutes(5));

        var second = await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap, "kubectl");

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(first.Metadata.ManagedFields![0].Time, second.Metadata.ManagedFields![0].Time);
    }

    [Fact]
    public async Task Apply_merges_into_the_live_object_and_keeps_fields_it_does_not_mention()
    {
        await Client.ConfigMaps("default").CreateAsync(new ConfigMap
        {
            Metadata = new ObjectMeta { Name = "test-cm", Annotations = new Dictionary<string, string> { ["note"] = "keep" } },
            Data = new Dictionary<string, string> { ["other"] = "x" },
        }, new CreateOptions { FieldManager = "creator" });

        var applied = await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap, "kubectl");

        Assert.Equal(new Dictionary<string, string> { ["other"] = "x", ["key"] = "some value" }, applied.Data);
        Assert.Equal("keep", applied.Metadata.Annotations!["note"]);
        Assert.Equal("test", applied.Metadata.Labels!["test-label"]);
        Assert.Equal("""{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:test-label":{}}}}""", FieldsOf(applied, "kubectl"));
        Assert.Contains("f:other", FieldsOf(applied, "creator", "Update"));
    }

    [Fact]
    public async Task Fields_dropped_from_the_configuration_are_removed()
    {
        await Apply(Client.ConfigMaps("default"), "test-cm", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm","labels":{"a":"1","b":"2"}},"data":{"k1":"v","k2":"v"}}
            """, "kubectl");

        var applied = await Apply(Client.ConfigMaps("default"), "test-cm", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm","labels":{"a":"1"}},"data":{"k1":"v"}}
            """, "kubectl");

        Assert.Equal(["a"], applied.Metadata.Labels!.Keys);
        Assert.Equal(["k1"], applied.Data!.Keys);
        Assert.Equal("""{"f:data":{"f:k1":{}},"f:metadata":{"f:labels":{"f:a":{}}}}""", FieldsOf(applied, "kubectl"));
    }

    [Fact]
    public async Task A_dropped_field_another_manager_also_applied_stays_and_is_theirs_alone()
    {
        await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap, "kubectl");
        await Apply(Client.ConfigMaps("default"), "test-cm", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm"},"data":{"key":"some value"}}""", "helm");

        var applied = await Apply(Client.ConfigMaps("default"), "test-cm",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm","labels":{"test-label":"test"}}}""", "kubectl");

        Assert.Equal("some value", applied.Data!["key"]);
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:test-label":{}}}}""", FieldsOf(applied, "kubectl"));
        Assert.Equal("""{"f:data":{"f:key":{}}}""", FieldsOf(applied, "helm"));
    }

    [Fact]
    public async Task Changing_a_field_another_manager_owns_is_a_409_Conflict_with_kube_apiservers_status()
    {
        await Client.Deployments("default").CreateAsync(Deployment("web"), new CreateOptions { FieldManager = "kubectl-client-side-apply" });

        var e = await Assert.ThrowsAsync<ConflictException>(() => Apply(Client.Deployments("default"), "web", WebDeployment(replicas: 3, containers: """[{"name":"web","image":"nginx:1.27"}]"""), "kubectl"));

        Assert.Equal(409, e.Status.Code);
        Assert.Equal("Conflict", e.Status.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", e.Status.Message);
        var cause = Assert.Single(e.Status.Details!.Causes!);
        Assert.Equal(("FieldManagerConflict", "conflict with \"kubectl-client-side-apply\" using apps/v1", ".spec.replicas"), (cause.Reason, cause.Message, cause.Field));
        Assert.Equal(2, (await Client.Deployments("default").GetAsync("web")).Spec!.Replicas);
    }

    [Fact]
    public async Task Conflicts_on_several_fields_are_listed_per_manager()
    {
        await Apply(Client.ConfigMaps("default"), "test-cm", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm"},"data":{"a":"1","b":"2"}}
            """, "helm");

        var e = await Assert.ThrowsAsync<ConflictException>(() => Apply(Client.ConfigMaps("default"), "test-cm", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm"},"data":{"a":"x","b":"y"}}
            """, "kubectl"));

        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"helm\":\n- .data.a\n- .data.b", e.Status.Message);
        Assert.Equal([".data.a", ".data.b"], e.Status.Details!.Causes!.Select(c => c.Field));
    }

    [Fact]
    public async Task Force_takes_ownership_of_the_conflicting_fields()
    {
        await Client.Deployments("default").CreateAsync(Deployment("web"), new CreateOptions { FieldManager = "kubectl-client-side-apply" });

        var applied = await Apply(Client.Deployments("default"), "web", WebDeployment(replicas: 3, containers: """[{"name":"web","image":"nginx:1.27"}]"""), "kubectl", force: true);

        Assert.Equal(3, applied.Spec!.Replicas);
        Assert.Contains("\"f:replicas\":{}", FieldsOf(applied, "kubectl"));
        Assert.DoesNotContain("f:replicas", FieldsOf(applied, "kubectl-client-side-apply", "Update"));
    }

    [Fact]
    public async Task Two_managers_share_the_containers_list_by_name()
    {
        var deployments = Client.Deployments("default");
        await Apply(deployments, "web", WebDeployment(containers: """[{"name":"app","image":"app:1"}]"""), "team-a");

        var both = await Apply(deployments, "web", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"proxy:1"}]}}}}
            """, "mesh-injector");

        Assert.Equal(["app", "sidecar"], both.Spec!.Template!.Spec!.Containers!.Select(c => c.Name));
        Assert.Equal("""{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"sidecar\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""",
            FieldsOf(both, "mesh-injector"));
        Assert.Contains("""{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}""", FieldsOf(both, "team-a"));

        // team-a updates its own container: no conflict with the sidecar's owner, and the sidecar stays.
        var updated = await Apply(deployments, "web", WebDeployment(containers: """[{"name":"app","image":"app:2"}]"""), "team-a");
        Assert.Equal([("app", "app:2"), ("sidecar", "proxy:1")], updated.Spec!.Template!.Spec!.Containers!.Select(c => (c.Name, c.Image)));

        // mesh-injector withdraws its container: it is removed, since nobody else owns it.
        var withdrawn = await Apply(deployments, "web", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[]}}}}
            """, "mesh-injector");
        Assert.Equal(["app"], withdrawn.Spec!.Template!.Spec!.Containers!.Select(c => c.Name));
    }

    [Fact]
    public async Task Dry_run_apply_stores_nothing()
    {
        var preview = await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap, "kubectl", dryRun: true);

        Assert.Equal("some value", preview.Data!["key"]);
        Assert.Null(await Client.ConfigMaps("default").TryGetAsync("test-cm"));

        var stored = await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap, "kubectl");
        var changed = await Apply(Client.ConfigMaps("default"), "test-cm", TestConfigMap.Replace("some value", "other"), "kubectl", dryRun: true);
        Assert.Equal("other", changed.Data!["key"]);
        Assert.Equal(stored.Metadata.ResourceVersion, (await Client.ConfigMaps("default").GetAsync("test-cm")).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Apply_to_the_status_subresource_owns_status_fields_only()
    {
        await Apply(Client.Deployments("default"), "web", WebDeployment(), "kubectl");

        var updated = await Apply(Client.Deployments("default"), "web", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":9},"status":{"observedGeneration":1}}
            """, "my-controller", subresource: "status");

        Assert.Equal(1, updated.Status!.ObservedGeneration);
        Assert.Equal(3, updated.Spec!.Replicas);
        var entry = updated.Metadata.ManagedFields!.Single(e => e.Manager == "my-controller");
        Assert.Equal(("Apply", "status", """{"f:status":{"f:observedGeneration":{}}}"""), (entry.Operation, entry.Subresource, entry.FieldsV1!.ToString()));
        Assert.DoesNotContain("f:status", FieldsOf(updated, "kubectl"));
    }

    [Fact]
    public async Task Status_in_an_apply_to_the_object_is_ignored()
    {
        var applied = await Apply(Client.Deployments("default"), "web", WebDeployment().Replace("\"metadata\":{\"name\":\"web\"},", "\"metadata\":{\"name\":\"web\"},\"status\":{\"replicas\":5},"), "kubectl");

        Assert.Null(applied.Status?.Replicas);
        Assert.DoesNotContain("f:status", FieldsOf(applied, "kubectl"));
    }

    [Fact]
    public async Task Bad_apply_requests_are_rejected_with_kube_apiservers_messages()
    {
        var cms = Client.ConfigMaps("default");
        var noManager = await Assert.ThrowsAsync<InvalidException>(() => cms.PatchAsync("test-cm", PatchType.Apply, TestConfigMap));
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", noManager.Status.Message);

        var version = await Assert.ThrowsAsync<BadRequestException>(() => Apply(cms, "test-cm", TestConfigMap.Replace("\"v1\"", "\"v2\""), "kubectl"));
        Assert.Equal("Incorrect version specified in apply patch. Specified patch version: v2, expected: v1", version.Status.Message);

        var managed = await Assert.ThrowsAsync<BadRequestException>(() => Apply(cms, "test-cm",
            TestConfigMap.Replace("\"namespace\":\"default\"", "\"namespace\":\"default\",\"managedFields\":[]"), "kubectl"));
        Assert.Equal("metadata.managedFields must be nil", managed.Status.Message);

        var name = await Assert.ThrowsAsync<BadRequestException>(() => Apply(cms, "other", TestConfigMap, "kubectl"));
        Assert.Equal("the name of the object (test-cm) does not match the name on the URL (other)", name.Status.Message);

        await Assert.ThrowsAsync<BadRequestException>(() => Apply(cms, "test-cm", TestConfigMap.Replace("\"ConfigMap\"", "\"Secret\""), "kubectl"));
        await Assert.ThrowsAsync<NotFoundException>(() => Apply(Client.Deployments("default"), "web", WebDeployment(), "kubectl", subresource: "status"));
    }

    [Fact]
    public async Task The_typed_client_applies_objects_server_side()
    {
        var cms = Client.ConfigMaps("default");
        var created = await cms.ServerSideApplyAsync(new ConfigMap
        {
            Metadata = new ObjectMeta { Name = "test-cm", Labels = new Dictionary<string, string> { ["test-label"] = "test" } },
            Data = new Dictionary<string, string> { ["key"] = "some value" },
        }, "my-tool");

        // A read-modify-apply round trip: server-owned metadata on the object read back is not sent.
        var again = await cms.ServerSideApplyAsync(created with { Data = new Dictionary<string, string> { ["key"] = "v2" } }, "my-tool");

        Assert.Equal("v2", again.Data!["key"]);
        Assert.Equal("""{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:test-label":{}}}}""", FieldsOf(again, "my-tool"));

        var e = await Assert.ThrowsAsync<ConflictException>(() => Client.ServerSideApplyAsync(
            new ConfigMap { Metadata = new ObjectMeta { Name = "test-cm", Namespace = "default" }, Data = new Dictionary<string, string> { ["key"] = "v3" } }, "other-tool"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"my-tool\": .data.key", e.Status.Message);
    }
}
