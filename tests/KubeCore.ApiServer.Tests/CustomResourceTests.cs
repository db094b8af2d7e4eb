using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeCore.ApiServer.Tests;

/// <summary>CustomResourceDefinitions over HTTP: the official client's CustomObjects API, raw requests and the real kubectl.</summary>
public sealed class CustomResourceTests : ApiServerTest
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wg]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
            additionalPrinterColumns:
            - name: Size
              type: string
              jsonPath: .spec.size
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: string, enum: [small, large]}
                      replicas: {type: integer, minimum: 0, default: 1}
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
        """;

    private const string Widget = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w1
        spec:
          size: small
        """;

    [Fact]
    public async Task Kubectl_applies_a_CRD_waits_for_it_gets_with_printer_columns_sees_validation_errors_and_deletes_it()
    {
        await WithKubectlAsync(async kubectl =>
        {
            Assert.Contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created", await kubectl.OkAsync("apply -f -", Crd));
            Assert.Contains("condition met", await kubectl.OkAsync("wait --for condition=established --timeout=30s crd/widgets.example.com"));
            Assert.Contains("widget.example.com/w1 created", await kubectl.OkAsync("apply -f -", Widget));
            Assert.Contains("widget.example.com/w1 unchanged", await kubectl.OkAsync("apply -f -", Widget));

            var table = await kubectl.OkAsync("get widgets");
            Assert.Matches(@"NAME\s+SIZE\s+REPLICAS", table);
            Assert.Matches(@"w1\s+small\s+1", table);
            Assert.Matches(@"w1\s+small\s+1", await kubectl.OkAsync("get wg"));

            Assert.Contains("scaled", await kubectl.OkAsync("scale widget/w1 --replicas=4"));
            Assert.Equal("4", await kubectl.OkAsync("get widget w1 -o jsonpath={.spec.replicas}"));
            Assert.Contains("patched", await kubectl.OkAsync(["patch", "widget", "w1", "--type=merge", "-p", """{"spec":{"size":"large"}}"""]));

            var (code, _, stderr) = await kubectl.RunAsync("apply -f -", Widget.Replace("size: small", "size: medium"));
            Assert.NotEqual(0, code);
            Assert.Contains("The Widget \"w1\" is invalid: spec.size: Unsupported value: \"medium\": supported values: \"small\", \"large\"", stderr);

            (code, _, stderr) = await kubectl.RunAsync("apply -f -", Widget.Replace("size: small", "size: small\n  colour: red"));
            Assert.NotEqual(0, code);
            Assert.Contains("unknown field \"spec.colour\"", stderr);

            Assert.Contains("deleted", await kubectl.OkAsync("delete crd widgets.example.com --timeout=30s"));
            (code, _, stderr) = await kubectl.RunAsync("get widgets");
            Assert.NotEqual(0, code);
            // With discovery cached, kubectl reports the 404 of the list; with a fresh cache, the unknown type.
            Assert.Matches("the server could not find the requested resource|the server doesn't have a resource type \"widgets\"", stderr);
        });
        Assert.False(Cluster.Resources.TryGetByResource("example.com", "widgets", out _));
    }

    private async Task EstablishAsync()
    {
        var (code, body, _) = await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd, "application/yaml");
        Assert.True(code == 201, body);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await CustomResources.CustomResourceDefinitionExtensions.WaitForEstablishedAsync(Cluster, "widgets.example.com", cts.Token);
    }

    [Fact]
    public async Task The_official_client_creates_lists_patches_and_watches_custom_objects()
    {
        await EstablishAsync();
        var created = (JsonElement)await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new { apiVersion = "example.com/v1", kind = "Widget", metadata = new { name = "w1" }, spec = new { size = "small", colour = "red" } },
            "example.com", "v1", "default", "widgets");
        Assert.Equal(1, created.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.False(created.GetProperty("spec").TryGetProperty("colour", out _));

        var list = (JsonElement)await Client.CustomObjects.ListNamespacedCustomObjectAsync("example.com", "v1", "default", "widgets");
        Assert.Equal("WidgetList", list.GetProperty("kind").GetString());
        Assert.Equal("w1", list.GetProperty("items")[0].GetProperty("metadata").GetProperty("name").GetString());

        var patched = (JsonElement)await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "widgets", "w1");
        Assert.Equal(3, patched.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal(2, patched.GetProperty("metadata").GetProperty("generation").GetInt32());

        var jsonPatched = (JsonElement)await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/size","value":"large"}]""", V1Patch.PatchType.JsonPatch), "example.com", "v1", "default", "widgets", "w1");
        Assert.Equal("large", jsonPatched.GetProperty("spec").GetProperty("size").GetString());

        var status = (JsonElement)await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"replicas":3},"spec":{"size":"small"}}""", V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "widgets", "w1");
        Assert.Equal(3, status.GetProperty("status").GetProperty("replicas").GetInt32());
        Assert.Equal("large", status.GetProperty("spec").GetProperty("size").GetString());

        var scale = (JsonElement)await Client.CustomObjects.GetNamespacedCustomObjectScaleAsync("example.com", "v1", "default", "widgets", "w1");
        Assert.Equal(3, scale.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal(3, scale.GetProperty("status").GetProperty("replicas").GetInt32());

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new { apiVersion = "example.com/v1", kind = "Widget", metadata = new { name = "w2" }, spec = new { size = "small", replicas = "two" } },
            "example.com", "v1", "default", "widgets"));
        Assert.Equal(422, (int)e.Response.StatusCode);
        var failure = JsonDocument.Parse(e.Response.Content).RootElement;
        Assert.Equal("Widget.example.com \"w2\" is invalid: spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
            failure.GetProperty("message").GetString());
        Assert.Equal("FieldValueTypeInvalid", failure.GetProperty("details").GetProperty("causes")[0].GetProperty("reason").GetString());

        // Strategic merge patch is not supported for custom resources.
        var (code, body, _) = await SendAsync(HttpMethod.Patch, "/apis/example.com/v1/namespaces/default/widgets/w1", """{"spec":{"size":"small"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(415, code);
        Assert.Contains("UnsupportedMediaType", body);

        // Strict field validation reports unknown fields as kube-apiserver does.
        (code, body, _) = await SendAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Strict",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w3"},"spec":{"size":"small","colour":"red"}}""");
        Assert.Equal(400, code);
        Assert.Contains("strict decoding error: unknown field \\u0022spec.colour\\u0022", body.Replace("\\\"", "\\u0022"));

        // A watch sees the objects.
        var (watchCode, watchBody, _) = await SendAsync(HttpMethod.Get, "/apis/example.com/v1/namespaces/default/widgets?watch=true&timeoutSeconds=1");
        Assert.Equal(200, watchCode);
        Assert.Contains("\"type\":\"ADDED\"", watchBody);
        Assert.Contains("\"name\":\"w1\"", watchBody);

        // Discovery lists the group with the CRD's names.
        var (dc, discovery, _) = await SendAsync(HttpMethod.Get, "/apis/example.com/v1");
        Assert.Equal(200, dc);
        Assert.Contains("\"name\":\"widgets\"", discovery);
        Assert.Contains("\"wg\"", discovery);
        Assert.Contains("\"widgets/scale\"", discovery);
    }
}
