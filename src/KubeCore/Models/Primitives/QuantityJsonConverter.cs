using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// JSON converter for <see cref="Quantity"/>: written as the canonical string; read from a string (surrounding
/// whitespace ignored, as Kubernetes does), a number, or null (zero).
/// </summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
                text = reader.GetString()!.Trim();
                break;
            case JsonTokenType.Number:
                text = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                break;
            default:
                throw new JsonException("quantity must be a string or a number");
        }
        if (Quantity.TryParse(text, out var q, out var error)) return q;
        throw new JsonException(error, new FormatException(error));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
