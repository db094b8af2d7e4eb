using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>Preconditions carried inside a patch body, which kube-apiserver checks against the live object (a stale value means 409 Conflict).</summary>
public static class PatchPreconditions
{
    /// <summary>Finds a non-empty string <c>metadata.resourceVersion</c> in a merge or strategic merge patch body.</summary>
    public static bool TryGetResourceVersion(JsonNode? patch, out string resourceVersion)
    {
        resourceVersion = "";
        if (patch is not JsonObject root || root["metadata"] is not JsonObject metadata) return false;
        if (metadata["resourceVersion"] is JsonValue v && v.TryGetValue<string>(out var rv) && rv.Length > 0)
        {
            resourceVersion = rv;
            return true;
        }
        return false;
    }

    /// <summary>Finds the resourceVersion a JSON patch sets or tests (an add, replace or test of <c>/metadata/resourceVersion</c>).</summary>
    public static bool TryGetResourceVersion(IEnumerable<JsonPatchOperation> operations, out string resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(operations);
        resourceVersion = "";
        foreach (var op in operations)
        {
            if (op.Type is not (JsonPatchOperationType.Add or JsonPatchOperationType.Replace or JsonPatchOperationType.Test)) continue;
            if (op.Path.Tokens is not ["metadata", "resourceVersion"]) continue;
            if (op.Value is JsonValue v && v.TryGetValue<string>(out var rv) && rv.Length > 0) resourceVersion = rv;
        }
        return resourceVersion.Length > 0;
    }

    /// <summary>Whether a patch-body resourceVersion conflicts with the live object's (true means answer 409 Conflict).</summary>
    public static bool IsStale(JsonNode? patch, string currentResourceVersion) =>
        TryGetResourceVersion(patch, out var rv) && !string.Equals(rv, currentResourceVersion, StringComparison.Ordinal);
}
