using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.ApiServer.Discovery;

namespace KubeCore.ApiServer.Tests;

/// <summary><c>/openapi/v3</c>: schemas generated from the models, served with kube-apiserver's hashing and caching, read by the real kubectl.</summary>
public sealed class OpenApiTests : ApiServerTest
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                description: A gadget for the OpenAPI tests.
                properties:
                  spec:
                    type: object
                    description: What the gadget should be.
                    properties:
                      colour: {type: string, description: The colour of the gadget.}
                      size: {type: integer, description: How big it is.}
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                env:
                - {name: A, value: "1"}
              - name: sidecar
                image: busybox
        """;

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        var (code, body, _) = await SendAsync(HttpMethod.Get, path, accept: "application/json");
        Assert.True(code == 200, $"{path}: {code} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<Dictionary<string, JsonObject>> AllDocumentsAsync()
    {
        var root = await GetJsonAsync("/openapi/v3");
        var docs = new Dictionary<string, JsonObject>();
        foreach (var (gv, entry) in root["paths"]!.AsObject())
            docs[gv] = await GetJsonAsync(entry!["serverRelativeURL"]!.GetValue<string>());
        return docs;
    }

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : Refs(p.Value)),
        JsonArray a => a.SelectMany(Refs),
        _ => [],
    };

    private static JsonObject Schema(JsonObject doc, string name) => doc["components"]!["schemas"]![name]!.AsObject();

    [Fact]
    public async Task Every_served_kind_has_a_schema_with_its_group_version_kind_and_every_ref_resolves()
    {
        var docs = await AllDocumentsAsync();
        foreach (var r in Cluster.Resources.All)
        {
            var path = r.Group.Length == 0 ? $"api/{r.Version}" : $"apis/{r.Group}/{r.Version}";
            Assert.True(docs.ContainsKey(path), $"no document for {path}");
            var schemas = docs[path]["components"]!["schemas"]!.AsObject();
            var matching = schemas.Where(s => s.Value!["x-kubernetes-group-version-kind"] is JsonArray gvks &&
                gvks.Any(g => g!["group"]!.GetValue<string>() == r.Group && g["version"]!.GetValue<string>() == r.Version && g["kind"]!.GetValue<string>() == r.Kind)).ToList();
            Assert.True(matching.Count == 1, $"{r.ApiVersion} {r.Kind}: {matching.Count} schemas carry its GVK");
            Assert.NotNull(matching[0].Value!["properties"]?["metadata"]);
        }
        foreach (var (path, doc) in docs)
        {
            var schemas = doc["components"]!["schemas"]!.AsObject();
            foreach (var reference in Refs(doc))
            {
                Assert.StartsWith("#/components/schemas/", reference);
                Assert.True(schemas.ContainsKey(reference["#/components/schemas/".Length..]), $"{path}: {reference} does not resolve");
            }
        }
    }

    [Fact]
    public async Task Schemas_carry_upstream_names_patch_and_list_extensions_formats_and_descriptions()
    {
        var core = await GetJsonAsync((await GetJsonAsync("/openapi/v3"))["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>());
        var pod = Schema(core, "io.k8s.api.core.v1.Pod");
        Assert.Equal("""[{"group":"","kind":"Pod","version":"v1"}]""", pod["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.False(string.IsNullOrWhiteSpace(pod["description"]?.GetValue<string>()));
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", pod["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(pod["properties"]!["metadata"]!["description"]?.GetValue<string>()));

        var containers = Schema(core, "io.k8s.api.core.v1.PodSpec")["properties"]!["containers"]!;
        Assert.Equal("array", containers["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", containers["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("""["name"]""", containers["x-kubernetes-list-map-keys"]!.ToJsonString());
        Assert.Equal("merge,retainKeys", Schema(core, "io.k8s.api.core.v1.PodSpec")["properties"]!["volumes"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("set", Schema(core, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")["properties"]!["finalizers"]!["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("atomic", Schema(core, "io.k8s.api.core.v1.Container")["properties"]!["command"]!["x-kubernetes-list-type"]!.GetValue<string>());

        Assert.Equal("int-or-string", Schema(core, "io.k8s.apimachinery.pkg.util.intstr.IntOrString")["format"]!.GetValue<string>());
        Assert.Equal("""[{"type":"string"},{"type":"number"}]""", Schema(core, "io.k8s.apimachinery.pkg.api.resource.Quantity")["oneOf"]!.ToJsonString());
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity",
            Schema(core, "io.k8s.api.core.v1.ResourceRequirements")["properties"]!["limits"]!["additionalProperties"]!["$ref"]!.GetValue<string>());
        Assert.Equal("date-time", Schema(core, "io.k8s.apimachinery.pkg.apis.meta.v1.Time")["format"]!.GetValue<string>());
        Assert.True(core["components"]!["schemas"]!.AsObject().ContainsKey("io.k8s.api.core.v1.HTTPGetAction"));

        var apps = await GetJsonAsync((await GetJsonAsync("/openapi/v3"))["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>());
        // Types shared with core keep their core names in every document; Scale comes along for the scale subresource.
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec",
            Schema(apps, "io.k8s.api.apps.v1.DeploymentSpec")["properties"]!["template"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.Equal("retainKeys", Schema(apps, "io.k8s.api.apps.v1.DeploymentSpec")["properties"]!["strategy"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("""[{"group":"autoscaling","kind":"Scale","version":"v1"}]""", Schema(apps, "io.k8s.api.autoscaling.v1.Scale")["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Contains("RollingUpdate", Schema(apps, "io.k8s.api.apps.v1.DeploymentStrategy")["properties"]!["type"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Documents_are_addressed_by_hash_cached_by_etag_and_refused_in_protobuf()
    {
        var root = await SendAsync(HttpMethod.Get, "/openapi/v3");
        Assert.Equal("application/json", root.Response.Content.Headers.ContentType!.MediaType);
        var url = JsonNode.Parse(root.Body)!["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.Matches("^/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{128}$", url);
        var hash = url[(url.IndexOf('=') + 1)..];

        var doc = await SendAsync(HttpMethod.Get, url, accept: "application/json");
        Assert.Equal(200, doc.Code);
        Assert.Equal($"\"{hash}\"", doc.Response.Headers.ETag!.Tag);
        Assert.Contains("immutable", doc.Response.Headers.CacheControl!.ToString());
        Assert.Equal(hash, Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(doc.Body))));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{hash}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await Http.SendAsync(conditional)).StatusCode);

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        var stale = await noRedirect.GetAsync("/openapi/v3/apis/apps/v1?hash=0123");
        Assert.Equal(HttpStatusCode.MovedPermanently, stale.StatusCode);
        Assert.Equal(url, stale.Headers.Location!.ToString());

        var protobuf = await SendAsync(HttpMethod.Get, url, accept: "application/com.github.proto-openapi.spec.v3@v1.0+protobuf");
        Assert.Equal(406, protobuf.Code);
        Assert.Equal("NotAcceptable", JsonNode.Parse(protobuf.Body)!["reason"]!.GetValue<string>());
        var missing = await SendAsync(HttpMethod.Get, "/openapi/v3/apis/nothing.example.com/v1");
        Assert.Equal(404, missing.Code);
        Assert.Equal("NotFound", JsonNode.Parse(missing.Body)!["reason"]!.GetValue<string>());

        // A new CRD changes the registry: the root lists its group-version, and the apps document keeps its hash.
        Assert.Equal(201, (await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd, "application/yaml")).Code);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await CustomResources.CustomResourceDefinitionExtensions.WaitForEstablishedAsync(Cluster, "gadgets.example.com", cts.Token);
        var after = await GetJsonAsync("/openapi/v3");
        Assert.Equal(url, after["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>());
        var gadgets = await GetJsonAsync(after["paths"]!["apis/example.com/v1"]!["serverRelativeURL"]!.GetValue<string>());
        var gadget = Schema(gadgets, "com.example.v1.Gadget");
        Assert.Equal("""[{"group":"example.com","kind":"Gadget","version":"v1"}]""", gadget["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("The colour of the gadget.", gadget["properties"]!["spec"]!["properties"]!["colour"]!["description"]!.GetValue<string>());
        Assert.NotNull(Schema(gadgets, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    }

    [Fact]
    public void The_generator_names_every_registered_kind_and_reads_the_model_docs()
    {
        Assert.True(ModelDocumentation.KubeCore.Count > 1000, "KubeCore's documentation file is not embedded");
        var schemas = new OpenApiSchemas(Cluster.Resources.All);
        foreach (var r in Cluster.Resources.All)
        {
            var components = schemas.Components([r], withScale: false);
            var own = components[schemas.SchemaName(r)]!;
            Assert.Contains(own["x-kubernetes-group-version-kind"]!.AsArray(), g => g!["kind"]!.GetValue<string>() == r.Kind);
            foreach (var reference in Refs(components))
                Assert.True(components.ContainsKey(reference["#/components/schemas/".Length..]), $"{r.Kind}: {reference}");
        }
        Assert.Equal("io.k8s.api.networking.v1.Ingress", schemas.NameOf(typeof(Models.Ingress)));
        Assert.Equal("io.k8s.api.rbac.v1.PolicyRule", schemas.NameOf(typeof(Models.PolicyRule)));
        Assert.Equal("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition", schemas.NameOf(typeof(Models.CustomResourceDefinition)));
        Assert.Equal("io.k8s.api.core.v1.Container", schemas.NameOf(typeof(Models.Container)));
        Assert.Equal("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", schemas.NameOf(typeof(Models.OwnerReference)));
        Assert.Equal("com.example.stable.v1", OpenApiSchemas.Package("stable.example.com", "v1"));
    }

    [Fact]
    public Task Kubectl_explain_reads_the_schemas_of_built_in_kinds_and_custom_resources() => WithKubectlAsync(async kubectl =>
    {
        var pods = await kubectl.OkAsync("explain pods");
        Assert.Contains("KIND:       Pod", pods);
        Assert.Contains("VERSION:    v1", pods);
        Assert.Matches(@"DESCRIPTION:\s+\S", pods);
        Assert.Matches(@"metadata\s+<ObjectMeta>", pods);
        Assert.Matches(@"spec\s+<PodSpec>", pods);
        Assert.Matches(@"status\s+<PodStatus>", pods);

        var strategy = await kubectl.OkAsync("explain deployment.spec.strategy");
        Assert.Contains("GROUP:      apps", strategy);
        Assert.Contains("FIELD: strategy <DeploymentStrategy>", strategy);
        Assert.Matches(@"rollingUpdate\s+<RollingUpdateDeployment>", strategy);
        Assert.Matches(@"type\s+<string>", strategy);
        Assert.Contains("RollingUpdate", strategy);

        var recursive = await kubectl.OkAsync("explain pods.spec.containers --recursive");
        Assert.Contains("FIELD: containers <[]Container>", recursive);
        Assert.Matches(@"\n  image\t<string>", recursive);
        Assert.Matches(@"\n  ports\t<\[\]ContainerPort>\n    containerPort\t<integer>", recursive);
        Assert.Matches(@"\n  resources\t<ResourceRequirements>\n    claims\t<\[\]ResourceClaim>", recursive);
        Assert.Matches(@"limits\s+<map\[string\]Quantity>", recursive);
        Assert.Matches(@"port\s+<IntOrString>", recursive);

        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/gadgets.example.com created", await kubectl.OkAsync("apply -f -", Crd));
        Assert.Contains("condition met", await kubectl.OkAsync("wait --for condition=established --timeout=30s crd/gadgets.example.com"));
        var gadget = await kubectl.OkAsync("explain gadget.spec");
        Assert.Contains("GROUP:      example.com", gadget);
        Assert.Contains("KIND:       Gadget", gadget);
        Assert.Contains("What the gadget should be.", gadget);
        Assert.Matches(@"colour\s+<string>\s+The colour of the gadget\.", gadget);
        Assert.Matches(@"metadata\s+<ObjectMeta>", await kubectl.OkAsync("explain gadgets"));

        var (code, _, stderr) = await kubectl.RunAsync("explain pods.spec.nosuchfield");
        Assert.NotEqual(0, code);
        Assert.Contains("field \"nosuchfield\" does not exist", stderr);
    });

    [Fact]
    public Task Kubectl_apply_diff_and_edit_still_patch_built_in_and_custom_kinds() => WithKubectlAsync(async kubectl =>
    {
        Assert.Contains("deployment.apps/web created", await kubectl.OkAsync("apply -f -", Deployment));
        // Client-side apply computes a strategic merge patch: containers merge by name, env by name.
        var changed = Deployment.Replace("image: nginx:1.27", "image: nginx:1.28").Replace("""- {name: A, value: "1"}""", """- {name: B, value: "2"}""");
        var (code, diff, stderr) = await kubectl.RunAsync("diff -f -", changed);
        Assert.True(code == 1, $"diff exited {code}: {stderr}");
        Assert.Contains("+        image: nginx:1.28", diff);
        Assert.Contains("deployment.apps/web configured", await kubectl.OkAsync("apply -f -", changed));
        Assert.Equal("nginx:1.28 busybox", await kubectl.OkAsync("get deploy web -o jsonpath={.spec.template.spec.containers[*].image}"));
        Assert.Equal("B", await kubectl.OkAsync("get deploy web -o jsonpath={.spec.template.spec.containers[0].env[*].name}"));
        Assert.Equal(0, (await kubectl.RunAsync("diff -f -", changed)).ExitCode);

        kubectl.Env["KUBE_EDITOR"] = "sed -i -e s/replicas:\\ 2/replicas:\\ 5/";
        Assert.Contains("deployment.apps/web edited", await kubectl.OkAsync("edit deploy/web"));
        Assert.Equal("5", await kubectl.OkAsync("get deploy web -o jsonpath={.spec.replicas}"));

        Assert.Contains("created", await kubectl.OkAsync("apply -f -", Crd));
        Assert.Contains("condition met", await kubectl.OkAsync("wait --for condition=established --timeout=30s crd/gadgets.example.com"));
        const string Gadget = "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {colour: red, size: 1}\n";
        Assert.Contains("gadget.example.com/g1 created", await kubectl.OkAsync("apply -f -", Gadget));
        Assert.Contains("gadget.example.com/g1 configured", await kubectl.OkAsync("apply -f -", Gadget.Replace("colour: red, ", "")));
        Assert.Equal("""{"size":1}""", await kubectl.OkAsync("get gadget g1 -o jsonpath={.spec}"));
        kubectl.Env["KUBE_EDITOR"] = "sed -i -e s/size:\\ 1/size:\\ 3/";
        Assert.Contains("gadget.example.com/g1 edited", await kubectl.OkAsync("edit gadget/g1"));
        Assert.Equal("3", await kubectl.OkAsync("get gadget g1 -o jsonpath={.spec.size}"));
    });

    [Fact]
    public Task Kubectl_apply_validates_kinds_served_by_conversion() => WithKubectlAsync(async kubectl =>
    {
        // autoscaling/v1 HPAs and events.k8s.io/v1 Events are converted views; kubectl's client-side validation needs a
        // document for their group-version or it refuses the file ("the server could not find the requested resource").
        const string Manifests = """
            apiVersion: autoscaling/v1
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              maxReplicas: 5
              targetCPUUtilizationPercentage: 50
            ---
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: e1}
            eventTime: "2026-11-23T10:00:00.000000Z"
            reportingController: example.com/tests
            reportingInstance: tests-1
            action: Test
            reason: Testing
            type: Normal
            regarding: {kind: Pod, name: p, namespace: default}
            note: hello
            """;
        var created = await kubectl.OkAsync("apply -f -", Manifests);
        Assert.Contains("horizontalpodautoscaler.autoscaling/web created", created);
        Assert.Contains("event.events.k8s.io/e1 created", created);
        var changed = await kubectl.OkAsync("apply -f -", Manifests.Replace("maxReplicas: 5", "maxReplicas: 7").Replace("note: hello", "note: changed"));
        Assert.Contains("horizontalpodautoscaler.autoscaling/web configured", changed);
        Assert.Equal("7", await kubectl.OkAsync("get hpa.v1.autoscaling web -o jsonpath={.spec.maxReplicas}"));
        Assert.Equal("changed", await kubectl.OkAsync("get events.v1.events.k8s.io e1 -o jsonpath={.note}"));
    });
}
