using KubeCore.Patching;
using static KubeCore.Tests.Patching.PatchAssert;

namespace KubeCore.Tests.Patching;

public class PatchPreconditionsTests
{
    [Fact]
    public void Resource_version_in_a_patch_body_is_found()
    {
        Assert.True(PatchPreconditions.TryGetResourceVersion(Json("""{"metadata":{"resourceVersion":"41","labels":{"a":"b"}}}"""), out var rv));
        Assert.Equal("41", rv);
    }

    [Theory]
    [InlineData("""{"metadata":{"labels":{"a":"b"}}}""")]
    [InlineData("""{"metadata":{"resourceVersion":""}}""")]
    [InlineData("""{"metadata":{"resourceVersion":null}}""")]
    [InlineData("""{"spec":{"replicas":3}}""")]
    [InlineData("""[{"op":"add","path":"/a","value":1}]""")]
    public void Patch_without_a_resource_version_has_no_precondition(string patch)
    {
        Assert.False(PatchPreconditions.TryGetResourceVersion(Json(patch), out _));
    }

    [Fact]
    public void Stale_resource_version_in_a_patch_body_is_a_conflict()
    {
        Assert.True(PatchPreconditions.IsStale(Json("""{"metadata":{"resourceVersion":"41"}}"""), "42"));
        Assert.False(PatchPreconditions.IsStale(Json("""{"metadata":{"resourceVersion":"42"}}"""), "42"));
        Assert.False(PatchPreconditions.IsStale(Json("""{"spec":{}}"""), "42"));
    }

    [Fact]
    public void Json_patch_that_tests_or_sets_resource_version_carries_a_precondition()
    {
        var ops = JsonPatch.Parse("""[{"op":"test","path":"/metadata/resourceVersion","value":"7"},{"op":"replace","path":"/spec/replicas","value":1}]""");
        Assert.True(PatchPreconditions.TryGetResourceVersion(ops, out var rv));
        Assert.Equal("7", rv);
    }
}
