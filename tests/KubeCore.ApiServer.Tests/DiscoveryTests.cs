using System.Text.Json;

namespace KubeCore.ApiServer.Tests;

public sealed class DiscoveryTests : ApiServerTest
{
    private const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Fact]
    public async Task Version_reports_a_1_32_server()
    {
        var (code, body, _) = await SendAsync(HttpMethod.Get, "/version?timeout=5s");
        Assert.Equal(200, code);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("1", doc.RootElement.GetProperty("major").GetString());
        Assert.Equal("32", doc.RootElement.GetProperty("minor").GetString());
        Assert.StartsWith("v1.32.", doc.RootElement.GetProperty("gitVersion").GetString());
    }

    [Fact]
    public async Task Aggregated_core_discovery_has_the_exact_content_type_and_what_kubectl_reads()
    {
        var (code, body, response) = await SendAsync(HttpMethod.Get, "/api?timeout=32s", accept: AggregatedAccept);
        Assert.Equal(200, code);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", ""));
        using var doc = JsonDocument.Parse(body);
        var item = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("", item.GetProperty("metadata").GetProperty("name").GetString());
        var pods = item.GetProperty("versions")[0].GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "pods");
        Assert.Equal("Pod", pods.GetProperty("responseKind").GetProperty("kind").GetString());
        Assert.Equal("Namespaced", pods.GetProperty("scope").GetString());
        Assert.Contains("po", pods.GetProperty("shortNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("all", pods.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("watch", pods.GetProperty("verbs").EnumerateArray().Select(e => e.GetString()));
        var subresources = pods.GetProperty("subresources").EnumerateArray().ToDictionary(s => s.GetProperty("subresource").GetString()!);
        Assert.Equal("Binding", subresources["binding"].GetProperty("responseKind").GetProperty("kind").GetString());
        Assert.Equal("PodExecOptions", subresources["exec"].GetProperty("responseKind").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Aggregated_group_discovery_lists_apps_with_the_scale_subresource()
    {
        var (_, body, _) = await SendAsync(HttpMethod.Get, "/apis", accept: AggregatedAccept);
        using var doc = JsonDocument.Parse(body);
        var apps = doc.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "apps");
        var deployments = apps.GetProperty("versions")[0].GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "deployments");
        Assert.Contains("deploy", deployments.GetProperty("shortNames").EnumerateArray().Select(e => e.GetString()));
        var scale = deployments.GetProperty("subresources").EnumerateArray().Single(s => s.GetProperty("subresource").GetString() == "scale");
        Assert.Equal("autoscaling", scale.GetProperty("responseKind").GetProperty("group").GetString());
        Assert.DoesNotContain(doc.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("metadata").GetProperty("name").GetString() == "");
    }

    [Fact]
    public async Task Legacy_discovery_serves_versions_groups_and_resource_lists()
    {
        var (_, api, apiResponse) = await SendAsync(HttpMethod.Get, "/api");
        Assert.Equal("application/json", apiResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("APIVersions", JsonDocument.Parse(api).RootElement.GetProperty("kind").GetString());

        var (_, apis, _) = await SendAsync(HttpMethod.Get, "/apis");
        var groups = JsonDocument.Parse(apis).RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.Equal("apps/v1", groups["apps"].GetProperty("preferredVersion").GetProperty("groupVersion").GetString());

        var (_, v1, _) = await SendAsync(HttpMethod.Get, "/api/v1");
        var resources = JsonDocument.Parse(v1).RootElement.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("Pod", resources["pods"].GetProperty("kind").GetString());
        Assert.True(resources["pods"].GetProperty("namespaced").GetBoolean());
        Assert.False(resources["nodes"].GetProperty("namespaced").GetBoolean());
        Assert.Equal("Binding", resources["pods/binding"].GetProperty("kind").GetString());

        var (_, appsV1, _) = await SendAsync(HttpMethod.Get, "/apis/apps/v1");
        var appsResources = JsonDocument.Parse(appsV1).RootElement.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("autoscaling", appsResources["deployments/scale"].GetProperty("group").GetString());

        var (code, _, _) = await SendAsync(HttpMethod.Get, "/apis/nosuch.example.com/v1");
        Assert.Equal(404, code);
    }

    [Fact]
    public async Task OpenApi_v3_has_a_patch_path_with_the_gvk_for_every_kind()
    {
        var (_, root, _) = await SendAsync(HttpMethod.Get, "/openapi/v3");
        var paths = JsonDocument.Parse(root).RootElement.GetProperty("paths");
        var appsUrl = paths.GetProperty("apis/apps/v1").GetProperty("serverRelativeURL").GetString()!;
        Assert.StartsWith("/openapi/v3/apis/apps/v1?hash=", appsUrl);
        var (code, doc, _) = await SendAsync(HttpMethod.Get, appsUrl);
        Assert.Equal(200, code);
        var patch = JsonDocument.Parse(doc).RootElement.GetProperty("paths").GetProperty("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").GetProperty("patch");
        Assert.Equal("Deployment", patch.GetProperty("x-kubernetes-group-version-kind").GetProperty("kind").GetString());
        Assert.Contains(patch.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "fieldValidation");

        var (_, core, _) = await SendAsync(HttpMethod.Get, "/openapi/v3/api/v1");
        Assert.True(JsonDocument.Parse(core).RootElement.GetProperty("paths").TryGetProperty("/api/v1/nodes/{name}", out _));
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/openapi/v2")).Code);
    }
}
