using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Validation;

/// <summary>A bad value printed verbatim, used where Kubernetes prints a Go literal such as <c>map[string]string{"app":"web"}</c>.</summary>
[JsonConverter(typeof(GoLiteralConverter))]
internal sealed record GoLiteral(string Text)
{
    /// <summary>Formats a string map as Go's <c>%#v</c> does (keys sorted).</summary>
    public static GoLiteral Map(IReadOnlyDictionary<string, string>? map)
    {
        if (map is null) return new GoLiteral("map[string]string(nil)");
        var parts = map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => FieldError.GoQuote(p.Key) + ":" + FieldError.GoQuote(p.Value));
        return new GoLiteral("map[string]string{" + string.Join(", ", parts) + "}");
    }

    /// <summary>The literal text.</summary>
    public override string ToString() => Text;
}

/// <summary>Writes a <see cref="GoLiteral"/> as raw text so <see cref="FieldError"/> prints it unquoted.</summary>
internal sealed class GoLiteralConverter : JsonConverter<GoLiteral>
{
    /// <inheritdoc />
    public override GoLiteral Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? "");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, GoLiteral value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
