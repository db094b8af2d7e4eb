using KubeCore.Patching;
using static KubeCore.Tests.Patching.PatchAssert;

namespace KubeCore.Tests.Patching;

public class KubernetesPatchTests
{
    [Theory]
    [InlineData("application/json-patch+json", PatchType.Json)]
    [InlineData("application/merge-patch+json; charset=utf-8", PatchType.Merge)]
    [InlineData("application/strategic-merge-patch+json", PatchType.StrategicMerge)]
    [InlineData("application/apply-patch+yaml", PatchType.Apply)]
    public void Content_type_selects_the_patch_type(string contentType, PatchType expected)
    {
        Assert.True(KubernetesPatch.TryParseContentType(contentType, out var type));
        Assert.Equal(expected, type);
    }

    [Fact]
    public void Unknown_content_type_is_not_a_patch_type()
    {
        Assert.False(KubernetesPatch.TryParseContentType("application/json", out _));
    }

    [Fact]
    public void Merge_patch_on_a_custom_resource_works_where_strategic_merge_is_refused()
    {
        const string widget = """{"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":1}}""";
        var merged = KubernetesPatch.Apply(PatchType.Merge, Json(widget), Json("""{"spec":{"size":2}}"""), "example.com/v1", "Widget");
        JsonEqual("""{"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":2}}""", merged);
        var e = Assert.Throws<StrategicMergePatchNotSupportedException>(() =>
            KubernetesPatch.Apply(PatchType.StrategicMerge, Json(widget), Json("""{"spec":{"size":2}}"""), "example.com/v1", "Widget"));
        Assert.Equal(415, e.StatusCode);
    }

    [Fact]
    public void Malformed_body_is_a_400()
    {
        Assert.Equal(400, Assert.Throws<PatchException>(() => KubernetesPatch.ParseBody("{\"a\":")).StatusCode);
        Assert.Equal(400, Assert.Throws<PatchException>(() => KubernetesPatch.Apply(PatchType.Merge, Json("{}"), Json("[1]"), "v1", "Pod")).StatusCode);
    }
}
