using System.Text.Json;
using System.Text.Json.Serialization;
using KubeCore.Patching.Apply;

namespace KubeCore.Models;

/// <summary>
/// Which fields one field manager owns, and through which operation (<c>metav1.ManagedFieldsEntry</c>): the server
/// records one entry per manager, operation, apiVersion and subresource on every write.
/// </summary>
public sealed record ManagedFieldsEntry
{
    /// <summary>The field manager, e.g. <c>kubectl</c> or a controller's name.</summary>
    [JsonPropertyName("manager")] public string? Manager { get; init; }

    /// <summary><see cref="ManagedFieldsOperation.Apply"/> or <see cref="ManagedFieldsOperation.Update"/>.</summary>
    [JsonPropertyName("operation")] public string? Operation { get; init; }

    /// <summary>The apiVersion the fields are expressed in.</summary>
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; init; }

    /// <summary>When the manager last changed the object (second precision; the cluster's clock).</summary>
    [JsonPropertyName("time")] public KubeTime? Time { get; init; }

    /// <summary>Always <c>FieldsV1</c>.</summary>
    [JsonPropertyName("fieldsType")] public string? FieldsType { get; init; }

    /// <summary>The owned fields, in the FieldsV1 format (<c>{"f:spec":{"f:replicas":{}}}</c>).</summary>
    [JsonPropertyName("fieldsV1")] public FieldsV1? FieldsV1 { get; init; }

    /// <summary>The subresource written through (<c>status</c>, <c>scale</c>); empty for the object itself.</summary>
    [JsonPropertyName("subresource")] public string? Subresource { get; init; }

    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The operations a <see cref="ManagedFieldsEntry"/> records.</summary>
public static class ManagedFieldsOperation
{
    /// <summary>Server-side apply.</summary>
    public const string Apply = "Apply";
    /// <summary>Any other write: create, update, patch.</summary>
    public const string Update = "Update";
}

/// <summary>
/// A set of field paths in the FieldsV1 format. Sets the server records are computed when first read (serialized or
/// compared), so writes that nobody inspects do not pay for walking the object.
/// </summary>
[JsonConverter(typeof(FieldsV1JsonConverter))]
public sealed class FieldsV1 : IEquatable<FieldsV1>
{
    private readonly JsonElement? _json;
    private readonly FieldSet? _set;
    private Func<FieldsV1, FieldSet>? _compute;
    private byte[]? _computed;
    private object? _lock;

    /// <summary>Wraps a FieldsV1 JSON object as read from the wire; it is written back verbatim.</summary>
    public FieldsV1(JsonElement json) => _json = json.Clone();

    internal FieldsV1(FieldSet set) => _set = set;

    /// <summary>
    /// A set computed on first use by <paramref name="compute"/>, which is handed this instance. Only its JSON is
    /// kept afterwards: an object's field tree costs several times its text.
    /// </summary>
    internal FieldsV1(Func<FieldsV1, FieldSet> compute) => _compute = compute;

    /// <summary>Parses FieldsV1 JSON text.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static FieldsV1 Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return new FieldsV1(doc.RootElement);
    }

    /// <summary>
    /// For entries that own every field of the object written (set by the API layer): the object whose fields they
    /// are, while it is still the stored state.
    /// </summary>
    internal KubeObject? WholeObjectOf { get; set; }

    /// <summary>Whether this set stands for every field of <see cref="WholeObjectOf"/>.</summary>
    internal bool CoversWholeObject { get; init; }

    /// <summary>The set, computed or parsed on use.</summary>
    /// <exception cref="FormatException">The FieldsV1 JSON is not a field set.</exception>
    internal FieldSet Set
    {
        get
        {
            if (_set is { } set) return set;
            if (_json is { } json) return FieldSet.Parse(json);
            FieldSet? fresh = null;
            var utf8 = LazyInitializer.EnsureInitialized(ref _computed, ref _lock, () =>
            {
                fresh = _compute!(this);
                _compute = null;
                return fresh.ToUtf8();
            });
            return fresh ?? FieldSet.Parse(utf8);
        }
    }

    /// <summary>The JSON of a set that is not from the wire.</summary>
    private byte[] Utf8
    {
        get
        {
            if (_computed is { } computed) return computed;
            if (_set is { } set) return set.ToUtf8();
            _ = Set; // computes the set and keeps its JSON
            return _computed!;
        }
    }

    /// <summary>The set as a JSON element.</summary>
    public JsonElement ToJsonElement()
    {
        if (_json is { } json) return json;
        using var doc = JsonDocument.Parse(Utf8);
        return doc.RootElement.Clone();
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (_json is { } json) json.WriteTo(writer);
        else if (_set is { } set) set.WriteTo(writer);
        else writer.WriteRawValue(Utf8, skipInputValidation: true);
    }

    /// <summary>The FieldsV1 JSON text.</summary>
    public override string ToString() => _json is { } json ? json.GetRawText() : System.Text.Encoding.UTF8.GetString(Utf8);

    /// <summary>Whether both hold the same JSON.</summary>
    public bool Equals(FieldsV1? other) => other is not null && (ReferenceEquals(this, other) || ToString() == other.ToString());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FieldsV1);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}

/// <summary>JSON converter for <see cref="FieldsV1"/>: any JSON object, kept as it is.</summary>
public sealed class FieldsV1JsonConverter : JsonConverter<FieldsV1>
{
    /// <inheritdoc />
    public override FieldsV1 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        if (element.ValueKind != JsonValueKind.Object) throw new JsonException("fieldsV1 must be a JSON object");
        return new FieldsV1(element);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FieldsV1 value, JsonSerializerOptions options) => value.WriteTo(writer);
}
