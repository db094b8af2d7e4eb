using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeCore.Validation;

namespace KubeCore.CustomResources;

/// <summary>
/// The subset of an OpenAPI v3 schema (a CRD version's <c>openAPIV3Schema</c>) that KubeCore enforces: types,
/// properties, required, items, additionalProperties, enum, numeric bounds, string lengths, pattern, item counts,
/// nullable, format, default, and the <c>x-kubernetes-preserve-unknown-fields</c>, <c>x-kubernetes-int-or-string</c>
/// and <c>x-kubernetes-embedded-resource</c> extensions. Parsed once per CRD version; immutable and thread-safe.
/// </summary>
public sealed class StructuralSchema
{
    private static readonly string[] s_types = ["array", "boolean", "integer", "number", "object", "string"];

    private StructuralSchema() { }

    /// <summary>The type (<c>object</c>, <c>array</c>, <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>), or empty.</summary>
    public string Type { get; private init; } = "";

    /// <summary>The format, e.g. <c>date-time</c>.</summary>
    public string? Format { get; private init; }

    /// <summary>The properties of an object, in schema order.</summary>
    public IReadOnlyDictionary<string, StructuralSchema> Properties { get; private init; } = new Dictionary<string, StructuralSchema>();

    /// <summary>The schema of an array's items.</summary>
    public StructuralSchema? Items { get; private init; }

    /// <summary>The schema of a map's values (<c>additionalProperties</c> given as a schema).</summary>
    public StructuralSchema? AdditionalProperties { get; private init; }

    /// <summary>Whether <c>additionalProperties: true</c> (any value) was given.</summary>
    public bool AdditionalPropertiesAllowed { get; private init; }

    /// <summary>Required property names.</summary>
    public IReadOnlyList<string> Required { get; private init; } = [];

    /// <summary>Allowed values.</summary>
    public IReadOnlyList<JsonElement>? Enum { get; private init; }

    /// <summary>Inclusive (or exclusive, see <see cref="ExclusiveMinimum"/>) lower bound.</summary>
    public double? Minimum { get; private init; }

    /// <summary>Whether <see cref="Minimum"/> is exclusive.</summary>
    public bool ExclusiveMinimum { get; private init; }

    /// <summary>Inclusive (or exclusive) upper bound.</summary>
    public double? Maximum { get; private init; }

    /// <summary>Whether <see cref="Maximum"/> is exclusive.</summary>
    public bool ExclusiveMaximum { get; private init; }

    /// <summary>Minimum string length in characters.</summary>
    public long? MinLength { get; private init; }

    /// <summary>Maximum string length in characters.</summary>
    public long? MaxLength { get; private init; }

    /// <summary>The pattern strings must match.</summary>
    public string? Pattern { get; private init; }

    /// <summary>Minimum array length.</summary>
    public long? MinItems { get; private init; }

    /// <summary>Maximum array length.</summary>
    public long? MaxItems { get; private init; }

    /// <summary>Minimum number of properties.</summary>
    public long? MinProperties { get; private init; }

    /// <summary>Maximum number of properties.</summary>
    public long? MaxProperties { get; private init; }

    /// <summary>Whether null is accepted.</summary>
    public bool Nullable { get; private init; }

    /// <summary>The value set when the field is missing.</summary>
    public JsonElement? Default { get; private init; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c>: unknown fields are kept rather than pruned.</summary>
    public bool PreserveUnknownFields { get; private init; }

    /// <summary><c>x-kubernetes-int-or-string</c>: integers and strings are both accepted.</summary>
    public bool IntOrString { get; private init; }

    /// <summary><c>x-kubernetes-embedded-resource</c>: the value is an object with apiVersion, kind and metadata.</summary>
    public bool EmbeddedResource { get; private init; }

    internal Regex? CompiledPattern { get; private init; }

    /// <summary>Whether this schema or any schema below it has a default.</summary>
    public bool HasDefaults => Default is not null || Items?.HasDefaults == true || AdditionalProperties?.HasDefaults == true ||
        Properties.Values.Any(p => p.HasDefaults);

    /// <summary>A schema that accepts and keeps anything (a CRD version without a schema).</summary>
    public static StructuralSchema PreserveAll { get; } = new() { Type = "object", PreserveUnknownFields = true };

    /// <summary>
    /// Parses <paramref name="schema"/> and checks that it is structural, returning the problems with the field paths
    /// of kube-apiserver (under <paramref name="path"/>, e.g. <c>spec.versions[0].schema.openAPIV3Schema</c>).
    /// </summary>
    public static StructuralSchema Parse(JsonElement schema, FieldPath path, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(errors);
        return Parse(schema, path, errors, Level.Root);
    }

    /// <summary>Parses a schema, ignoring problems (for schemas already validated when their CRD was written).</summary>
    public static StructuralSchema Parse(JsonElement schema) => Parse(schema, FieldPath.Root("openAPIV3Schema"), [], Level.Root);

    private enum Level { Root, Field, Item }

    private static StructuralSchema Parse(JsonElement s, FieldPath path, List<FieldError> errors, Level level)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            errors.Add(FieldError.Invalid(path, "", "must be a schema object"));
            return PreserveAll;
        }
        var type = String(s, "type") ?? "";
        if (type.Length > 0 && !s_types.Contains(type)) errors.Add(FieldError.NotSupported(path.Child("type"), type, s_types));
        var preserve = Bool(s, "x-kubernetes-preserve-unknown-fields");
        if (s.TryGetProperty("x-kubernetes-preserve-unknown-fields", out var p) && p.ValueKind == JsonValueKind.False)
            errors.Add(FieldError.Invalid(path.Child("x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
        var intOrString = Bool(s, "x-kubernetes-int-or-string");
        var embedded = Bool(s, "x-kubernetes-embedded-resource");

        var properties = new Dictionary<string, StructuralSchema>(StringComparer.Ordinal);
        if (s.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var prop in props.EnumerateObject())
            {
                var childPath = path.Child("properties").Key(prop.Name);
                if (prop.Name == "metadata" && level != Level.Root && !embedded)
                    errors.Add(FieldError.Forbidden(path.Child("properties").Key("metadata"), "must not be specified in a nested context"));
                properties[prop.Name] = Parse(prop.Value, childPath, errors, Level.Field);
            }
        }

        StructuralSchema? items = null;
        if (s.TryGetProperty("items", out var itemsElement))
        {
            if (itemsElement.ValueKind == JsonValueKind.Array)
                errors.Add(FieldError.Forbidden(path.Child("items"), "items must be a schema object and not an array"));
            else items = Parse(itemsElement, path.Child("items"), errors, Level.Item);
        }
        else if (type == "array")
        {
            errors.Add(FieldError.Required(path.Child("items"), "must be specified"));
        }

        StructuralSchema? additional = null;
        var additionalAllowed = false;
        if (s.TryGetProperty("additionalProperties", out var ap))
        {
            if (level == Level.Root) errors.Add(FieldError.Forbidden(path.Child("additionalProperties"), "must not be used at the root"));
            if (properties.Count > 0) errors.Add(FieldError.Forbidden(path.Child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));
            if (ap.ValueKind == JsonValueKind.Object) additional = Parse(ap, path.Child("additionalProperties"), errors, Level.Field);
            else if (ap.ValueKind == JsonValueKind.True) additionalAllowed = true;
            else if (ap.ValueKind == JsonValueKind.False)
                errors.Add(FieldError.Forbidden(path.Child("additionalProperties"), "additionalProperties cannot be set to false"));
        }

        if (embedded && type != "object")
        {
            errors.Add(type.Length == 0
                ? FieldError.Required(path.Child("type"), "must be object if x-kubernetes-embedded-resource is true")
                : FieldError.Invalid(path.Child("type"), type, "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (type.Length == 0 && !intOrString && !preserve)
        {
            errors.Add(FieldError.Required(path.Child("type"), level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }
        if (level == Level.Root && type.Length > 0 && type != "object")
            errors.Add(FieldError.Invalid(path.Child("type"), type, "must be object at the root"));
        if (level == Level.Root && Bool(s, "nullable"))
            errors.Add(FieldError.Forbidden(path.Child("nullable"), "nullable cannot be true at the root"));
        if (intOrString && preserve)
            errors.Add(FieldError.Invalid(path.Child("x-kubernetes-preserve-unknown-fields"), true, "must be false if x-kubernetes-int-or-string is true"));
        if (intOrString && embedded)
            errors.Add(FieldError.Invalid(path.Child("x-kubernetes-embedded-resource"), true, "must be false if x-kubernetes-int-or-string is true"));
        if (Bool(s, "uniqueItems"))
            errors.Add(FieldError.Forbidden(path.Child("uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        if (s.TryGetProperty("$ref", out _))
            errors.Add(FieldError.Forbidden(path.Child("$ref"), "$ref is not supported"));

        var pattern = String(s, "pattern");
        Regex? compiled = null;
        if (pattern is not null)
        {
            try { compiled = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException e)
            {
                errors.Add(FieldError.Invalid(path.Child("pattern"), pattern, "must be a valid regular expression, but isn't: " + e.Message));
            }
        }

        List<JsonElement>? enumValues = null;
        if (s.TryGetProperty("enum", out var en) && en.ValueKind == JsonValueKind.Array)
            enumValues = en.EnumerateArray().Select(e => e.Clone()).ToList();

        var required = new List<string>();
        if (s.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array)
            foreach (var r in req.EnumerateArray())
                if (r.ValueKind == JsonValueKind.String) required.Add(r.GetString()!);

        JsonElement? defaultValue = s.TryGetProperty("default", out var d) ? d.Clone() : null;
        if (defaultValue is not null && level == Level.Root)
            errors.Add(FieldError.Forbidden(path.Child("default"), "must not be set at the root"));

        return new StructuralSchema
        {
            Type = type,
            Format = String(s, "format"),
            Properties = properties,
            Items = items,
            AdditionalProperties = additional,
            AdditionalPropertiesAllowed = additionalAllowed,
            Required = required,
            Enum = enumValues,
            Minimum = Number(s, "minimum"),
            ExclusiveMinimum = Bool(s, "exclusiveMinimum"),
            Maximum = Number(s, "maximum"),
            ExclusiveMaximum = Bool(s, "exclusiveMaximum"),
            MinLength = Long(s, "minLength"),
            MaxLength = Long(s, "maxLength"),
            Pattern = pattern,
            CompiledPattern = compiled,
            MinItems = Long(s, "minItems"),
            MaxItems = Long(s, "maxItems"),
            MinProperties = Long(s, "minProperties"),
            MaxProperties = Long(s, "maxProperties"),
            Nullable = Bool(s, "nullable"),
            Default = defaultValue,
            PreserveUnknownFields = preserve,
            IntOrString = intOrString,
            EmbeddedResource = embedded,
        };
    }

    private static string? String(JsonElement s, string name) =>
        s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement s, string name) =>
        s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static double? Number(JsonElement s, string name) =>
        s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static long? Long(JsonElement s, string name) =>
        s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : null;

    /// <summary>The schema of a property (or of a map value), or null when the field is unknown.</summary>
    internal StructuralSchema? PropertySchema(string name) =>
        Properties.TryGetValue(name, out var p) ? p : AdditionalProperties;

    internal static string FormatNumber(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    internal static object? ToBadValue(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l
            : double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var dbl) && dbl == Math.Floor(dbl) && Math.Abs(dbl) < 9e15 ? (long)dbl
            : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
