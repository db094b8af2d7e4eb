using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeCore.ApiServer.Tests;

/// <summary>CRUD through the official C# client over loopback HTTP, with kube-apiserver's status codes and bodies.</summary>
public sealed class CrudTests : ApiServerTest
{
    private static V1ConfigMap ConfigMap(string name, string value = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    private static V1Deployment Deployment(string name, int replicas = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
            },
        },
    };

    [Fact]
    public async Task Writes_without_a_field_manager_are_managed_by_the_user_agents_name_as_in_kube_apiserver()
    {
        async Task<string?> CreateAsync(string name, string query, string? userAgent)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/namespaces/default/configmaps" + query)
            {
                Content = new StringContent($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return doc.RootElement.GetProperty("metadata").GetProperty("managedFields")[0].GetProperty("manager").GetString();
        }

        Assert.Equal("my-tool", await CreateAsync("a", "", "my-tool/1.2.3 (linux/amd64) abc123"));
        Assert.Equal("explicit", await CreateAsync("b", "?fieldManager=explicit", "my-tool/1.2.3"));
        Assert.Equal(new string('x', 128), await CreateAsync("c", "", new string('x', 200) + "/1"));
    }

    [Fact]
    public async Task Create_get_list_replace_delete_a_configmap()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);

        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        Assert.Equal("1", read.Data["key"]);

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.Contains(list.Items, c => c.Metadata.Name == "settings");
        Assert.True(long.Parse(list.Metadata.ResourceVersion) >= long.Parse(created.Metadata.ResourceVersion));

        read.Data["key"] = "2";
        var replaced = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", "default");
        Assert.Equal("2", replaced.Data["key"]);

        var status = await Client.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default");
        Assert.Equal("Success", status.Status);
        Assert.Equal("settings", status.Details.Name);
        Assert.Equal("configmaps", status.Details.Kind);

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        using var body = JsonDocument.Parse(missing.Response.Content);
        Assert.Equal("Status", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal("NotFound", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal("configmaps \"settings\" not found", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_answers_201_and_a_duplicate_409_AlreadyExists()
    {
        var (code, _, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}""");
        Assert.Equal(201, code);
        var (dupCode, dup, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}""");
        Assert.Equal(409, dupCode);
        Assert.Equal("AlreadyExists", JsonDocument.Parse(dup).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_stale_resourceVersion_on_replace_is_a_409_Conflict()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "default");
        created.Data["key"] = "2";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", "default");
        created.Data["key"] = "3"; // still carries the old resourceVersion
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", "default"));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Contains("the object has been modified; please apply your changes to the latest version and try again", e.Response.Content);
    }

    [Fact]
    public async Task Invalid_objects_are_422_with_causes()
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: -1), "default"));
        Assert.Equal((HttpStatusCode)422, e.Response.StatusCode);
        using var body = JsonDocument.Parse(e.Response.Content);
        Assert.Equal("Invalid", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal("Deployment", body.RootElement.GetProperty("details").GetProperty("kind").GetString());
        var cause = body.RootElement.GetProperty("details").GetProperty("causes")[0];
        Assert.Equal("spec.replicas", cause.GetProperty("field").GetString());
        Assert.Equal("FieldValueInvalid", cause.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Strict_field_validation_rejects_unknown_fields_and_Warn_drops_them_with_a_warning()
    {
        const string body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s","colour":"red"},"data":{"a":"b"},"extra":1}""";
        var (code, strict, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", body);
        Assert.Equal(400, code);
        var status = JsonDocument.Parse(strict).RootElement;
        Assert.Equal("BadRequest", status.GetProperty("reason").GetString());
        Assert.Equal("strict decoding error: unknown field \"metadata.colour\", unknown field \"extra\"", status.GetProperty("message").GetString());

        var (warnCode, warned, response) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(201, warnCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("unknown field \\\"extra\\\""));
        Assert.DoesNotContain("extra", warned);
    }

    [Fact]
    public async Task The_body_namespace_must_match_the_url()
    {
        var (code, body, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"kube-system"}}""");
        Assert.Equal(400, code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Malformed_protobuf_bodies_are_400_BadRequest()
    {
        // Well-formed protobuf bodies are decoded for some kinds; see ProtobufTests.
        var (code, body, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", "k8s\0junk", "application/vnd.kubernetes.protobuf");
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Deleting_a_pod_returns_the_pod_with_its_deletionTimestamp()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, "default");
        var deleted = await Client.CoreV1.DeleteNamespacedPodAsync("p", "default");
        Assert.Equal("p", deleted.Metadata.Name);
        Assert.NotNull(deleted.Metadata.DeletionTimestamp);
        Assert.Equal(30, deleted.Metadata.DeletionGracePeriodSeconds);
    }

    [Fact]
    public async Task Dry_run_writes_nothing()
    {
        var (code, _, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?dryRun=All", """{"metadata":{"name":"dry"}}""");
        Assert.Equal(201, code);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/dry")).Code);
        Assert.Equal(400, (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?dryRun=Some", """{"metadata":{"name":"dry"}}""")).Code);
    }

    [Fact]
    public async Task Patches_merge_strategic_and_json_and_the_scale_subresource()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "default");

        var smp = new V1Patch("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.28","name":"web"}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(smp, "web", "default");
        Assert.Equal("nginx:1.28", patched.Spec.Template.Spec.Containers.Single().Image);

        var merge = new V1Patch("""{"metadata":{"labels":{"tier":"fe"}}}""", V1Patch.PatchType.MergePatch);
        Assert.Equal("fe", (await Client.AppsV1.PatchNamespacedDeploymentAsync(merge, "web", "default")).Metadata.Labels["tier"]);

        var json = new V1Patch("""[{"op":"replace","path":"/spec/replicas","value":2}]""", V1Patch.PatchType.JsonPatch);
        Assert.Equal(2, (await Client.AppsV1.PatchNamespacedDeploymentAsync(json, "web", "default")).Spec.Replicas);

        var scale = await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", "default");
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal(3, (await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "default")).Spec.Replicas);

        var (code, _, _) = await SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web", "{}", "text/plain");
        Assert.Equal(415, code);
    }

    [Fact]
    public async Task Delete_collection_removes_what_the_selector_matches()
    {
        foreach (var (name, tier) in new[] { ("a", "fe"), ("b", "fe"), ("c", "be") })
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } } }, "default");
        await Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync("default", labelSelector: "tier=fe");
        var left = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier");
        Assert.Equal(["c"], left.Items.Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task Unknown_resources_and_paths_are_404()
    {
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/widgets")).Code);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/apis/apps/v2/deployments")).Code);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/nodes")).Code);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/nope")).Code);
    }

    [Fact]
    public async Task Cluster_scoped_resources_are_served_without_a_namespace()
    {
        var ns = await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } });
        Assert.Equal("Active", ns.Status.Phase);
        var all = await Client.CoreV1.ListNamespaceAsync();
        Assert.Contains(all.Items, n => n.Metadata.Name == "kube-system");
    }
}
