using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A value that is either an integer or a string on the wire (<c>intstr.IntOrString</c>), e.g. a port or <c>25%</c>.</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public readonly record struct IntOrString
{
    private readonly string? _string;

    /// <summary>Creates an integer value.</summary>
    public IntOrString(int value) { IntValue = value; _string = null; }

    /// <summary>Creates a string value.</summary>
    public IntOrString(string value) { IntValue = 0; _string = value ?? throw new ArgumentNullException(nameof(value)); }

    /// <summary>Whether this holds a string.</summary>
    public bool IsString => _string is not null;

    /// <summary>The integer value (0 when <see cref="IsString"/>).</summary>
    public int IntValue { get; }

    /// <summary>The string value, or null when this holds an integer.</summary>
    public string? StringValue => _string;

    /// <summary>Converts an integer.</summary>
    public static implicit operator IntOrString(int value) => new(value);

    /// <summary>Converts a string.</summary>
    public static implicit operator IntOrString(string value) => new(value);

    /// <summary>
    /// Resolves a value that may be a percentage (<c>"25%"</c>) against <paramref name="total"/>, rounding up or down
    /// as Kubernetes does for maxSurge (up) and maxUnavailable (down).
    /// </summary>
    /// <exception cref="FormatException">The string is neither an integer nor a percentage.</exception>
    public int GetScaledValue(int total, bool roundUp)
    {
        if (!IsString) return IntValue;
        var s = _string!;
        if (s.EndsWith('%') && int.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            var scaled = (long)percent * total;
            return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
        }
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var plain)) return plain;
        throw new FormatException($"invalid value for IntOrString: invalid type: string is not a percentage: \"{s}\"");
    }

    /// <summary>The value as text.</summary>
    public override string ToString() => _string ?? IntValue.ToString(CultureInfo.InvariantCulture);
}

/// <summary>JSON converter for <see cref="IntOrString"/>.</summary>
public sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    /// <inheritdoc />
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new IntOrString(reader.GetInt32()),
            JsonTokenType.String => new IntOrString(reader.GetString()!),
            _ => throw new JsonException("IntOrString must be a number or a string"),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.IsString) writer.WriteStringValue(value.StringValue);
        else writer.WriteNumberValue(value.IntValue);
    }
}
