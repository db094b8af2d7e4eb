using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// Server-side apply over HTTP (<c>application/apply-patch+yaml</c>), as kubectl <c>apply --server-side</c> and
/// KubernetesClient's ApplyPatch send it: field ownership in managedFields, 409 conflicts with causes, force.
/// </summary>
public sealed class ServerSideApplyTests : ApiServerTest
{
    private const string Path = "/apis/apps/v1/namespaces/default/deployments/web";

    private static string Deployment(int replicas, string image = "nginx:1.27") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: {{image}}
        """;

    private Task<(int Code, string Body, HttpResponseMessage Response)> ApplyAsync(string yaml, string query) =>
        SendAsync(HttpMethod.Patch, Path + query, yaml, "application/apply-patch+yaml");

    [Fact]
    public async Task Apply_creates_with_201_records_the_manager_and_conflicts_name_the_owner_and_field()
    {
        var (created, body, _) = await ApplyAsync(Deployment(2), "?fieldManager=alice");
        Assert.Equal(201, created);
        var managed = JsonNode.Parse(body)!["metadata"]!["managedFields"]!.AsArray();
        var alice = Assert.Single(managed);
        Assert.Equal("alice", (string?)alice!["manager"]);
        Assert.Equal("Apply", (string?)alice["operation"]);
        Assert.Equal("FieldsV1", (string?)alice["fieldsType"]);
        Assert.NotNull(alice["fieldsV1"]!["f:spec"]!["f:replicas"]);

        // Re-applying the same configuration is a 200 no-op for the owner.
        Assert.Equal(200, (await ApplyAsync(Deployment(2), "?fieldManager=alice")).Code);

        // Another manager setting a field alice owns to a different value conflicts.
        var (conflict, status, _) = await ApplyAsync(Deployment(5), "?fieldManager=bob");
        Assert.Equal(409, conflict);
        var json = JsonNode.Parse(status)!;
        Assert.Equal("Status", (string?)json["kind"]);
        Assert.Equal("Conflict", (string?)json["reason"]);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas", (string?)json["message"]);
        var cause = Assert.Single(json["details"]!["causes"]!.AsArray());
        Assert.Equal("FieldManagerConflict", (string?)cause!["reason"]);
        Assert.Equal(".spec.replicas", (string?)cause["field"]);

        // Forcing takes the field over: bob owns spec.replicas, alice no longer does.
        var (forced, forcedBody, _) = await ApplyAsync(Deployment(5), "?fieldManager=bob&force=true");
        Assert.Equal(200, forced);
        var after = JsonNode.Parse(forcedBody)!;
        Assert.Equal(5, (int)after["spec"]!["replicas"]!);
        var owners = after["metadata"]!["managedFields"]!.AsArray()
            .Where(m => m!["fieldsV1"]!["f:spec"]?["f:replicas"] is not null).Select(m => (string?)m!["manager"]).ToList();
        Assert.Equal(["bob"], owners);
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_invalid_and_stores_nothing()
    {
        var (code, body, _) = await ApplyAsync(Deployment(2), "");
        Assert.Equal(422, code);
        Assert.Contains("fieldManager: Required value: is required for apply patch", body);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, Path)).Code);
    }

    [Fact]
    public async Task The_official_client_applies_and_sees_conflicts_as_409()
    {
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "default" },
            Data = new Dictionary<string, string> { ["colour"] = "blue" },
        };
        var applied = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(configMap, V1Patch.PatchType.ApplyPatch), "settings", "default", fieldManager: "operator");
        Assert.Equal("blue", applied.Data["colour"]);
        Assert.Contains(applied.Metadata.ManagedFields, m => m.Manager == "operator" && m.Operation == "Apply");

        configMap.Data["colour"] = "red";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(configMap, V1Patch.PatchType.ApplyPatch), "settings", "default", fieldManager: "other"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, e.Response.StatusCode);

        var forced = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(configMap, V1Patch.PatchType.ApplyPatch), "settings", "default", fieldManager: "other", force: true);
        Assert.Equal("red", forced.Data["colour"]);

        // Dropping a field from the owner's applied configuration removes it (it owned it alone).
        var dropped = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["size"] = "L" } }, V1Patch.PatchType.ApplyPatch),
            "settings", "default", fieldManager: "other");
        Assert.Equal(new Dictionary<string, string> { ["size"] = "L" }, dropped.Data);
    }

    [Fact]
    public async Task Kubectl_apply_server_side_reports_conflicts_and_force_conflicts_wins()
    {
        Assert.Contains("deployment.apps/web serverside-applied", await Kubectl.OkAsync("apply --server-side -f -", Deployment(2)));
        var (code, _, stderr) = await Kubectl.RunAsync("apply --server-side --field-manager=ci -f -", Deployment(3));
        Assert.Equal(1, code);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\"", stderr);
        Assert.Contains(".spec.replicas", stderr);

        await Kubectl.OkAsync("apply --server-side --field-manager=ci --force-conflicts -f -", Deployment(3));
        Assert.Equal("3", await Kubectl.OkAsync("get deploy web -o jsonpath={.spec.replicas}"));
        // The dry run leaves the stored object alone.
        await Kubectl.OkAsync("apply --server-side --dry-run=server --force-conflicts -f -", Deployment(4, "nginx:1.28"));
        Assert.Equal("3/nginx:1.27", await Kubectl.OkAsync("get deploy web -o jsonpath={.spec.replicas}/{.spec.template.spec.containers[0].image}"));
    }
}
