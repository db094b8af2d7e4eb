using System.Text.Json.Nodes;
using KubeCore.Patching;

namespace KubeCore.Tests.Patching;

internal static class PatchAssert
{
    public static JsonNode Json(string text) => JsonNode.Parse(text)!;

    /// <summary>Compares JSON ignoring object member order but not array order.</summary>
    public static void JsonEqual(string expected, JsonNode? actual)
    {
        var e = JsonNode.Parse(expected);
        Assert.True(JsonValueEquality.Equal(e, actual), $"expected {e?.ToJsonString()}\n  actual {actual?.ToJsonString() ?? "null"}");
    }

    public static void Unchanged(string before, JsonNode after) => JsonEqual(before, after);
}
