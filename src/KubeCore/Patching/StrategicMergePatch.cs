using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) as kube-apiserver applies it: maps merge and null deletes,
/// merge lists merge by key (primitive merge lists as ordered sets), other lists are replaced, and the directives
/// <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/</c> and <c>$deleteFromPrimitiveList/</c> are honoured and never kept.
/// </summary>
public static class StrategicMergePatch
{
    internal const string PatchDirective = "$patch";
    internal const string RetainKeysDirective = "$retainKeys";
    internal const string SetElementOrderPrefix = "$setElementOrder/";
    internal const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>Applies <paramref name="patch"/> to <paramref name="original"/> with the rules of <paramref name="schema"/>; returns a new tree.</summary>
    /// <exception cref="PatchException">The patch is malformed (400) or does not apply (422).</exception>
    public static JsonObject Apply(JsonNode? original, JsonNode? patch, PatchSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (patch is not JsonObject patchObject) throw PatchException.Bad("invalid JSON document: a strategic merge patch must be a JSON object");
        var target = original switch
        {
            null => new JsonObject(),
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw PatchException.CannotApply("invalid JSON document: the object to patch must be a JSON object"),
        };
        return StrategicMerger.MergeObject(target, patchObject, schema);
    }

    /// <summary>Looks up the built-in schema for <paramref name="apiVersion"/>/<paramref name="kind"/> and applies the patch.</summary>
    /// <exception cref="StrategicMergePatchNotSupportedException">The kind has no schema (custom resources): HTTP 415.</exception>
    public static JsonObject Apply(JsonNode? original, JsonNode? patch, string apiVersion, string kind) =>
        Apply(original, patch, StrategicMergePatchSchemas.Get(apiVersion, kind));
}
