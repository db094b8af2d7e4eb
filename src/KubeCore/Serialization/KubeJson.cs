using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KubeCore.Models;

namespace KubeCore.Serialization;

/// <summary>The Kubernetes JSON wire format: source-generated System.Text.Json options shared by every component.</summary>
public static class KubeJson
{
    /// <summary>Options for the wire format: compact, nulls omitted, unknown fields kept in extension data.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(KubeJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(KubeJsonContext.Default),
        };
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>Source-generated serialization metadata for every modelled type.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(ListMeta))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(LabelSelector))]
internal sealed partial class KubeJsonContext : JsonSerializerContext;
