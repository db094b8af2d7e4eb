using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KubeCore.Validation;

/// <summary>A field-level validation error (<c>field.Error</c>), formatted exactly as Kubernetes formats it.</summary>
public sealed record FieldError
{
    /// <summary>Marker for a bad value that must not be printed.</summary>
    public static readonly object OmittedValue = new();

    /// <summary>Creates an error; prefer the factory methods.</summary>
    public FieldError(FieldErrorType type, string field, object? badValue, string detail)
    {
        Type = type;
        Field = field ?? "";
        BadValue = badValue;
        Detail = detail ?? "";
    }

    /// <summary>The kind of error.</summary>
    public FieldErrorType Type { get; }

    /// <summary>The path of the offending field, e.g. <c>spec.replicas</c>.</summary>
    public string Field { get; }

    /// <summary>The offending value (a string, number, bool, list, or <see cref="OmittedValue"/>).</summary>
    public object? BadValue { get; }

    /// <summary>Extra human-readable detail.</summary>
    public string Detail { get; }

    /// <summary>The status cause reason, e.g. <c>FieldValueInvalid</c>.</summary>
    public string Reason => Type.ToReason();

    /// <summary>The message without the field name (<c>ErrorBody</c>).</summary>
    public string Body
    {
        get
        {
            var sb = new StringBuilder(Type.ToDisplayString());
            switch (Type)
            {
                case FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong or FieldErrorType.InternalError:
                    break;
                default:
                    if (!ReferenceEquals(BadValue, OmittedValue)) sb.Append(": ").Append(FormatValue(BadValue));
                    break;
            }
            if (Detail.Length != 0) sb.Append(": ").Append(Detail);
            return sb.ToString();
        }
    }

    /// <summary>The full message, e.g. <c>spec.replicas: Invalid value: -1: must be greater than or equal to 0</c>.</summary>
    public override string ToString() => Field + ": " + Body;

    /// <summary>A value was malformed.</summary>
    public static FieldError Invalid(FieldPath? path, object? value, string detail) =>
        new(FieldErrorType.Invalid, FieldPath.Format(path), value, detail);

    /// <summary>A value has the wrong type (<c>field.TypeInvalid</c>): reason <c>FieldValueTypeInvalid</c>, printed as <c>Invalid value</c>.</summary>
    public static FieldError TypeInvalid(FieldPath? path, object? value, string detail) =>
        new(FieldErrorType.TypeInvalid, FieldPath.Format(path), value, detail);

    /// <summary>A required value was not provided.</summary>
    public static FieldError Required(FieldPath? path, string detail) =>
        new(FieldErrorType.Required, FieldPath.Format(path), "", detail);

    /// <summary>A value is not one of <paramref name="validValues"/>; the detail lists them quoted.</summary>
    public static FieldError NotSupported(FieldPath? path, object? value, IEnumerable<string>? validValues)
    {
        var quoted = validValues?.Select(GoQuote).ToList() ?? [];
        var detail = quoted.Count > 0 ? "supported values: " + string.Join(", ", quoted) : "";
        return new(FieldErrorType.NotSupported, FieldPath.Format(path), value, detail);
    }

    /// <summary>A value that must be unique is repeated.</summary>
    public static FieldError Duplicate(FieldPath? path, object? value) =>
        new(FieldErrorType.Duplicate, FieldPath.Format(path), value, "");

    /// <summary>A value is not permitted under the current conditions.</summary>
    public static FieldError Forbidden(FieldPath? path, string detail) =>
        new(FieldErrorType.Forbidden, FieldPath.Format(path), "", detail);

    /// <summary>A value is longer than <paramref name="maxLength"/> bytes (negative: no limit given); the value is not printed.</summary>
    public static FieldError TooLong(FieldPath? path, int maxLength)
    {
        var detail = maxLength >= 0
            ? $"may not be more than {maxLength.ToString(CultureInfo.InvariantCulture)} {(maxLength == 1 ? "byte" : "bytes")}"
            : "value is too long";
        return new(FieldErrorType.TooLong, FieldPath.Format(path), "<value omitted>", detail);
    }

    /// <summary>A list has more than <paramref name="maxQuantity"/> items (negative values are left out of the message).</summary>
    public static FieldError TooMany(FieldPath? path, int actualQuantity, int maxQuantity)
    {
        var detail = maxQuantity >= 0
            ? $"must have at most {maxQuantity.ToString(CultureInfo.InvariantCulture)} {(maxQuantity == 1 ? "item" : "items")}"
            : "has too many items";
        return new(FieldErrorType.TooMany, FieldPath.Format(path), actualQuantity >= 0 ? actualQuantity : OmittedValue, detail);
    }

    /// <summary>A referenced value was not found.</summary>
    public static FieldError NotFound(FieldPath? path, object? value) =>
        new(FieldErrorType.NotFound, FieldPath.Format(path), value, "");

    /// <summary>An internal (non-user) error.</summary>
    public static FieldError InternalError(FieldPath? path, string message) =>
        new(FieldErrorType.InternalError, FieldPath.Format(path), message, message);

    /// <summary>Renders a bad value as Kubernetes does: strings Go-quoted, scalars plain, everything else as JSON.</summary>
    internal static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => GoQuote(s),
        bool b => b ? "true" : "false",
        int or long or short or sbyte or byte or ushort or uint or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<string> list => "[" + string.Join(",", list.Select(JsonQuote)) + "]",
        IEnumerable e when value is not IDictionary => "[" + string.Join(",", e.Cast<object?>().Select(FormatJson)) + "]",
        _ => FormatJson(value),
    };

    private static string FormatJson(object? value) => value switch
    {
        null => "null",
        string s => JsonQuote(s),
        IFormattable or bool => FormatValue(value),
        _ => TrySerialize(value),
    };

    private static string TrySerialize(object value)
    {
        try { return JsonSerializer.Serialize(value, value.GetType()); }
        catch (NotSupportedException) { return value.ToString() ?? ""; }
    }

    private static string JsonQuote(string s) => JsonSerializer.Serialize(s, KubeCoreValidationJson.Options);

    /// <summary>Quotes a string the way Go's <c>strconv.Quote</c> / <c>%q</c> does.</summary>
    public static string GoQuote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (v < 0x20 || v == 0x7f) sb.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
            else if (v < 0x7f) sb.Append((char)v);
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                     or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate)
                sb.Append(v > 0xFFFF ? "\\U" + v.ToString("x8", CultureInfo.InvariantCulture) : "\\u" + v.ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(rune.ToString());
        }
        sb.Append('"');
        return sb.ToString();
    }
}

internal static class KubeCoreValidationJson
{
    internal static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
