using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Validation;

namespace KubeCore.CustomResources;

/// <summary>
/// Validates, prunes and defaults custom resources against a <see cref="StructuralSchema"/> the way kube-apiserver does
/// (kube-openapi's messages: <c>spec.replicas in body must be of type integer: "string"</c>).
/// </summary>
public static class SchemaValidation
{
    private static readonly HashSet<string> s_rootFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Validates an object (its fields other than apiVersion, kind and metadata) and returns the field errors.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject obj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        foreach (var required in schema.Required)
            if (!s_rootFields.Contains(required) && !obj.ContainsKey(required)) errors.Add(FieldError.Required(FieldPath.Root(required), ""));
        foreach (var (name, value) in obj)
        {
            if (s_rootFields.Contains(name)) continue;
            if (schema.PropertySchema(name) is { } child) ValidateValue(value, child, name, errors);
        }
        return errors;
    }

    private static void ValidateValue(JsonNode? node, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var field = FieldPath.Root(path);
        if (node is null)
        {
            if (schema.Nullable || (schema.Type.Length == 0 && !schema.IntOrString)) return;
            var expected = schema.IntOrString ? "integer,string" : schema.Type;
            errors.Add(FieldError.TypeInvalid(field, "null", $"{path} in body must be of type {expected}: \"null\""));
            return;
        }
        var actual = TypeOf(node);
        if (schema.IntOrString)
        {
            if (actual is not ("integer" or "string"))
            {
                errors.Add(FieldError.TypeInvalid(field, actual, $"{path} in body must be of type integer,string: \"{actual}\""));
                return;
            }
        }
        else if (schema.Type.Length > 0 && schema.Type != actual && !(schema.Type == "number" && actual == "integer"))
        {
            errors.Add(FieldError.TypeInvalid(field, actual, $"{path} in body must be of type {schema.Type}: \"{actual}\""));
            return;
        }

        if (schema.Enum is { Count: > 0 } allowed)
        {
            var element = JsonSerializer.SerializeToElement(node);
            if (!allowed.Any(a => JsonElement.DeepEquals(a, element)))
                errors.Add(FieldError.NotSupported(field, StructuralSchema.ToBadValue(node),
                    allowed.Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText())));
        }

        switch (node)
        {
            case JsonValue value when actual == "string":
                ValidateString(value.GetValue<string>(), schema, path, field, errors);
                break;
            case JsonValue value when actual is "integer" or "number":
                ValidateNumber(value, schema, path, field, errors);
                break;
            case JsonArray array:
                if (schema.MaxItems is { } maxItems && array.Count > maxItems) errors.Add(FieldError.TooMany(field, array.Count, (int)maxItems));
                if (schema.MinItems is { } minItems && array.Count < minItems)
                    errors.Add(FieldError.Invalid(field, (long)array.Count, $"{path} in body should have at least {minItems} items"));
                if (schema.Items is { } items)
                    for (var i = 0; i < array.Count; i++) ValidateValue(array[i], items, $"{path}[{i}]", errors);
                break;
            case JsonObject obj:
                if (schema.MaxProperties is { } maxProps && obj.Count > maxProps) errors.Add(FieldError.TooMany(field, obj.Count, (int)maxProps));
                if (schema.MinProperties is { } minProps && obj.Count < minProps)
                    errors.Add(FieldError.Invalid(field, (long)obj.Count, $"{path} in body should have at least {minProps} properties"));
                foreach (var required in schema.Required)
                    if (!obj.ContainsKey(required)) errors.Add(FieldError.Required(FieldPath.Root(path + "." + required), ""));
                foreach (var (name, child) in obj)
                {
                    if (schema.EmbeddedResource && s_rootFields.Contains(name)) continue;
                    if (schema.PropertySchema(name) is { } childSchema) ValidateValue(child, childSchema, path + "." + name, errors);
                }
                break;
        }
    }

    private static void ValidateString(string value, StructuralSchema schema, string path, FieldPath field, List<FieldError> errors)
    {
        var length = new StringInfoLength(value).Length;
        if (schema.MaxLength is { } max && length > max) errors.Add(FieldError.TooLong(field, (int)max));
        if (schema.MinLength is { } min && length < min) errors.Add(FieldError.Invalid(field, value, $"{path} in body should be at least {min} chars long"));
        if (schema.CompiledPattern is { } pattern && !pattern.IsMatch(value))
            errors.Add(FieldError.Invalid(field, value, $"{path} in body should match '{schema.Pattern}'"));
        if (schema.Format is { } format && !IsValidFormat(format, value))
            errors.Add(FieldError.TypeInvalid(field, value, $"{path} in body must be of type {format}: {FieldError.GoQuote(value)}"));
    }

    private static void ValidateNumber(JsonValue value, StructuralSchema schema, string path, FieldPath field, List<FieldError> errors)
    {
        var number = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
        var bad = StructuralSchema.ToBadValue(value);
        if (schema.Maximum is { } max)
        {
            if (schema.ExclusiveMaximum ? number >= max : number > max)
                errors.Add(FieldError.Invalid(field, bad, $"{path} in body should be less than {(schema.ExclusiveMaximum ? "" : "or equal to ")}{StructuralSchema.FormatNumber(max)}"));
        }
        if (schema.Minimum is { } min)
        {
            if (schema.ExclusiveMinimum ? number <= min : number < min)
                errors.Add(FieldError.Invalid(field, bad, $"{path} in body should be greater than {(schema.ExclusiveMinimum ? "" : "or equal to ")}{StructuralSchema.FormatNumber(min)}"));
        }
    }

    private static string TypeOf(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsIntegral(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool IsIntegral(JsonValue v)
    {
        if (v.TryGetValue<long>(out _) || v.TryGetValue<int>(out _)) return true;
        var text = v.ToJsonString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && !double.IsInfinity(d);
    }

    private static bool IsValidFormat(string format, string value) => format switch
    {
        "date-time" or "datetime" => DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uuid" => Guid.TryParseExact(value, "D", out _),
        "byte" => IsBase64(value),
        "ipv4" => IPAddress.TryParse(value, out var a4) && a4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(value, out var a6) && a6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IPNetwork.TryParse(value, out _),
        "hostname" => value.Length > 0 && NameValidation.IsDns1123Subdomain(value).Count == 0,
        "email" => System.Net.Mail.MailAddress.TryCreate(value, out var m) && m.Address == value,
        _ => true, // int32, int64, float, double, password and unknown formats constrain nothing for strings
    };

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = value.Length <= 1024 ? stackalloc byte[value.Length] : new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    /// <summary>
    /// Removes the fields <paramref name="schema"/> does not specify (kept under <c>x-kubernetes-preserve-unknown-fields</c>),
    /// and the unknown fields of <c>metadata</c>; returns their paths, e.g. <c>spec.colour</c>.
    /// </summary>
    public static IReadOnlyList<string> Prune(JsonObject obj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var pruned = new List<string>();
        if (obj["metadata"] is JsonObject metadata)
            foreach (var f in Serialization.UnknownFields.Remove(metadata, typeof(Models.ObjectMeta))) pruned.Add("metadata." + f);
        PruneObject(obj, schema, "", pruned, root: true);
        return pruned;
    }

    private static void PruneObject(JsonObject obj, StructuralSchema schema, string path, List<string> pruned, bool root)
    {
        List<string>? drop = null;
        foreach (var (name, child) in obj)
        {
            if ((root || schema.EmbeddedResource) && s_rootFields.Contains(name)) continue;
            var childPath = path.Length == 0 ? name : path + "." + name;
            var childSchema = schema.PropertySchema(name);
            if (childSchema is null)
            {
                if (schema.PreserveUnknownFields || schema.AdditionalPropertiesAllowed) continue;
                (drop ??= []).Add(name);
                pruned.Add(childPath);
                continue;
            }
            PruneValue(child, childSchema, childPath, pruned);
        }
        if (drop is not null) foreach (var name in drop) obj.Remove(name);
    }

    private static void PruneValue(JsonNode? node, StructuralSchema schema, string path, List<string> pruned)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(obj, schema, path, pruned, root: false);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++) PruneValue(array[i], items, $"{path}[{i}]", pruned);
                break;
        }
    }

    /// <summary>Sets the schema's <c>default</c>s on missing fields (and on nulls of non-nullable fields), top-down.</summary>
    public static void ApplyDefaults(JsonObject obj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        if (!schema.HasDefaults) return;
        DefaultObject(obj, schema, root: true);
    }

    private static void DefaultObject(JsonObject obj, StructuralSchema schema, bool root)
    {
        foreach (var (name, propertySchema) in schema.Properties)
        {
            if (root && s_rootFields.Contains(name)) continue;
            if (propertySchema.Default is { } d && (!obj.TryGetPropertyValue(name, out var existing) || (existing is null && !propertySchema.Nullable)))
                obj[name] = JsonNode.Parse(d.GetRawText());
        }
        foreach (var (name, child) in obj)
        {
            if (root && s_rootFields.Contains(name)) continue;
            if (schema.PropertySchema(name) is { } childSchema) DefaultValue(child, childSchema);
        }
    }

    private static void DefaultValue(JsonNode? node, StructuralSchema schema)
    {
        if (!schema.HasDefaults) return;
        switch (node)
        {
            case JsonObject obj:
                DefaultObject(obj, schema, root: false);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && items.Default is { } d && !items.Nullable) array[i] = JsonNode.Parse(d.GetRawText());
                    DefaultValue(array[i], items);
                }
                break;
        }
    }

    private readonly struct StringInfoLength(string value)
    {
        // kube-openapi counts runes (utf8.RuneCountInString), not UTF-16 code units.
        public int Length => value.EnumerateRunes().Count();
    }
}
