using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using KubeCore.Serialization;

namespace KubeCore.Models;

/// <summary>
/// Reads and writes Table cells, which are untyped on the wire (Go's <c>interface{}</c>): strings, integers
/// (as <see cref="long"/>), other numbers (as <see cref="double"/>), booleans and null.
/// </summary>
public sealed class TableCellsJsonConverter : JsonConverter<IReadOnlyList<object?>>
{
    /// <inheritdoc />
    public override IReadOnlyList<object?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return [];
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Table cells must be an array");
        var cells = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String: cells.Add(reader.GetString()); break;
                case JsonTokenType.Number: cells.Add(reader.TryGetInt64(out var l) ? l : (object)reader.GetDouble()); break;
                case JsonTokenType.True: cells.Add(true); break;
                case JsonTokenType.False: cells.Add(false); break;
                case JsonTokenType.Null: cells.Add(null); break;
                default:
                    // Objects and arrays are legal but rare; keep them as parsed JSON.
                    using (var doc = JsonDocument.ParseValue(ref reader)) cells.Add(doc.RootElement.Clone());
                    break;
            }
        }
        return cells;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<object?> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var cell in value)
        {
            switch (cell)
            {
                case null: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case long l: writer.WriteNumberValue(l); break;
                case int i: writer.WriteNumberValue(i); break;
                case double d: writer.WriteNumberValue(d); break;
                case float f: writer.WriteNumberValue(f); break;
                case decimal m: writer.WriteNumberValue(m); break;
                case JsonElement e: e.WriteTo(writer); break;
                case IFormattable f: writer.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
                default: writer.WriteStringValue(cell.ToString()); break;
            }
        }
        writer.WriteEndArray();
    }
}

/// <summary>
/// Writes an embedded object by its runtime type and reads one by its <c>apiVersion</c>/<c>kind</c>
/// (<see cref="KubeTypeMap.Default"/>), as a Table row's <c>object</c>.
/// </summary>
public sealed class KubeObjectJsonConverter : JsonConverter<KubeObject?>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override KubeObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return KubeJson.Deserialize(doc.RootElement);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KubeObject? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else KubeJson.Serialize(writer, value);
    }
}
