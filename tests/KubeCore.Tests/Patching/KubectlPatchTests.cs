using System.Text.Json.Nodes;
using KubeCore.Patching;
using static KubeCore.Tests.Patching.PatchAssert;

namespace KubeCore.Tests.Patching;

/// <summary>The patches kubectl 1.32 really sends (wire contract §2 and §5) applied to a realistic Deployment.</summary>
public class KubectlPatchTests
{
    private const string Deployment = """
    {
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "default", "resourceVersion": "42", "generation": 3,
        "labels": {"app": "web"},
        "annotations": {"deployment.kubernetes.io/revision": "2", "kubectl.kubernetes.io/last-applied-configuration": "{}"},
        "finalizers": ["example.com/a"]},
      "spec": {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "web"}},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
        "template": {
          "metadata": {"labels": {"app": "web"}, "creationTimestamp": null},
          "spec": {
            "containers": [
              {"name": "a", "image": "nginx:1.25", "args": ["x", "y"], "ports": [{"containerPort": 80, "protocol": "TCP"}],
               "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}], "resources": {}},
              {"name": "b", "image": "busybox", "command": ["sleep", "3600"]}
            ],
            "volumes": [{"name": "v1", "emptyDir": {}}],
            "tolerations": [{"key": "k1", "operator": "Exists"}]
          }
        }
      },
      "status": {"observedGeneration": 3, "replicas": 2,
        "conditions": [{"type": "Available", "status": "True"}, {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}
    }
    """;

    private static JsonObject Smp(string patch, string original = Deployment) =>
        StrategicMergePatch.Apply(Json(original), Json(patch), "apps/v1", "Deployment");

    [Fact]
    public void Set_image_with_setElementOrder_changes_only_that_container_image()
    {
        var result = Smp("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"image":"nginx:1.27","name":"a"}]}}}}""");
        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("nginx:1.27", (string?)containers[0]!["image"]);
        Assert.Equal("a", (string?)containers[0]!["name"]);
        JsonEqual("""["x","y"]""", containers[0]!["args"]);
        JsonEqual("""[{"containerPort":80,"protocol":"TCP"}]""", containers[0]!["ports"]);
        JsonEqual("""{"name":"b","image":"busybox","command":["sleep","3600"]}""", containers[1]);
        Assert.DoesNotContain("$setElementOrder", result.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_image_as_sent_by_kubectl_for_a_single_container_deployment()
    {
        const string single = """{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}""";
        var result = Smp("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"x","name":"nginx"}]}}}}""", single);
        JsonEqual("""{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"x"}]}}}}""", result);
    }

    [Fact]
    public void Client_side_apply_patch_removes_container_switches_to_Recreate_and_replaces_volume_source()
    {
        var result = Smp("""
        {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"new\":true}"}},
         "spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"},
          "template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"$setElementOrder/volumes":[{"name":"v1"}],
           "containers":[{"args":["z"],"name":"a"},{"$patch":"delete","name":"b"}],
           "volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cm"},"emptyDir":null,"name":"v1"}]}}}}
        """);
        var spec = result["spec"]!;
        JsonEqual("""{"type":"Recreate"}""", spec["strategy"]);
        var podSpec = spec["template"]!["spec"]!;
        var containers = podSpec["containers"]!.AsArray();
        Assert.Single(containers);
        Assert.Equal("a", (string?)containers[0]!["name"]);
        JsonEqual("""["z"]""", containers[0]!["args"]);
        Assert.Equal("nginx:1.25", (string?)containers[0]!["image"]);
        JsonEqual("""[{"name":"v1","configMap":{"name":"cm"}}]""", podSpec["volumes"]);
        Assert.Equal("{\"new\":true}", (string?)result["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal("2", (string?)result["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        var text = result.ToJsonString();
        Assert.DoesNotContain("$retainKeys", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$patch", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$setElementOrder", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollout_pause_sets_paused_and_resume_with_null_removes_it()
    {
        var paused = Smp("""{"spec":{"paused":true}}""");
        Assert.True((bool)paused["spec"]!["paused"]!);
        var resumed = StrategicMergePatch.Apply(paused, Json("""{"spec":{"paused":null}}"""), "apps/v1", "Deployment");
        Assert.False(resumed["spec"]!.AsObject().ContainsKey("paused"));
        Assert.Equal(2, (int)resumed["spec"]!["replicas"]!);
    }

    [Fact]
    public void Rollout_restart_adds_restartedAt_annotation_to_pod_template()
    {
        var result = Smp("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-02T03:04:05Z"}}}}}""");
        JsonEqual("""{"labels":{"app":"web"},"creationTimestamp":null,"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-02T03:04:05Z"}}""",
            result["spec"]!["template"]!["metadata"]);
    }

    [Fact]
    public void Label_patch_adds_a_label_and_keeps_the_others()
    {
        var result = Smp("""{"metadata":{"labels":{"tier":"fe"}}}""");
        JsonEqual("""{"app":"web","tier":"fe"}""", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Label_removal_with_null_deletes_the_label()
    {
        var result = Smp("""{"metadata":{"labels":{"app":null}}}""");
        JsonEqual("{}", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Annotate_overwrites_an_existing_annotation()
    {
        var result = Smp("""{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"3"}}}""");
        Assert.Equal("3", (string?)result["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
    }

    [Fact]
    public void Scale_merge_patch_sets_replicas()
    {
        var result = JsonMergePatch.Apply(Json(Deployment), Json("""{"spec":{"replicas":3}}"""))!;
        Assert.Equal(3, (int)result["spec"]!["replicas"]!);
        JsonEqual("""{"app":"web"}""", result["spec"]!["selector"]!["matchLabels"]);
    }

    [Fact]
    public void Rollout_undo_json_patch_replaces_template_and_annotations()
    {
        var patch = """
        [{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"web"},"creationTimestamp":null},"spec":{"containers":[{"name":"a","image":"nginx:1.24","resources":{}}]}}},
         {"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"1"}}]
        """;
        var result = JsonPatch.Apply(Json(Deployment), Json(patch))!;
        JsonEqual("""[{"name":"a","image":"nginx:1.24","resources":{}}]""", result["spec"]!["template"]!["spec"]!["containers"]);
        JsonEqual("""{"deployment.kubernetes.io/revision":"1"}""", result["metadata"]!["annotations"]);
    }

    [Fact]
    public void Cordon_json_patch_replace_of_missing_field_adds_it()
    {
        var node = """{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{"podCIDR":"10.0.0.0/24"}}""";
        var result = JsonPatch.Apply(Json(node), Json("""[{"op":"replace","path":"/spec/unschedulable","value":true}]"""))!;
        JsonEqual("""{"podCIDR":"10.0.0.0/24","unschedulable":true}""", result["spec"]);
    }

    [Fact]
    public void Patches_never_mutate_their_inputs()
    {
        var original = Json(Deployment);
        var patch = Json("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}}}""");
        var originalText = original.ToJsonString();
        var patchText = patch.ToJsonString();
        _ = StrategicMergePatch.Apply(original, patch, "apps/v1", "Deployment");
        _ = JsonMergePatch.Apply(original, Json("""{"spec":null}"""));
        _ = JsonPatch.Apply(original, Json("""[{"op":"remove","path":"/spec"}]"""));
        Assert.Equal(originalText, original.ToJsonString());
        Assert.Equal(patchText, patch.ToJsonString());
    }

    [Fact]
    public void Tolerations_are_replaced_wholesale()
    {
        var result = Smp("""{"spec":{"template":{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}}}""");
        JsonEqual("""[{"key":"k2","operator":"Exists"}]""", result["spec"]!["template"]!["spec"]!["tolerations"]);
    }

    [Fact]
    public void Env_merges_by_name_and_container_args_are_replaced()
    {
        var result = Smp("""{"spec":{"template":{"spec":{"containers":[{"name":"a","args":["q"],"env":[{"name":"B","value":"20"},{"name":"C","value":"3"}]}]}}}}""");
        var a = result["spec"]!["template"]!["spec"]!["containers"]![0]!;
        JsonEqual("""["q"]""", a["args"]);
        var names = a["env"]!.AsArray().Select(e => (string?)e!["name"]).ToList();
        Assert.Equal(3, names.Count);
        Assert.Contains("A", names);
        Assert.Equal("20", (string?)a["env"]!.AsArray().Single(e => (string?)e!["name"] == "B")!["value"]);
    }

    [Fact]
    public void Status_conditions_merge_by_type()
    {
        var result = Smp("""{"status":{"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}}""");
        var conditions = result["status"]!["conditions"]!.AsArray();
        Assert.Equal(2, conditions.Count);
        Assert.Equal("True", (string?)conditions.Single(c => (string?)c!["type"] == "Available")!["status"]);
        Assert.Equal("ProgressDeadlineExceeded", (string?)conditions.Single(c => (string?)c!["type"] == "Progressing")!["reason"]);
    }
}
