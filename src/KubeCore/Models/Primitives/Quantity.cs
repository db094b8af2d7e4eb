using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// A Kubernetes resource quantity such as <c>500m</c>, <c>1.5Gi</c> or <c>2e3</c> (<c>resource.Quantity</c>).
/// </summary>
/// <remarks>The full parse/canonicalise/arithmetic semantics are being completed on the primitives branch.</remarks>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly partial record struct Quantity
{
    private readonly string? _text;

    private Quantity(string text) => _text = text;

    /// <summary>Parses a quantity.</summary>
    public static Quantity Parse(string text) => new(text);

    /// <summary>The quantity as text.</summary>
    public override string ToString() => _text ?? "0";
}

/// <summary>JSON converter for <see cref="Quantity"/>: a string on the wire (numbers are accepted on input).</summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    /// <inheritdoc />
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => Quantity.Parse(reader.GetString()!),
            JsonTokenType.Number => Quantity.Parse(System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
            _ => throw new JsonException("quantity must be a string or a number"),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
