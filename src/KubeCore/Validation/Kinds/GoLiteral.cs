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

    /// <summary>Formats a string slice as Go's <c>%#v</c> does: <c>[]string{"10.96.0.10"}</c>.</summary>
    public static GoLiteral StringSlice(IEnumerable<string>? values) =>
        values is null ? new("[]string(nil)") : new("[]string{" + string.Join(", ", values.Select(FieldError.GoQuote)) + "}");

    /// <summary>Formats a label selector as Go's <c>%#v</c> prints <c>v1.LabelSelector</c>.</summary>
    public static GoLiteral Selector(Models.LabelSelector? selector)
    {
        if (selector is null) return new GoLiteral("null");
        var exprs = selector.MatchExpressions is null
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.MatchExpressions.Select(e =>
                "v1.LabelSelectorRequirement{Key:" + FieldError.GoQuote(e.Key) + ", Operator:" + FieldError.GoQuote(e.Operator) + ", Values:" +
                (e.Values is null ? "[]string(nil)" : "[]string{" + string.Join(", ", e.Values.Select(FieldError.GoQuote)) + "}") + "}")) + "}";
        return new GoLiteral("v1.LabelSelector{MatchLabels:" + Map(selector.MatchLabels).Text + ", MatchExpressions:" + exprs + "}");
    }

    /// <summary>Formats a role reference as Go's <c>%#v</c> prints <c>rbac.RoleRef</c>.</summary>
    public static GoLiteral RoleRef(Models.RoleRef r) =>
        new("rbac.RoleRef{APIGroup:" + FieldError.GoQuote(r.ApiGroup) + ", Kind:" + FieldError.GoQuote(r.Kind) + ", Name:" + FieldError.GoQuote(r.Name) + "}");

    /// <summary>A value rendered as Kubernetes JSON (camelCase field names), for large structs.</summary>
    public static GoLiteral Json<T>(T value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value, Serialization.KubeJson.Options));

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
