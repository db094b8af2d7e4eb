using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A list response, e.g. a <c>PodList</c>: list metadata and the items.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record KubeList<T> where T : KubeObject
{
    /// <summary>The API version of the list, e.g. <c>v1</c>.</summary>
    [JsonPropertyName("apiVersion")][JsonPropertyOrder(-3)] public string? ApiVersion { get; init; }

    /// <summary>The list kind, e.g. <c>PodList</c>.</summary>
    [JsonPropertyName("kind")][JsonPropertyOrder(-2)] public string? Kind { get; init; }

    /// <summary>List metadata: resourceVersion and continuation.</summary>
    [JsonPropertyName("metadata")][JsonPropertyOrder(-1)] public ListMeta Metadata { get => _metadata; init => _metadata = value ?? new(); }

    /// <summary>The items.</summary>
    [JsonPropertyName("items")] public IReadOnlyList<T> Items { get => _items; init => _items = value ?? []; }

    private readonly ListMeta _metadata = new();
    private readonly IReadOnlyList<T> _items = [];

    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
