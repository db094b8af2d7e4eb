using KubeCore.Patching;
using static KubeCore.Tests.Patching.PatchAssert;

namespace KubeCore.Tests.Patching;

public class JsonMergePatchTests
{
    // RFC 7386 Appendix A, one row per example.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Merge_patch_follows_the_RFC_7386_examples(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(System.Text.Json.Nodes.JsonNode.Parse(target), System.Text.Json.Nodes.JsonNode.Parse(patch));
        JsonEqual(expected, result);
    }

    [Fact]
    public void Merge_patch_replaces_lists_instead_of_merging_them()
    {
        var result = JsonMergePatch.Apply(Json("""{"metadata":{"finalizers":["a","b"]}}"""), Json("""{"metadata":{"finalizers":["c"]}}"""));
        JsonEqual("""{"metadata":{"finalizers":["c"]}}""", result);
    }

    [Fact]
    public void Merge_patch_with_null_target_builds_the_object_from_the_patch()
    {
        JsonEqual("""{"a":{"b":1}}""", JsonMergePatch.Apply(null, Json("""{"a":{"b":1,"c":null}}""")));
    }
}
