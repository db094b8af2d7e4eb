using System.Text.Json.Nodes;
using KubeCore.Patching;
using static KubeCore.Tests.Patching.PatchAssert;

namespace KubeCore.Tests.Patching;

public class StrategicMergePatchTests
{
    private static JsonObject Pod(string original, string patch) =>
        StrategicMergePatch.Apply(Json(original), Json(patch), "v1", "Pod");

    private const string TwoContainers = """{"spec":{"containers":[{"name":"a","image":"ia"},{"name":"b","image":"ib"}]}}""";

    [Fact]
    public void Strategic_merge_deletes_container_with_patch_delete_directive()
    {
        var result = Pod(TwoContainers, """{"spec":{"containers":[{"$patch":"delete","name":"a"}]}}""");
        JsonEqual("""{"spec":{"containers":[{"name":"b","image":"ib"}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_puts_a_new_container_first_as_kube_apiserver_does()
    {
        // Without $setElementOrder the apiserver places patch items before server-only ones (see the kubectl patch task docs).
        var result = Pod(TwoContainers, """{"spec":{"containers":[{"name":"c","image":"ic"}]}}""");
        JsonEqual("""{"spec":{"containers":[{"name":"c","image":"ic"},{"name":"a","image":"ia"},{"name":"b","image":"ib"}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_set_element_order_places_a_new_container_where_asked()
    {
        var result = Pod(TwoContainers, """{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"},{"name":"c"}],"containers":[{"name":"c","image":"ic"}]}}""");
        JsonEqual("""{"spec":{"containers":[{"name":"a","image":"ia"},{"name":"b","image":"ib"},{"name":"c","image":"ic"}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_set_element_order_alone_reorders_the_list()
    {
        var result = Pod(TwoContainers, """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""");
        JsonEqual("""{"spec":{"containers":[{"name":"b","image":"ib"},{"name":"a","image":"ia"}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_set_element_order_keeps_server_only_items_in_live_order()
    {
        const string three = """{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}""";
        var result = Pod(three, """{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"}],"containers":[{"name":"a","image":"x"}]}}""");
        var names = result["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).ToArray();
        // c and a take the asked order; server-only b keeps its live position relative to them (b was before c), as kube-apiserver does.
        Assert.Equal(["b", "c", "a"], names);
    }

    [Fact]
    public void Strategic_merge_patch_replace_item_replaces_the_whole_list()
    {
        var result = Pod(TwoContainers, """{"spec":{"containers":[{"$patch":"replace"},{"name":"z","image":"iz"}]}}""");
        JsonEqual("""{"spec":{"containers":[{"name":"z","image":"iz"}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_patch_replace_on_a_map_replaces_it()
    {
        var result = Pod("""{"spec":{"nodeSelector":{"a":"1","b":"2"}}}""", """{"spec":{"nodeSelector":{"$patch":"replace","c":"3"}}}""");
        JsonEqual("""{"spec":{"nodeSelector":{"c":"3"}}}""", result);
    }

    [Fact]
    public void Strategic_merge_patch_delete_on_a_map_empties_it()
    {
        var result = Pod("""{"spec":{"nodeSelector":{"a":"1"},"x":1}}""", """{"spec":{"nodeSelector":{"$patch":"delete"}}}""");
        JsonEqual("""{"spec":{"nodeSelector":{},"x":1}}""", result);
    }

    [Fact]
    public void Strategic_merge_patch_merge_directive_on_a_map_merges()
    {
        var result = Pod("""{"spec":{"nodeSelector":{"a":"1"}}}""", """{"spec":{"nodeSelector":{"$patch":"merge","b":"2"}}}""");
        JsonEqual("""{"spec":{"nodeSelector":{"a":"1","b":"2"}}}""", result);
    }

    [Fact]
    public void Strategic_merge_finalizers_merge_as_an_ordered_set()
    {
        var result = Pod("""{"metadata":{"finalizers":["a","b"]}}""", """{"metadata":{"finalizers":["b","c"]}}""");
        JsonEqual("""{"metadata":{"finalizers":["a","b","c"]}}""", result);
    }

    [Fact]
    public void Strategic_merge_delete_from_primitive_list_removes_finalizer()
    {
        var result = Pod("""{"metadata":{"finalizers":["a","b","c"]}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}""");
        JsonEqual("""{"metadata":{"finalizers":["a","c"]}}""", result);
    }

    [Fact]
    public void Strategic_merge_primitive_set_element_order_with_deletion_as_kubectl_apply_sends()
    {
        var result = Pod("""{"metadata":{"finalizers":["a","b"]}}""",
            """{"metadata":{"$setElementOrder/finalizers":["c","a"],"$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["c"]}}""");
        JsonEqual("""{"metadata":{"finalizers":["c","a"]}}""", result);
    }

    [Fact]
    public void Strategic_merge_owner_references_merge_by_uid()
    {
        var result = Pod("""{"metadata":{"ownerReferences":[{"uid":"1","name":"rs","controller":true}]}}""",
            """{"metadata":{"ownerReferences":[{"uid":"1","blockOwnerDeletion":true}]}}""");
        JsonEqual("""{"metadata":{"ownerReferences":[{"uid":"1","name":"rs","controller":true,"blockOwnerDeletion":true}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_container_ports_merge_by_container_port_and_volume_mounts_by_mount_path()
    {
        var result = Pod("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"}],"volumeMounts":[{"mountPath":"/x","name":"v"}]}]}}""",
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP"}],"volumeMounts":[{"mountPath":"/x","readOnly":true}]}]}}""");
        JsonEqual("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http","protocol":"TCP"}],"volumeMounts":[{"mountPath":"/x","name":"v","readOnly":true}]}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_retain_keys_drops_fields_not_listed()
    {
        var result = Pod("""{"spec":{"volumes":[{"name":"v","emptyDir":{},"secret":{"secretName":"s"}}]}}""",
            """{"spec":{"volumes":[{"$retainKeys":["name","configMap"],"name":"v","configMap":{"name":"cm"}}]}}""");
        JsonEqual("""{"spec":{"volumes":[{"name":"v","configMap":{"name":"cm"}}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_retain_keys_that_omit_a_patched_field_is_a_400()
    {
        var e = Assert.Throws<PatchException>(() => Pod("""{"spec":{"volumes":[{"name":"v"}]}}""",
            """{"spec":{"volumes":[{"$retainKeys":["name"],"name":"v","configMap":{"name":"cm"}}]}}"""));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("invalid patch format of retainKeys", e.Message);
    }

    [Fact]
    public void Strategic_merge_null_deletes_and_unmatched_null_is_ignored()
    {
        var result = Pod("""{"spec":{"a":1,"b":2}}""", """{"spec":{"a":null,"zzz":null}}""");
        JsonEqual("""{"spec":{"b":2}}""", result);
    }

    [Fact]
    public void Strategic_merge_directives_inside_new_subtrees_do_not_leak()
    {
        var result = Pod("""{"metadata":{"name":"p"}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"a","env":[{"name":"X","value":"1"},{"$patch":"delete","name":"Y"}],"image":null}]}}""");
        JsonEqual("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"}]}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_service_ports_merge_by_port()
    {
        var result = StrategicMergePatch.Apply(Json("""{"spec":{"ports":[{"port":80,"targetPort":8080}]}}"""),
            Json("""{"spec":{"ports":[{"port":80,"nodePort":30080}]}}"""), "v1", "Service");
        JsonEqual("""{"spec":{"ports":[{"port":80,"targetPort":8080,"nodePort":30080}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_node_addresses_and_conditions_merge_by_type()
    {
        var result = StrategicMergePatch.Apply(
            Json("""{"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.1"}],"conditions":[{"type":"Ready","status":"False"}]}}"""),
            Json("""{"status":{"addresses":[{"type":"Hostname","address":"n1"}],"conditions":[{"type":"Ready","status":"True"}]}}"""), "v1", "Node");
        JsonEqual("""{"status":{"addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.1"}],"conditions":[{"type":"Ready","status":"True"}]}}""", result);
    }

    [Fact]
    public void Strategic_merge_reaches_the_pod_template_inside_a_cronjob()
    {
        var result = StrategicMergePatch.Apply(
            Json("""{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]}}}}}}"""),
            Json("""{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"3"}]}}}}}}"""), "batch/v1", "CronJob");
        var containers = result["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
    }

    [Fact]
    public void Strategic_merge_deployment_strategy_patch_replace_directive()
    {
        var result = StrategicMergePatch.Apply(Json("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}"""),
            Json("""{"spec":{"strategy":{"$patch":"replace","type":"Recreate"}}}"""), "apps/v1", "Deployment");
        JsonEqual("""{"spec":{"strategy":{"type":"Recreate"}}}""", result);
    }

    [Fact]
    public void Strategic_merge_pdb_selector_is_replaced_not_merged()
    {
        var result = StrategicMergePatch.Apply(Json("""{"spec":{"selector":{"matchLabels":{"a":"1"}}}}"""),
            Json("""{"spec":{"selector":{"matchExpressions":[]}}}"""), "policy/v1", "PodDisruptionBudget");
        JsonEqual("""{"spec":{"selector":{"matchExpressions":[]}}}""", result);
    }

    [Fact]
    public void Strategic_merge_is_refused_for_custom_resources_with_415()
    {
        var e = Assert.Throws<StrategicMergePatchNotSupportedException>(() =>
            StrategicMergePatch.Apply(Json("{}"), Json("{}"), "example.com/v1", "Widget"));
        Assert.Equal(415, e.StatusCode);
        Assert.Equal(PatchFailure.UnsupportedMediaType, e.Failure);
        Assert.Equal("strategic merge patch format is not supported", e.Message);
        Assert.False(StrategicMergePatchSchemas.TryGet("example.com/v1", "Widget", out _));
    }

    [Theory]
    [InlineData("v1", "Pod")]
    [InlineData("v1", "ConfigMap")]
    [InlineData("v1", "Secret")]
    [InlineData("v1", "Namespace")]
    [InlineData("v1", "Endpoints")]
    [InlineData("v1", "PersistentVolume")]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("batch/v1", "Job")]
    [InlineData("networking.k8s.io/v1", "Ingress")]
    [InlineData("coordination.k8s.io/v1", "Lease")]
    [InlineData("discovery.k8s.io/v1", "EndpointSlice")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition")]
    [InlineData("autoscaling/v2", "HorizontalPodAutoscaler")]
    public void Built_in_kinds_have_a_schema_whose_metadata_merges_finalizers(string apiVersion, string kind)
    {
        Assert.True(StrategicMergePatchSchemas.TryGet(apiVersion, kind, out var schema));
        var result = StrategicMergePatch.Apply(Json("""{"metadata":{"finalizers":["a"]}}"""), Json("""{"metadata":{"finalizers":["a","b"]}}"""), schema);
        JsonEqual("""{"metadata":{"finalizers":["a","b"]}}""", result);
    }

    [Theory]
    [InlineData("""{"spec":{"containers":[{"image":"x"}]}}""", 422)]
    [InlineData("""{"spec":{"containers":[{"$patch":"delete"}]}}""", 422)]
    [InlineData("""{"spec":{"containers":[{"$patch":"explode","name":"a"}]}}""", 400)]
    [InlineData("""{"spec":{"$patch":"explode"}}""", 400)]
    [InlineData("""{"spec":{"$setElementOrder/containers":{"name":"a"}}}""", 400)]
    [InlineData("""{"spec":{"$setElementOrder/containers":[{"name":"b"}],"containers":[{"name":"a","image":"q"}]}}""", 422)]
    [InlineData("""{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}""", 400)]
    [InlineData("""{"spec":{"$retainKeys":"name"}}""", 400)]
    [InlineData("""{"spec":{"containers":[["a"]]}}""", 422)]
    [InlineData("""{"spec":{"containers":[{"name":"a"},"b"]}}""", 422)]
    public void Strategic_merge_errors_tell_bad_patches_from_ones_that_do_not_apply(string patch, int status)
    {
        var e = Assert.Throws<PatchException>(() => Pod(TwoContainers, patch));
        Assert.Equal(status, e.StatusCode);
    }

    [Fact]
    public void Strategic_merge_patch_that_is_not_an_object_is_a_400()
    {
        var e = Assert.Throws<PatchException>(() => Pod(TwoContainers, "[1]"));
        Assert.Equal(400, e.StatusCode);
    }
}
