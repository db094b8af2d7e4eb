using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>JSON merge patch (RFC 7386, <c>application/merge-patch+json</c>): objects merge recursively, null deletes, anything else replaces.</summary>
public static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> and returns a new tree; neither input is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }
            var merged = Apply(result[name], value);
            result[name] = merged;
        }
        return result;
    }
}
