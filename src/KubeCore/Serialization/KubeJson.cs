using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KubeCore.Models;

namespace KubeCore.Serialization;

/// <summary>
/// The Kubernetes JSON wire format: source-generated System.Text.Json options shared by every component, with a
/// reflection fallback so user record types (custom resources) serialize without registration.
/// </summary>
public static class KubeJson
{
    /// <summary>Options for the wire format: compact, nulls omitted, unknown fields kept in extension data.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(KubeJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(KubeJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The serialization metadata for <paramref name="type"/> (source-generated for built-in types).</summary>
    public static JsonTypeInfo GetTypeInfo(Type type) => Options.GetTypeInfo(type);

    /// <summary>Serializes an object by its runtime type.</summary>
    public static string Serialize(KubeObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, Options.GetTypeInfo(value.GetType()));
    }

    /// <summary>Serializes an object by its runtime type to UTF-8.</summary>
    public static byte[] SerializeToUtf8Bytes(KubeObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, Options.GetTypeInfo(value.GetType()));
    }

    /// <summary>Writes an object by its runtime type to <paramref name="writer"/>.</summary>
    public static void Serialize(Utf8JsonWriter writer, KubeObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        JsonSerializer.Serialize(writer, value, Options.GetTypeInfo(value.GetType()));
    }

    /// <summary>
    /// Decodes an object, choosing the record type from its <c>apiVersion</c> and <c>kind</c>
    /// (<see cref="KubeTypeMap.Default"/>); unknown kinds decode as <see cref="GenericObject"/>.
    /// </summary>
    /// <exception cref="KubeJsonException">The input is not a valid object of its kind.</exception>
    public static KubeObject Deserialize(ReadOnlySpan<byte> utf8Json, KubeTypeMap? typeMap = null)
    {
        var (apiVersion, kind) = ReadTypeMeta(utf8Json);
        var type = Resolve(apiVersion, kind, typeMap);
        try
        {
            return (KubeObject?)JsonSerializer.Deserialize(utf8Json, Options.GetTypeInfo(type))
                ?? throw new KubeJsonException("object must not be null");
        }
        catch (JsonException e) when (e is not KubeJsonException)
        {
            throw Wrap(e, apiVersion, kind);
        }
    }

    /// <summary>Decodes an object from JSON text; see <see cref="Deserialize(ReadOnlySpan{byte}, KubeTypeMap?)"/>.</summary>
    /// <exception cref="KubeJsonException">The input is not a valid object of its kind.</exception>
    public static KubeObject Deserialize(string json, KubeTypeMap? typeMap = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Deserialize(System.Text.Encoding.UTF8.GetBytes(json), typeMap);
    }

    /// <summary>Decodes an object from a parsed element; see <see cref="Deserialize(ReadOnlySpan{byte}, KubeTypeMap?)"/>.</summary>
    /// <exception cref="KubeJsonException">The input is not a valid object of its kind.</exception>
    public static KubeObject Deserialize(JsonElement element, KubeTypeMap? typeMap = null)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new KubeJsonException($"expected a JSON object, got {DescribeKind(element.ValueKind)}");
        var apiVersion = ReadString(element, "apiVersion");
        var kind = ReadString(element, "kind");
        var type = Resolve(apiVersion, kind, typeMap);
        try
        {
            return (KubeObject)element.Deserialize(Options.GetTypeInfo(type))!;
        }
        catch (JsonException e) when (e is not KubeJsonException)
        {
            throw Wrap(e, apiVersion, kind);
        }
    }

    /// <summary>Decodes an object as <typeparamref name="T"/> (no type-map lookup).</summary>
    /// <exception cref="KubeJsonException">The input is not a valid <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) where T : KubeObject
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)))
                ?? throw new KubeJsonException("object must not be null");
        }
        catch (JsonException e) when (e is not KubeJsonException)
        {
            throw Wrap(e, null, typeof(T).Name);
        }
    }

    /// <summary>Converts an object to a mutable JSON tree (for patching).</summary>
    public static JsonObject ToJsonNode(KubeObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return (JsonObject)JsonSerializer.SerializeToNode(value, Options.GetTypeInfo(value.GetType()))!;
    }

    /// <summary>Converts a JSON tree to an object of <paramref name="type"/>.</summary>
    /// <exception cref="KubeJsonException">The tree is not a valid object of that type.</exception>
    public static KubeObject FromJsonNode(JsonNode node, Type type)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(type);
        if (node is not JsonObject)
            throw new KubeJsonException($"expected a JSON object, got {DescribeKind(node.GetValueKind())}");
        try
        {
            return (KubeObject?)node.Deserialize(Options.GetTypeInfo(type)) ?? throw new KubeJsonException("object must not be null");
        }
        catch (JsonException e) when (e is not KubeJsonException)
        {
            throw Wrap(e, node["apiVersion"]?.ToString(), node["kind"]?.ToString());
        }
    }

    /// <summary>Converts a JSON tree to an object, choosing the type from its apiVersion and kind.</summary>
    /// <exception cref="KubeJsonException">The tree is not a valid object of its kind.</exception>
    public static KubeObject FromJsonNode(JsonNode node, KubeTypeMap? typeMap = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is not JsonObject obj)
            throw new KubeJsonException($"expected a JSON object, got {DescribeKind(node.GetValueKind())}");
        var apiVersion = ReadString(obj, "apiVersion");
        var kind = ReadString(obj, "kind");
        return FromJsonNode(node, Resolve(apiVersion, kind, typeMap));
    }

    /// <summary>Converts a JSON tree to <typeparamref name="T"/>.</summary>
    /// <exception cref="KubeJsonException">The tree is not a valid <typeparamref name="T"/>.</exception>
    public static T FromJsonNode<T>(JsonNode node) where T : KubeObject => (T)FromJsonNode(node, typeof(T));

    private static Type Resolve(string? apiVersion, string? kind, KubeTypeMap? typeMap)
    {
        if (string.IsNullOrEmpty(kind))
            throw new KubeJsonException("Object 'Kind' is missing", null) { ApiVersion = apiVersion };
        if (string.IsNullOrEmpty(apiVersion))
            throw new KubeJsonException($"Object 'apiVersion' is missing for kind \"{kind}\"", null) { ObjectKind = kind };
        return (typeMap ?? KubeTypeMap.Default).TryGetType(apiVersion, kind, out var type) ? type : typeof(GenericObject);
    }

    private static (string? ApiVersion, string? Kind) ReadTypeMeta(ReadOnlySpan<byte> utf8Json)
    {
        string? apiVersion = null, kind = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new KubeJsonException($"expected a JSON object, got {(reader.TokenType == JsonTokenType.None ? "empty input" : reader.TokenType.ToString())}");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("apiVersion"u8)) apiVersion = ReadStringToken(ref reader, "apiVersion");
                else if (reader.ValueTextEquals("kind"u8)) kind = ReadStringToken(ref reader, "kind");
                else
                {
                    reader.Read();
                    reader.Skip();
                }
                if (apiVersion is not null && kind is not null) break;
            }
        }
        catch (JsonException e) when (e is not KubeJsonException)
        {
            throw new KubeJsonException($"invalid JSON: {e.Message}", e);
        }
        return (apiVersion, kind);
    }

    private static string? ReadStringToken(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new KubeJsonException($"{name} must be a string, got {reader.TokenType}"),
        };
    }

    private static string? ReadString(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw new KubeJsonException($"{name} must be a string, got {DescribeKind(value.ValueKind)}"),
        };

    private static string? ReadString(JsonObject obj, string name) =>
        !obj.TryGetPropertyValue(name, out var value) || value is null ? null : value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            var other => throw new KubeJsonException($"{name} must be a string, got {DescribeKind(other)}"),
        };

    private static KubeJsonException Wrap(JsonException e, string? apiVersion, string? kind)
    {
        var what = kind is null ? "object" : apiVersion is null ? kind : $"{kind} ({apiVersion})";
        var where = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
        var detail = e.InnerException is { } inner && e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) ? $": {inner.Message}" : "";
        return new KubeJsonException($"cannot decode {what}{where}: {FirstSentence(e.Message)}{detail}", e) { ApiVersion = apiVersion, ObjectKind = kind };
    }

    private static string FirstSentence(string message)
    {
        var pathIndex = message.IndexOf(" Path:", StringComparison.Ordinal);
        return pathIndex > 0 ? message[..pathIndex] : message;
    }

    private static string DescribeKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
