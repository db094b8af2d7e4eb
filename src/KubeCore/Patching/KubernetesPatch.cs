using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>Entry point for the API layer: picks the patch algorithm from the Content-Type and applies it to a live object.</summary>
public static class KubernetesPatch
{
    /// <summary>The media type of each patch type.</summary>
    public static string MediaType(PatchType type) => type switch
    {
        PatchType.Json => "application/json-patch+json",
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        _ => "application/apply-patch+yaml",
    };

    /// <summary>Maps a Content-Type header (parameters such as <c>; charset=utf-8</c> are ignored) to a patch type.</summary>
    public static bool TryParseContentType(string? contentType, out PatchType type)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        (var ok, type) = mediaType switch
        {
            "application/json-patch+json" => (true, PatchType.Json),
            "application/merge-patch+json" => (true, PatchType.Merge),
            "application/strategic-merge-patch+json" => (true, PatchType.StrategicMerge),
            "application/apply-patch+yaml" or "application/apply-patch+cbor" => (true, PatchType.Apply),
            _ => (false, PatchType.Merge),
        };
        return ok;
    }

    /// <summary>Parses the body text; malformed JSON is a 400 <see cref="PatchException"/>.</summary>
    public static JsonNode? ParseBody(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new PatchException(PatchFailure.BadRequest, $"invalid JSON patch body: {e.Message}", e);
        }
    }

    /// <summary>Applies a patch of <paramref name="type"/> to <paramref name="original"/> (an object of <paramref name="apiVersion"/>/<paramref name="kind"/>) and returns the new object.</summary>
    /// <exception cref="PatchException">The patch is malformed (400), does not apply (422) or its type is unsupported for the kind (415).</exception>
    public static JsonNode? Apply(PatchType type, JsonNode? original, JsonNode? patch, string apiVersion, string kind) => type switch
    {
        PatchType.Json => JsonPatch.Apply(original, patch),
        PatchType.Merge => patch is JsonObject
            ? JsonMergePatch.Apply(original, patch)
            : throw PatchException.Bad("invalid JSON document: a merge patch for an object must be a JSON object"),
        PatchType.StrategicMerge => StrategicMergePatch.Apply(original, patch, apiVersion, kind),
        _ => throw new PatchException(PatchFailure.UnsupportedMediaType, $"the body of the request was in an unknown format - accepted media types include: {MediaType(PatchType.Json)}, {MediaType(PatchType.Merge)}, {MediaType(PatchType.StrategicMerge)}"),
    };
}
