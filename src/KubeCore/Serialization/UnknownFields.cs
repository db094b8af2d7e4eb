using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Serialization;

/// <summary>
/// Finds the JSON fields a kind's schema has no field for — what kube-apiserver's <c>fieldValidation</c> reports:
/// <c>Strict</c> rejects them, <c>Warn</c> and <c>Ignore</c> drop them.
/// </summary>
public static class UnknownFields
{
    /// <summary>Removes the unknown fields from <paramref name="obj"/> and returns their paths (e.g. <c>spec.containers[0].colour</c>).</summary>
    /// <remarks><see cref="GenericObject"/> kinds have no schema here, so nothing is unknown.</remarks>
    public static IReadOnlyList<string> Remove(JsonObject obj, Type type)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(type);
        var unknown = new List<string>();
        if (type != typeof(GenericObject)) Prune(obj, KubeJson.GetTypeInfo(type), "", unknown);
        return unknown;
    }

    /// <summary>
    /// Applies a <c>fieldValidation</c> directive to <paramref name="obj"/>: <c>Strict</c> throws when a field is unknown,
    /// <c>Warn</c> and <c>Ignore</c> drop unknown fields, null (in-process callers) keeps them. Returns the dropped paths.
    /// </summary>
    /// <exception cref="BadRequestException">Strict, and some field is unknown.</exception>
    public static IReadOnlyList<string> Enforce(JsonObject obj, Type type, string? fieldValidation)
    {
        if (fieldValidation is null) return [];
        var unknown = Remove(obj, type);
        if (unknown.Count > 0 && fieldValidation == "Strict") throw StrictError(unknown);
        return unknown;
    }

    /// <summary>
    /// Applies a <c>fieldValidation</c> directive with the resource's own notion of unknown fields (its strategy's
    /// <see cref="ResourceStrategy.RemoveUnknownFields"/>; a custom resource's structural schema).
    /// </summary>
    /// <exception cref="BadRequestException">Strict, and some field is unknown.</exception>
    public static IReadOnlyList<string> Enforce(JsonObject obj, ResourceDefinition resource, string? fieldValidation)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(resource);
        if (fieldValidation is null) return [];
        var unknown = resource.Strategy.RemoveUnknownFields(obj, resource.ClrType);
        if (unknown.Count > 0 && fieldValidation == "Strict") throw StrictError(unknown);
        return unknown;
    }

    /// <summary>kube-apiserver's error for unknown fields under Strict validation.</summary>
    public static BadRequestException StrictError(IReadOnlyList<string> unknown) =>
        ApiErrors.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(f => $"unknown field \"{f}\"")));

    private static void Prune(JsonNode? node, JsonTypeInfo info, string path, List<string> unknown)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject obj:
                List<string>? drop = null;
                foreach (var (name, child) in obj)
                {
                    var property = FindProperty(info, name);
                    var childPath = path.Length == 0 ? name : path + "." + name;
                    if (property is null)
                    {
                        (drop ??= []).Add(name);
                        unknown.Add(childPath);
                        continue;
                    }
                    if (child is not null) Prune(child, KubeJson.GetTypeInfo(property.PropertyType), childPath, unknown);
                }
                if (drop is not null) foreach (var name in drop) obj.Remove(name);
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray array && info.ElementType is { } element:
                var elementInfo = KubeJson.GetTypeInfo(element);
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } item) Prune(item, elementInfo, $"{path}[{i}]", unknown);
                break;
            case JsonTypeInfoKind.Dictionary when node is JsonObject map && info.ElementType is { } value:
                var valueInfo = KubeJson.GetTypeInfo(value);
                foreach (var (key, child) in map)
                    if (child is not null) Prune(child, valueInfo, $"{path}.{key}", unknown);
                break;
        }
    }

    private static JsonPropertyInfo? FindProperty(JsonTypeInfo info, string name)
    {
        foreach (var p in info.Properties)
            if (!p.IsExtensionData && p.Name == name) return p;
        return null;
    }
}
