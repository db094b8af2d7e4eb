using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Tests.Serialization;

public class RoundTripTests
{
    public static TheoryData<string, Type> Manifests => new()
    {
        { "deployment.json", typeof(Deployment) },
        { "service.json", typeof(Service) },
        { "cronjob.json", typeof(CronJob) },
        { "ingress.json", typeof(Ingress) },
        { "hpa.json", typeof(HorizontalPodAutoscaler) },
        { "crd.json", typeof(CustomResourceDefinition) },
        { "widget.json", typeof(GenericObject) },
        { "node.json", typeof(Node) },
        { "pod.json", typeof(Pod) },
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_round_trips_every_field_through_the_typed_object(string file, Type expectedType)
    {
        var json = TestFiles.Read("RoundTrip", file);

        var obj = KubeJson.Deserialize(json);

        Assert.IsType(expectedType, obj);
        AssertSameJson(json, KubeJson.Serialize(obj));
    }

    [Fact]
    public void Every_item_of_a_mixed_list_round_trips_as_its_typed_kind()
    {
        var list = JsonNode.Parse(TestFiles.Read("RoundTrip", "misc.json"))!["items"]!.AsArray();

        foreach (var item in list)
        {
            var json = item!.ToJsonString();
            var obj = KubeJson.Deserialize(json);
            Assert.IsNotType<GenericObject>(obj);
            AssertSameJson(json, KubeJson.Serialize(obj));
        }
    }

    [Fact]
    public void Utf8_and_json_node_paths_give_the_same_result()
    {
        var json = TestFiles.Read("RoundTrip", "deployment.json");
        var fromBytes = KubeJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json));
        var node = KubeJson.ToJsonNode(fromBytes);
        var fromNode = KubeJson.FromJsonNode(node);
        var fromElement = KubeJson.Deserialize(System.Text.Json.JsonDocument.Parse(json).RootElement);

        AssertSameJson(json, node.ToJsonString());
        AssertSameJson(json, KubeJson.Serialize(fromNode));
        AssertSameJson(json, System.Text.Encoding.UTF8.GetString(KubeJson.SerializeToUtf8Bytes(fromElement)));
    }

    internal static void AssertSameJson(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"JSON differs.\nExpected: {e?.ToJsonString()}\nActual:   {a?.ToJsonString()}");
    }
}
