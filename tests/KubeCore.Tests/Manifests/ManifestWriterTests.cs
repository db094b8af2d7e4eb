using System.Text.Json.Nodes;
using KubeCore.Manifests;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Tests.Serialization;

namespace KubeCore.Tests.Manifests;

public class ManifestWriterTests
{
    [Fact]
    public void Written_yaml_reloads_to_equal_objects()
    {
        var originals = ManifestReader.Default.Load(TestFiles.PathOf("Manifests", "app"), recursive: true)
            .Concat(ManifestReader.Default.LoadFile(TestFiles.PathOf("RoundTrip", "misc.json")))
            .Concat(new[] { "deployment.json", "node.json", "crd.json", "widget.json", "pod.json", "hpa.json" }.Select(f => KubeJson.Deserialize(TestFiles.Read("RoundTrip", f))))
            .ToList();

        var yaml = ManifestWriter.ToYaml(originals);
        var reloaded = ManifestReader.Default.LoadString(yaml, "written.yaml");

        Assert.Equal(originals.Count, reloaded.Count);
        for (var i = 0; i < originals.Count; i++)
        {
            Assert.Equal(originals[i].GetType(), reloaded[i].GetType());
            RoundTripTests.AssertSameJson(KubeJson.Serialize(originals[i]), KubeJson.Serialize(reloaded[i]));
        }
    }

    [Fact]
    public void Strings_that_look_like_other_types_are_quoted()
    {
        var cm = new ConfigMap
        {
            Metadata = new ObjectMeta { Name = "tricky" },
            Data = new Dictionary<string, string>
            {
                ["yes"] = "no", ["on"] = "off", ["y"] = "n", ["num"] = "123", ["float"] = "1.0", ["octal"] = "0777", ["hex"] = "0x1F",
                ["null"] = "null", ["tilde"] = "~", ["empty"] = "", ["date"] = "2025-01-02", ["exp"] = "1e3", ["plain"] = "hello world",
                ["colon"] = "a: b", ["multi"] = "line1\nline2\n", ["lead"] = " padded ", ["star"] = "*x", ["dash"] = "- item",
            },
        };

        var yaml = ManifestWriter.ToYaml(cm);
        var back = (ConfigMap)ManifestReader.Default.LoadString(yaml).Single();

        Assert.Equal(cm.Data, back.Data);
        Assert.Contains("plain: hello world", yaml, StringComparison.Ordinal);
        Assert.Contains("\"yes\": \"no\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiple_objects_are_separated_by_document_markers()
    {
        var yaml = ManifestWriter.ToYaml([new Namespace { Metadata = new ObjectMeta { Name = "a" } }, new Namespace { Metadata = new ObjectMeta { Name = "b" } }]);

        Assert.Single(yaml.Split('\n'), l => l == "---");
        Assert.StartsWith("apiVersion: v1\n", yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(["a", "b"], ManifestReader.Default.LoadString(yaml).Select(o => o.Metadata.Name));
    }

    [Fact]
    public void Empty_maps_and_lists_survive_as_flow_collections()
    {
        var node = JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"t"},"spec":{"a":{},"b":[],"c":[{}]}}""")!;
        var obj = KubeJson.FromJsonNode(node);

        var back = ManifestReader.Default.LoadString(ManifestWriter.ToYaml(obj)).Single();

        RoundTripTests.AssertSameJson(node.ToJsonString(), KubeJson.Serialize(back));
    }
}
