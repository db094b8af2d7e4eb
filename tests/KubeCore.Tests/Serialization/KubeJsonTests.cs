using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Storage;

namespace KubeCore.Tests.Serialization;

public sealed record Gadget : KubeObject<GadgetSpec, GadgetStatus>
{
    public Gadget() { ApiVersion = "example.com/v1"; Kind = "Gadget"; }
}

public sealed record GadgetSpec
{
    public int Size { get; init; }
    [JsonPropertyName("colour")] public string? Color { get; init; }
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record GadgetStatus
{
    public string? Phase { get; init; }
}

public class KubeJsonTests
{
    [Fact]
    public void Unknown_kinds_fall_back_to_generic_object_with_everything_kept()
    {
        var json = TestFiles.Read("RoundTrip", "widget.json");

        var obj = Assert.IsType<GenericObject>(KubeJson.Deserialize(json));

        Assert.Equal("Widget", obj.Kind);
        Assert.Equal("blue-one", obj.Metadata.Name);
        Assert.Equal(3, obj.GetSpec()!.Value.GetProperty("size").GetInt32());
        Assert.Equal("Ready", obj.GetStatus()!.Value.GetProperty("phase").GetString());
        Assert.Equal("kept", obj.GetField("topLevelExtra")!.Value.GetString());
    }

    [Fact]
    public void Generic_object_spec_ignores_status_but_not_other_top_level_fields()
    {
        var a = (GenericObject)KubeJson.Deserialize("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1},"status":{"phase":"A"}}""");
        var b = (GenericObject)KubeJson.Deserialize("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1},"status":{"phase":"B"}}""");
        var c = (GenericObject)KubeJson.Deserialize("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":2}}""");
        var d = (GenericObject)KubeJson.Deserialize("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1},"data":{"x":1}}""");

        Assert.True(a.SpecEquals(b));
        Assert.False(a.SpecEquals(c));
        Assert.False(a.SpecEquals(d));
        Assert.True(a.HasSpec && a.HasStatus);

        var statusFromB = (GenericObject)a.WithStatusFrom(b);
        Assert.Equal("B", statusFromB.GetStatus()!.Value.GetProperty("phase").GetString());
        Assert.Equal("A", a.GetStatus()!.Value.GetProperty("phase").GetString());

        var specFromC = (GenericObject)a.WithSpecFrom(c);
        Assert.Equal(2, specFromC.GetSpec()!.Value.GetProperty("size").GetInt32());
        Assert.Equal("A", specFromC.GetStatus()!.Value.GetProperty("phase").GetString());
    }

    [Fact]
    public void Registered_user_kinds_decode_to_their_record_without_source_generation()
    {
        var map = KubeTypeMap.CreateWithBuiltIns();
        map.Register<Gadget>("example.com/v1", "Gadget");
        var json = """{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":4,"colour":"red","extra":[1]},"status":{"phase":"Ok"}}""";

        var gadget = Assert.IsType<Gadget>(KubeJson.Deserialize(json, map));

        Assert.Equal(4, gadget.Spec!.Size);
        Assert.Equal("red", gadget.Spec.Color);
        RoundTripTests.AssertSameJson(json, KubeJson.Serialize(gadget));
        Assert.IsType<GenericObject>(KubeJson.Deserialize(json));
        Assert.True(map.TryGetKind(typeof(Gadget), out var apiVersion, out var kind));
        Assert.Equal(("example.com/v1", "Gadget"), (apiVersion, kind));
    }

    [Fact]
    public void Registering_a_kind_twice_with_different_types_is_rejected()
    {
        var map = new KubeTypeMap();
        map.Register<Gadget>("example.com/v1", "Gadget");
        map.Register<Gadget>("example.com/v1", "Gadget");

        Assert.Throws<InvalidOperationException>(() => map.Register<Pod>("example.com/v1", "Gadget"));
        Assert.False(map.TryGetType("v1", "Pod", out _));
        Assert.True(KubeTypeMap.Default.TryGetType("v1", "Pod", out var pod));
        Assert.Equal(typeof(Pod), pod);
    }

    [Fact]
    public void Same_kind_in_another_api_version_is_not_the_typed_record()
    {
        var obj = KubeJson.Deserialize("""{"apiVersion":"apps/v1beta1","kind":"Deployment","metadata":{"name":"old"}}""");

        Assert.IsType<GenericObject>(obj);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","metadata":{"name":"x"}}""", "Kind")]
    [InlineData("""{"kind":"Pod","metadata":{"name":"x"}}""", "apiVersion")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":"nope"}}""", "$.spec.containers")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":"three"}}""", "$.spec.replicas")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"creationTimestamp":"yesterday"}}""", "yesterday")]
    [InlineData("""{"apiVersion":"v1","kind":7}""", "kind must be a string")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod",""", "cannot decode Pod (v1)")]
    [InlineData("""{"apiVersion":"v1",""", "invalid JSON")]
    public void Bad_input_gives_a_clear_error(string json, string expectedFragment)
    {
        var e = Assert.ThrowsAny<JsonException>(() => KubeJson.Deserialize(json));

        Assert.IsType<KubeJsonException>(e);
        Assert.Contains(expectedFragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_errors_name_the_kind_and_the_field_path()
    {
        var e = Assert.Throws<KubeJsonException>(() => KubeJson.Deserialize("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":"three"}}"""));

        Assert.Equal("Deployment", e.ObjectKind);
        Assert.StartsWith("cannot decode Deployment (apps/v1) at $.spec.replicas", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_metadata_reads_as_empty_metadata()
    {
        var obj = KubeJson.Deserialize("""{"apiVersion":"v1","kind":"ConfigMap","metadata":null}""");

        Assert.NotNull(obj.Metadata);
        Assert.Null(obj.Metadata.Name);
    }

    [Fact]
    public void Json_node_conversion_allows_patching_and_back()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "p" }, Spec = new PodSpec { NodeName = "a" } };

        var node = KubeJson.ToJsonNode(pod);
        node["spec"]!["nodeName"] = "b";
        node["spec"]!["futureField"] = new JsonObject { ["x"] = 1 };
        var patched = KubeJson.FromJsonNode<Pod>(node);

        Assert.Equal("b", patched.Spec!.NodeName);
        Assert.Equal("a", pod.Spec!.NodeName);
        Assert.Equal(1, patched.Spec.ExtensionData!["futureField"].GetProperty("x").GetInt32());
        Assert.IsType<Pod>(KubeJson.FromJsonNode(node, typeof(Pod)));
    }

    [Fact]
    public void Storage_codec_round_trips_and_stamps_the_revision()
    {
        var codec = new JsonStorageCodec();
        var pod = new Pod { Metadata = new ObjectMeta { Name = "p", ResourceVersion = "3" }, Spec = new PodSpec { NodeName = "n" } };

        var decoded = codec.Decode(codec.Encode(pod), 42);

        var typed = Assert.IsType<Pod>(decoded);
        Assert.Equal("42", typed.Metadata.ResourceVersion);
        Assert.Equal("n", typed.Spec!.NodeName);
        Assert.Equal(42, KubeObjectRevisionExtensions.ParseResourceVersion(typed.Metadata.ResourceVersion));
    }

    [Fact]
    public void Lists_serialize_with_list_metadata_and_items()
    {
        var list = new KubeList<Pod>
        {
            ApiVersion = "v1",
            Kind = "PodList",
            Metadata = new ListMeta { ResourceVersion = "10", Continue = "abc" },
            Items = [new Pod { Metadata = new ObjectMeta { Name = "a" } }],
        };

        var json = JsonSerializer.Serialize(list, KubeJson.Options);
        var back = JsonSerializer.Deserialize<KubeList<Pod>>(json, KubeJson.Options)!;

        Assert.Equal("""{"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"10","continue":"abc"},"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}]}""", json);
        Assert.Equal("a", back.Items[0].Metadata.Name);
    }

    [Fact]
    public void Built_in_kinds_use_source_generated_metadata()
    {
        foreach (var (_, _, type) in KubeTypeMap.Default.Registrations)
        {
            Assert.NotNull(KubeJsonContext.Default.GetTypeInfo(type));
        }
        Assert.NotNull(KubeJsonContext.Default.GetTypeInfo(typeof(GenericObject)));
        Assert.NotNull(KubeJsonContext.Default.GetTypeInfo(typeof(KubeList<Pod>)));
    }
}
