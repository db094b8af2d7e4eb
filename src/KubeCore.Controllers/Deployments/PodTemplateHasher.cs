using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Controllers.Deployments;

/// <summary>
/// Computes the <c>pod-template-hash</c> of a pod template from a normalised JSON form, so templates that differ only in
/// defaulted empties (<c>creationTimestamp: null</c>, <c>resources: {}</c>, empty lists) or in the hash label itself hash
/// and compare equal.
/// </summary>
public static class PodTemplateHasher
{
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The hash of <paramref name="template"/>, salted with <paramref name="collisionCount"/> when set, in Kubernetes' safe-encoded alphabet.</summary>
    public static string ComputeHash(PodTemplateSpec? template, int? collisionCount = null)
    {
        var bytes = Encoding.UTF8.GetBytes(Normalize(template));
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        if (collisionCount is { } c)
            for (var i = 0; i < 4; i++) hash = (hash ^ (byte)(c >> (8 * i))) * 16777619u;
        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(digits.Length);
        foreach (var d in digits) sb.Append(SafeAlphabet[(d * 7 + sb.Length) % SafeAlphabet.Length]);
        return sb.ToString();
    }

    /// <summary>Whether two templates are equal once normalised and stripped of the <c>pod-template-hash</c> label.</summary>
    public static bool EqualIgnoringHash(PodTemplateSpec? a, PodTemplateSpec? b) => Normalize(a) == Normalize(b);

    /// <summary>The canonical JSON form of a template: keys sorted, nulls and empty objects/arrays/strings dropped, hash label removed.</summary>
    public static string Normalize(PodTemplateSpec? template)
    {
        if (template is null) return "{}";
        var node = JsonSerializer.SerializeToNode(template, KubeJson.GetTypeInfo(typeof(PodTemplateSpec)));
        if (node?["metadata"]?["labels"] is JsonObject labels) labels.Remove(DeploymentAnnotations.PodTemplateHash);
        var clean = Clean(node) ?? new JsonObject();
        return clean.ToJsonString();
    }

    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var cleaned = Clean(value);
                    if (cleaned is not null) result[key] = cleaned;
                }
                return result.Count == 0 ? null : result;
            }
            case JsonArray array:
            {
                var result = new JsonArray();
                foreach (var item in array) result.Add(Clean(item) ?? new JsonObject());
                return result.Count == 0 ? null : result;
            }
            case JsonValue value:
                if (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0) return null;
                return JsonNode.Parse(value.ToJsonString());
            default:
                return null;
        }
    }
}
