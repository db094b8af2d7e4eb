using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.CustomResources;
using KubeCore.Manifests;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.CustomResources;

public sealed class CustomResourceTests : ClusterTest
{
    internal const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            plural: widgets
            kind: Widget
            shortNames: [wg]
            categories: [all]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
                labelSelectorPath: .status.selector
            additionalPrinterColumns:
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size:
                        type: string
                        enum: [small, large]
                      replicas:
                        type: integer
                        minimum: 0
                        default: 1
                      name:
                        type: string
                        minLength: 3
                        maxLength: 10
                        pattern: '^[a-z]+$'
                      tags:
                        type: array
                        maxItems: 2
                        items: {type: string}
                      port:
                        x-kubernetes-int-or-string: true
                      extra:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
                      selector: {type: string}
                      phase: {type: string}
        """;

    private ResourceDefinition Crds => Cluster.Resources.Get<CustomResourceDefinition>();

    private static CustomResourceDefinition ParseCrd(string yaml) =>
        KubeJson.FromJsonNode<CustomResourceDefinition>(ManifestReader.ParseDocuments(yaml)[0]!);

    private static GenericObject Widget(string name, string spec) =>
        (GenericObject)KubeJson.FromJsonNode(JsonNode.Parse($$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"{{name}}","namespace":"default"},"spec":{{spec}}}""")!, typeof(GenericObject));

    private async Task<ResourceDefinition> EstablishAsync(string yaml = WidgetCrd)
    {
        var crd = ParseCrd(yaml);
        await Cluster.Api.CreateAsync(Crds, null, crd);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Cluster.WaitForEstablishedAsync(crd.Metadata.Name!, cts.Token);
        Assert.True(Cluster.Resources.TryGetByResource(crd.Spec!.Group, crd.Spec.Names!.Plural, out var resource));
        return resource;
    }

    private static JsonObject Json(KubeObject obj) => KubeJson.ToJsonNode(obj);

    [Fact]
    public async Task Creating_a_CRD_defaults_it_accepts_its_names_establishes_it_and_serves_the_resource()
    {
        var widgets = await EstablishAsync();
        var crd = (CustomResourceDefinition)await Cluster.Api.GetAsync(Crds, null, "widgets.example.com");

        Assert.Equal("widget", crd.Spec!.Names!.Singular);
        Assert.Equal("WidgetList", crd.Spec.Names.ListKind);
        Assert.Equal("None", crd.Spec.Conversion!.Value.GetProperty("strategy").GetString());
        Assert.Equal(["v1"], crd.Status!.StoredVersions!);
        Assert.Equal("Widget", crd.Status.AcceptedNames!.Kind);
        var names = crd.Status.Conditions!.Single(c => c.Type == "NamesAccepted");
        Assert.Equal(("True", "NoConflicts", "no conflicts found"), (names.Status, names.Reason, names.Message));
        var established = crd.Status.Conditions!.Single(c => c.Type == "Established");
        Assert.Equal(("True", "InitialNamesAccepted", "the initial names have been accepted"), (established.Status, established.Reason, established.Message));

        Assert.Equal(("v1", "Widget", true), (widgets.Version, widgets.Kind, widgets.Namespaced));
        Assert.Equal(["wg"], widgets.ShortNames);
        Assert.Equal(["all"], widgets.Categories);
        Assert.Equal(["status", "scale"], widgets.Subresources);
        Assert.Same(widgets, Cluster.Resources.Resolve("wg"));
    }

    [Fact]
    public async Task An_invalid_CRD_is_rejected_with_kube_apiservers_field_errors()
    {
        var crd = ParseCrd(WidgetCrd.Replace("name: widgets.example.com", "name: gadgets.example.com").Replace("storage: true", "storage: false")
            .Replace("scope: Namespaced", "scope: Everywhere").Replace("phase: {type: string}", "phase: {}"));
        var e = await Assert.ThrowsAsync<InvalidException>(() => Cluster.Api.CreateAsync(Crds, null, crd).AsTask());
        var message = e.Status.Message!;
        Assert.StartsWith("CustomResourceDefinition.apiextensions.k8s.io \"gadgets.example.com\" is invalid: [", message);
        Assert.Contains("metadata.name: Invalid value: \"gadgets.example.com\": must be spec.names.plural+\".\"+spec.group", message);
        Assert.Contains("spec.scope: Unsupported value: \"Everywhere\": supported values: \"Cluster\", \"Namespaced\"", message);
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema.properties[status].properties[phase].type: Required value: must not be empty for specified object fields", message);
        Assert.Contains("spec.versions: Invalid value: must have exactly one version marked as storage version", message);

        var noSchema = ParseCrd(WidgetCrd[..WidgetCrd.IndexOf("\n    schema:", StringComparison.Ordinal)]);
        var e2 = await Assert.ThrowsAsync<InvalidException>(() => Cluster.Api.CreateAsync(Crds, null, noSchema).AsTask());
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema: Required value", e2.Status.Message);
    }

    [Fact]
    public async Task A_second_CRD_claiming_a_kind_in_use_is_not_accepted()
    {
        await EstablishAsync();
        var clash = ParseCrd(WidgetCrd.Replace("widgets", "gizmos").Replace("shortNames: [wg]", "shortNames: [gz]"));
        await Cluster.Api.CreateAsync(Crds, null, clash);
        CustomResourceDefinitionCondition? names = null;
        for (var i = 0; i < 200 && names is null; i++)
        {
            await Task.Delay(10);
            var current = (CustomResourceDefinition)await Cluster.Api.GetAsync(Crds, null, "gizmos.example.com");
            names = current.Status?.Conditions?.FirstOrDefault(c => c.Type == "NamesAccepted");
        }
        Assert.NotNull(names);
        // Both the kind and the list kind clash; like the naming controller, the last check's reason is reported.
        Assert.Equal(("False", "ListKindConflict", "\"WidgetList\" is already in use"), (names.Status, names.Reason, names.Message));
        var crd = (CustomResourceDefinition)await Cluster.Api.GetAsync(Crds, null, "gizmos.example.com");
        var established = crd.Status!.Conditions!.Single(c => c.Type == "Established");
        Assert.Equal(("False", "NotAccepted"), (established.Status, established.Reason));
        Assert.False(Cluster.Resources.TryGetByResource("example.com", "gizmos", out _));
    }

    [Fact]
    public async Task Custom_resources_are_pruned_defaulted_and_validated_against_the_structural_schema()
    {
        var widgets = await EstablishAsync();
        var created = await Cluster.Api.CreateAsync(widgets, "default",
            Widget("w1", """{"size":"small","colour":"red","extra":{"anything":[1,2]},"port":"http","tags":["a"]}"""));
        var json = Json(created);
        Assert.Null(json["spec"]!["colour"]);                       // pruned
        Assert.Equal(1, (int)json["spec"]!["replicas"]!);            // defaulted
        Assert.Equal(2, json["spec"]!["extra"]!["anything"]!.AsArray().Count); // preserved
        Assert.Equal(1L, created.Metadata.Generation);

        var e = await Assert.ThrowsAsync<InvalidException>(() => Cluster.Api.CreateAsync(widgets, "default",
            Widget("w2", """{"size":"medium","replicas":"two","name":"AB","tags":["a","b","c"],"port":true}""")).AsTask());
        Assert.Equal(422, e.Status.Code);
        Assert.Equal("Widget.example.com \"w2\" is invalid: [" + string.Join(", ",
            "spec.size: Unsupported value: \"medium\": supported values: \"small\", \"large\"",
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
            "spec.name: Invalid value: \"AB\": spec.name in body should be at least 3 chars long",
            "spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'",
            "spec.tags: Too many: 3: must have at most 2 items",
            "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"") + "]", e.Status.Message);
        Assert.Equal("FieldValueTypeInvalid", e.Status.Details!.Causes!.Single(c => c.Field == "spec.replicas").Reason);

        var missing = await Assert.ThrowsAsync<InvalidException>(() => Cluster.Api.CreateAsync(widgets, "default", Widget("w3", "{}")).AsTask());
        Assert.Equal("Widget.example.com \"w3\" is invalid: spec.size: Required value", missing.Status.Message);
        var negative = await Assert.ThrowsAsync<InvalidException>(() => Cluster.Api.CreateAsync(widgets, "default", Widget("w4", """{"size":"small","replicas":-1}""")).AsTask());
        Assert.Equal("Widget.example.com \"w4\" is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0", negative.Status.Message);
    }

    [Fact]
    public async Task Status_and_scale_subresources_follow_the_custom_resource_rules()
    {
        var widgets = await EstablishAsync();
        var withStatus = Widget("w1", """{"size":"small","replicas":2}""").WithField("status", JsonSerializer.SerializeToElement(new { replicas = 5 }));
        var created = (GenericObject)await Cluster.Api.CreateAsync(widgets, "default", withStatus);
        Assert.Null(created.GetStatus()); // create ignores status

        // The main endpoint ignores status changes; a spec change bumps the generation.
        var update = ((GenericObject)created.WithField("spec", JsonSerializer.SerializeToElement(new { size = "large", replicas = 3 })))
            .WithField("status", JsonSerializer.SerializeToElement(new { replicas = 9 }));
        var updated = (GenericObject)await Cluster.Api.UpdateAsync(widgets, "default", update);
        Assert.Null(updated.GetStatus());
        Assert.Equal(2L, updated.Metadata.Generation);

        // /status ignores spec changes and does not bump the generation.
        var statusWrite = ((GenericObject)updated.WithField("status", JsonSerializer.SerializeToElement(new { replicas = 3, selector = "app=w1", bogus = 1 })))
            .WithField("spec", JsonSerializer.SerializeToElement(new { size = "small", replicas = 7 }));
        var afterStatus = (GenericObject)await Cluster.Api.UpdateStatusAsync(widgets, "default", statusWrite);
        Assert.Equal(3, afterStatus.GetStatus()!.Value.GetProperty("replicas").GetInt32());
        Assert.False(afterStatus.GetStatus()!.Value.TryGetProperty("bogus", out _)); // pruned
        Assert.Equal("large", afterStatus.GetSpec()!.Value.GetProperty("size").GetString());
        Assert.Equal(2L, afterStatus.Metadata.Generation);

        var scale = await Cluster.Api.GetScaleAsync(widgets, "default", "w1");
        Assert.Equal((3, 3, "app=w1"), (scale.Spec!.Replicas, scale.Status!.Replicas, scale.Status.Selector));
        var scaled = await Cluster.Api.UpdateScaleAsync(widgets, "default", "w1", 6);
        Assert.Equal(6, scaled.Spec!.Replicas);
        var after = (GenericObject)await Cluster.Api.GetAsync(widgets, "default", "w1");
        Assert.Equal(6, after.GetSpec()!.Value.GetProperty("replicas").GetInt32());
        Assert.Equal(3L, after.Metadata.Generation);
    }

    [Fact]
    public async Task Deleting_a_CRD_deletes_its_instances_and_stops_serving_the_resource()
    {
        var widgets = await EstablishAsync();
        await Cluster.Api.CreateAsync(widgets, "default", Widget("w1", """{"size":"small"}"""));
        await Cluster.Api.CreateAsync(widgets, "default", Widget("w2", """{"size":"large"}"""));

        var result = await Cluster.Api.DeleteAsync(Crds, null, "widgets.example.com");
        Assert.False(result.Deleted);
        Assert.Contains(CustomResourceDefinitionStrategy.CleanupFinalizer, result.Object.Metadata.Finalizers!);
        var terminating = ((CustomResourceDefinition)result.Object).Status!.Conditions!.Single(c => c.Type == "Terminating");
        Assert.Equal(("True", "InstanceDeletionPending"), (terminating.Status, terminating.Reason));

        for (var i = 0; i < 500 && Cluster.Resources.TryGetByResource("example.com", "widgets", out _); i++) await Task.Delay(10);
        for (var i = 0; i < 500; i++)
        {
            try { await Cluster.Api.GetAsync(Crds, null, "widgets.example.com"); await Task.Delay(10); }
            catch (NotFoundException) { break; }
        }
        await Assert.ThrowsAsync<NotFoundException>(() => Cluster.Api.GetAsync(Crds, null, "widgets.example.com").AsTask());
        Assert.False(Cluster.Resources.TryGetByResource("example.com", "widgets", out _));
        Assert.Empty((await Cluster.Api.ListAsync(widgets, null)).Items);

        // Re-creating it serves an empty collection again.
        var again = await EstablishAsync();
        Assert.Empty((await Cluster.Api.ListAsync(again, null)).Items);
    }

    [Fact]
    public async Task Updating_a_CRD_updates_what_is_served()
    {
        await EstablishAsync();
        var crd = (CustomResourceDefinition)await Cluster.Api.GetAsync(Crds, null, "widgets.example.com");
        var v1 = crd.Spec!.Versions![0];
        var v2 = v1 with { Name = "v2", Storage = true, Subresources = new CustomResourceSubresources { Status = new CustomResourceSubresourceStatus() } };
        await Cluster.Api.UpdateAsync(Crds, null, crd with { Spec = crd.Spec with { Versions = [v1 with { Storage = false }, v2] } });

        ResourceDefinition? served = null;
        for (var i = 0; i < 500; i++)
        {
            if (Cluster.Resources.TryGetByResource("example.com", "widgets", out served) && served.Version == "v2") break;
            await Task.Delay(10);
        }
        Assert.Equal("v2", served!.Version);
        Assert.Equal(["status"], served.Subresources);
        var updated = (CustomResourceDefinition)await Cluster.Api.GetAsync(Crds, null, "widgets.example.com");
        Assert.Equal(["v1", "v2"], updated.Status!.StoredVersions!);

        // A stored version cannot leave spec.versions.
        var e = await Assert.ThrowsAsync<InvalidException>(() => Cluster.Api.UpdateAsync(Crds, null, updated with { Spec = updated.Spec! with { Versions = [v2] } }).AsTask());
        Assert.Contains("status.storedVersions[0]: Invalid value: \"v1\": missing from spec.versions", e.Status.Message);
    }
}
