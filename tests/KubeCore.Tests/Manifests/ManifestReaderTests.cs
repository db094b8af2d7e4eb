using System.Text.Json;
using KubeCore.Manifests;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Tests.Serialization;

namespace KubeCore.Tests.Manifests;

public class ManifestReaderTests
{
    private static readonly string AppFolder = TestFiles.PathOf("Manifests", "app");

    [Fact]
    public void Folder_loads_yaml_yml_and_json_files_in_name_order_skipping_empty_documents()
    {
        var objects = ManifestReader.Default.Load(AppFolder);

        Assert.Equal(
            ["Namespace/shop", "Deployment/web", "Service/web", "ConfigMap/flags", "Widget/w1", "ConfigMap/from-json"],
            objects.Select(o => $"{o.Kind}/{o.Metadata.Name}"));
        Assert.IsType<Deployment>(objects[1]);
        Assert.IsType<GenericObject>(objects[4]);
    }

    [Fact]
    public void Recursive_folder_load_includes_sub_folders()
    {
        var objects = ManifestReader.Default.Load(AppFolder, recursive: true);

        Assert.Equal("ServiceAccount/extra", $"{objects[^1].Kind}/{objects[^1].Metadata.Name}");
        Assert.Equal(7, objects.Count);
    }

    [Fact]
    public void Yaml_scalars_are_typed_like_sigs_k8s_io_yaml()
    {
        var objects = ManifestReader.Default.Load(AppFolder);
        var deployment = (Deployment)objects[1];
        var flags = (ConfigMap)objects[3];
        var spec = ((GenericObject)objects[4]).GetSpec()!.Value;

        Assert.Equal("yes", deployment.Metadata.Annotations!["example.com/enabled"]);
        Assert.Equal("0777", deployment.Metadata.Annotations["example.com/build"]);
        Assert.Equal(1, deployment.Spec!.Strategy!.RollingUpdate!.MaxSurge!.Value.IntValue);
        Assert.Equal("25%", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable!.Value.StringValue);
        Assert.Equal("hello\nworld\n", deployment.Spec.Template!.Spec!.Containers![0].Env![0].Value);
        Assert.Equal("on", flags.Data!["quoted"]);
        Assert.Equal(JsonValueKind.True, spec.GetProperty("enabled").ValueKind);
        Assert.Equal(JsonValueKind.False, spec.GetProperty("disabled").ValueKind);
        Assert.Equal(511, spec.GetProperty("octal").GetInt32());
        Assert.Equal(31, spec.GetProperty("hex").GetInt32());
        Assert.Equal(1000, spec.GetProperty("underscored").GetInt32());
        Assert.Equal("1.5", spec.GetProperty("float").GetRawText());
        Assert.Equal("1000", spec.GetProperty("exp").GetRawText());
        Assert.Equal("123456789012345678901234567890", spec.GetProperty("big").GetRawText());
        Assert.Equal(JsonValueKind.Null, spec.GetProperty("nothing").ValueKind);
        Assert.Equal(JsonValueKind.Null, spec.GetProperty("empty").ValueKind);
        Assert.Equal("2025-03-04T05:06:07Z", spec.GetProperty("stamp").GetString());
        Assert.Equal("1.0", spec.GetProperty("version").GetString());
        Assert.Equal("one", spec.GetProperty("1").GetString());
    }

    [Fact]
    public void A_json_list_manifest_is_expanded_into_its_items()
    {
        var objects = ManifestReader.Default.LoadFile(TestFiles.PathOf("RoundTrip", "misc.json"));

        Assert.Equal(19, objects.Count);
        Assert.IsType<Event>(objects[0]);
        Assert.IsType<ClusterRoleBinding>(objects[^1]);
    }

    [Fact]
    public void Invalid_yaml_names_the_file_and_document()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Default.LoadString("apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: [unclosed\n", "bad.yaml"));

        Assert.StartsWith("bad.yaml: document 2:", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.DocumentNumber);
    }

    [Fact]
    public void A_document_of_the_wrong_shape_names_the_file_document_and_field()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: two\n";

        var e = Assert.Throws<ManifestException>(() => ManifestReader.Default.LoadString(yaml, "web.yaml"));

        Assert.Contains("web.yaml: document 2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.spec.replicas", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_without_kind_is_rejected()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Default.LoadString("apiVersion: v1\nmetadata: {name: x}\n", "nokind.yaml"));

        Assert.Contains("nokind.yaml: document 1: Object 'Kind' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scalar_document_is_rejected()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Default.LoadString("just a string\n", "s.yaml"));

        Assert.Contains("s.yaml: document 1: expected an object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unquoted_number_in_a_string_field_is_rejected_as_the_api_server_would()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    version: 1.0\n";

        var e = Assert.Throws<ManifestException>(() => ManifestReader.Default.LoadString(yaml, "cm.yaml"));

        Assert.Contains("$.metadata.labels.version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_resolved()
    {
        var yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: anchors
              labels: &labels
                app: web
              annotations:
                <<: *labels
                extra: "1"
            data:
              a: &v hello
              b: *v
            """;

        var cm = (ConfigMap)ManifestReader.Default.LoadString(yaml).Single();

        Assert.Equal("web", cm.Metadata.Annotations!["app"]);
        Assert.Equal("hello", cm.Data!["b"]);
    }

    [Fact]
    public void A_stream_of_json_objects_loads_like_kubectl()
    {
        var json = """
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"path": "c:\/x", "n": "1.50"}}
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}
            """;

        var objects = ManifestReader.Default.LoadString(json);

        Assert.Equal(["a", "b"], objects.Select(o => o.Metadata.Name));
        Assert.Equal("c:/x", ((ConfigMap)objects[0]).Data!["path"]);
    }

    [Fact]
    public void A_flow_mapping_that_is_not_json_is_read_as_yaml()
    {
        var obj = ManifestReader.Default.LoadString("{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}").Single();

        Assert.Equal("flow", obj.Metadata.Name);
    }

    [Fact]
    public void Missing_path_is_reported()
    {
        Assert.Throws<FileNotFoundException>(() => ManifestReader.Default.Load(Path.Combine(AppFolder, "missing.yaml")));
    }
}
