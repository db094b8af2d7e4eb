using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KubeCore.Api;
using KubeCore.CustomResources;
using KubeCore.Models;
using KubeCore.Patching;
using KubeCore.Serialization;

namespace KubeCore.ApiServer.Discovery;

/// <summary>
/// OpenAPI v3 component schemas for the served kinds, generated from the models' serialization metadata
/// (<see cref="KubeJson.Options"/>) in the shape kube-apiserver publishes: definitions named as upstream
/// (<c>io.k8s.api.core.v1.Pod</c>), references wrapped in <c>allOf</c>, <c>x-kubernetes-group-version-kind</c> on
/// kinds, the strategic-merge and list-type extensions from <see cref="StrategicMergePatchSchemas"/> (the rules patch
/// and server-side apply use), and descriptions from the models' docs. Custom resources are described by their CRD's
/// <c>openAPIV3Schema</c>. One instance describes one snapshot of the <see cref="ResourceRegistry"/>; thread-safe.
/// </summary>
internal sealed class OpenApiSchemas
{
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1";
    private const string RefPrefix = "#/components/schemas/";

    /// <summary>Types with fixed upstream names that have no object metadata of their own (custom JSON converters).</summary>
    private static readonly Dictionary<Type, (string Name, Func<JsonObject> Schema)> s_primitives = new()
    {
        [typeof(IntOrString)] = ("io.k8s.apimachinery.pkg.util.intstr.IntOrString", () => new JsonObject
        {
            ["description"] = "IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.",
            ["format"] = "int-or-string",
            ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
        }),
        [typeof(Quantity)] = ("io.k8s.apimachinery.pkg.api.resource.Quantity", () => new JsonObject
        {
            ["description"] = "A fixed-point number in Kubernetes quantity notation: a decimal or integer with an optional binary (Ki, Mi, Gi, Ti, Pi, Ei) or decimal (m, k, M, G, T, P, E) suffix or exponent, e.g. 500m, 1.5Gi, 2e3.",
            ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }),
        }),
        [typeof(KubeTime)] = (Meta + ".Time", () => new JsonObject
        {
            ["description"] = "A timestamp in RFC 3339 form, to the second (e.g. 2024-01-02T03:04:05Z).",
            ["type"] = "string",
            ["format"] = "date-time",
        }),
        [typeof(MicroTime)] = (Meta + ".MicroTime", () => new JsonObject
        {
            ["description"] = "A timestamp in RFC 3339 form with microseconds (e.g. 2024-01-02T03:04:05.000006Z).",
            ["type"] = "string",
            ["format"] = "date-time",
        }),
        [typeof(FieldsV1)] = (Meta + ".FieldsV1", () => new JsonObject
        {
            ["description"] = "The set of fields a manager owns, as a trie of field paths (the fieldsV1 format of server-side apply).",
            ["type"] = "object",
        }),
    };

    /// <summary>Model types whose upstream name differs from the CLR name (upstream spells acronyms in capitals).</summary>
    private static readonly Dictionary<Type, string> s_renamed = new()
    {
        [typeof(HttpGetAction)] = "HTTPGetAction",
        [typeof(HttpHeader)] = "HTTPHeader",
        [typeof(TcpSocketAction)] = "TCPSocketAction",
        [typeof(GrpcAction)] = "GRPCAction",
        [typeof(HttpIngressRuleValue)] = "HTTPIngressRuleValue",
        [typeof(HttpIngressPath)] = "HTTPIngressPath",
        [typeof(HpaScalingRules)] = "HPAScalingRules",
        [typeof(HpaScalingPolicy)] = "HPAScalingPolicy",
    };

    /// <summary>Model types that belong to meta/v1 (and everything they reach).</summary>
    private static readonly Type[] s_metaRoots =
        [typeof(ObjectMeta), typeof(ListMeta), typeof(LabelSelector), typeof(Condition), typeof(Status)];

    /// <summary>Core types also used by other groups, claimed for core/v1 before any other group reaches them.</summary>
    private static readonly Type[] s_coreRoots =
        [typeof(PodTemplateSpec), typeof(ObjectReference), typeof(LocalObjectReference), typeof(TypedLocalObjectReference)];

    private readonly ModelDocumentation _docs;
    private readonly Dictionary<Type, string> _names = [];
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, Dictionary<string, PatchField>> _rules = [];
    private readonly Dictionary<Type, List<(string Group, string Version, string Kind)>> _kinds = [];
    private readonly Dictionary<string, JsonObject> _built = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Names every model type reachable from <paramref name="resources"/> and collects their patch rules.</summary>
    public OpenApiSchemas(IReadOnlyList<ResourceDefinition> resources, ModelDocumentation? docs = null)
    {
        _docs = docs ?? ModelDocumentation.KubeCore;
        foreach (var root in s_metaRoots) Visit(root, Meta, PatchSchema.Empty);
        foreach (var root in s_coreRoots) Visit(root, "io.k8s.api.core.v1", PatchSchema.Empty);
        Visit(typeof(Scale), "io.k8s.api.autoscaling.v1", PatchSchema.Empty);
        AddKind(typeof(Scale), "autoscaling", "v1", "Scale");

        // Core kinds first, so types shared with other groups (Container, Volume, …) get core/v1 names.
        foreach (var r in resources.OrderBy(r => r.Group.Length == 0 ? 0 : 1))
        {
            if (!HasModel(r)) continue;
            StrategicMergePatchSchemas.TryGet(r.ApiVersion, r.Kind, out var patch);
            Visit(r.ClrType, Package(r.Group, r.Version), patch);
            AddKind(r.ClrType, r.Group, r.Version, r.Kind);
        }
    }

    /// <summary>
    /// What the naming depends on: the model-backed kinds in registry order. Two registries with the same key get the
    /// same names, so an instance can be reused across changes that only add or remove custom resources.
    /// </summary>
    public static string ModelKey(IEnumerable<ResourceDefinition> resources) =>
        string.Join('\n', resources.Where(HasModel).Select(r => $"{r.ApiVersion} {r.Kind} {r.ClrType.AssemblyQualifiedName}"));

    /// <summary>Whether the kind is described by its model type (false: by its CRD's schema, or as an open object).</summary>
    private static bool HasModel(ResourceDefinition r) => r.Strategy is not CustomResourceStrategy && IsModel(r.ClrType);

    /// <summary>The definition name of the schema describing <paramref name="resource"/>'s kind.</summary>
    public string SchemaName(ResourceDefinition resource) =>
        HasModel(resource) ? _names[resource.ClrType] : Package(resource.Group, resource.Version) + "." + resource.Kind;

    /// <summary>The definition name of a model type, if it has one.</summary>
    public string? NameOf(Type type) => _names.GetValueOrDefault(type) ?? s_primitives.GetValueOrDefault(type).Name;

    /// <summary>
    /// The <c>components.schemas</c> of a document describing <paramref name="resources"/> (and the Scale kind when
    /// <paramref name="withScale"/>): every kind's schema and every schema they reference, sorted by name.
    /// </summary>
    public JsonObject Components(IEnumerable<ResourceDefinition> resources, bool withScale)
    {
        var result = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        void Want(string name)
        {
            if (result.ContainsKey(name)) return;
            var schema = Schema(name, resources);
            result[name] = schema;
            foreach (var r in References(schema)) pending.Enqueue(r);
        }
        foreach (var r in resources) Want(SchemaName(r));
        if (withScale) Want(_names[typeof(Scale)]);
        while (pending.TryDequeue(out var next)) Want(next);
        var components = new JsonObject();
        foreach (var (name, schema) in result) components[name] = schema;
        return components;
    }

    private JsonObject Schema(string name, IEnumerable<ResourceDefinition> resources)
    {
        var custom = resources.FirstOrDefault(r => !HasModel(r) && SchemaName(r) == name);
        if (custom is not null) return ResourceWithoutModel(custom);
        lock (_lock)
        {
            if (!_built.TryGetValue(name, out var schema))
            {
                schema = _byName.TryGetValue(name, out var type) ? Build(type)
                    : s_primitives.Values.First(p => p.Name == name).Schema();
                _built[name] = schema;
            }
            return (JsonObject)schema.DeepClone();
        }
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref" && value is JsonValue v && v.GetValue<string>() is { } r && r.StartsWith(RefPrefix, StringComparison.Ordinal))
                        yield return r[RefPrefix.Length..];
                    else
                        foreach (var inner in References(value)) yield return inner;
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    foreach (var inner in References(item)) yield return inner;
                break;
        }
    }

    /// <summary>The upstream package of a group-version, e.g. <c>io.k8s.api.apps.v1</c> or <c>com.example.stable.v1</c>.</summary>
    public static string Package(string group, string version)
    {
        if (group.Length == 0) return $"io.k8s.api.core.{version}";
        if (group == "apiextensions.k8s.io") return $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{version}";
        if (group == "apiregistration.k8s.io") return $"io.k8s.kube-aggregator.pkg.apis.apiregistration.{version}";
        if (!group.Contains('.', StringComparison.Ordinal)) return $"io.k8s.api.{group}.{version}";
        if (group.EndsWith(".k8s.io", StringComparison.Ordinal)) return $"io.k8s.api.{group.Split('.')[0]}.{version}";
        return string.Join('.', group.Split('.').Reverse()) + "." + version;
    }

    private static bool IsModel(Type type) => type != typeof(GenericObject) && !type.IsAbstract;

    private void AddKind(Type type, string group, string version, string kind)
    {
        if (!_kinds.TryGetValue(type, out var list)) _kinds[type] = list = [];
        if (!list.Contains((group, version, kind))) list.Add((group, version, kind));
    }

    // ---- naming and patch rules: a walk over the serialization metadata ----

    private enum Shape { Primitive, Named, Object, Array, Map }

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static (Shape Shape, Type? Element) Classify(Type type)
    {
        type = Unwrap(type);
        if (s_primitives.ContainsKey(type)) return (Shape.Named, null);
        if (PrimitiveSchema(type) is not null) return (Shape.Primitive, null);
        var info = KubeJson.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => (Shape.Object, null),
            JsonTypeInfoKind.Enumerable => (Shape.Array, info.ElementType),
            JsonTypeInfoKind.Dictionary => (Shape.Map, info.ElementType),
            _ => (Shape.Primitive, null),
        };
    }

    private void Visit(Type type, string package, PatchSchema patch)
    {
        type = Unwrap(type);
        var (shape, element) = Classify(type);
        switch (shape)
        {
            case Shape.Array:
                Visit(element!, package, patch);
                return;
            case Shape.Map:
                Visit(element!, package, patch.MapValues ?? PatchSchema.Empty);
                return;
            case Shape.Object:
                break;
            default:
                return;
        }

        if (!_names.ContainsKey(type))
        {
            var name = package + "." + (s_renamed.GetValueOrDefault(type) ?? type.Name);
            // Two CLR types with one short name in one package: keep both, the later one qualified by its CLR name.
            if (_byName.ContainsKey(name)) name = package + "." + (type.FullName ?? type.Name).Replace('+', '.');
            _names[type] = name;
            _byName[name] = type;
        }
        // A type is walked once per patch schema it is reached with; the rules of every path are merged.
        if (!_visited.Add((type, patch))) return;
        var rules = _rules.TryGetValue(type, out var r) ? r : _rules[type] = [];
        foreach (var property in KubeJson.GetTypeInfo(type).Properties)
        {
            if (Skipped(property)) continue;
            var field = patch.Field(property.Name);
            if (HasRules(field)) rules.TryAdd(property.Name, field);
            Visit(property.PropertyType, package, field.ValueSchema);
        }
    }

    private readonly HashSet<(Type, PatchSchema)> _visited = [];

    /// <summary>Extension data, and properties the metadata lists but never writes (<c>[JsonIgnore]</c> in source-generated metadata).</summary>
    private static bool Skipped(JsonPropertyInfo property) => property.IsExtensionData || property.Get is null;

    private static bool HasRules(PatchField field) => field.Strategy != PatchStrategy.Default || field.RetainKeys || field.MergeKey is not null;

    // ---- schema building ----

    private JsonObject Build(Type type)
    {
        var info = KubeJson.GetTypeInfo(type);
        var schema = new JsonObject();
        if (_docs.Summary(type) is { } description) schema["description"] = description;
        schema["type"] = "object";
        var properties = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var required = new SortedSet<string>(StringComparer.Ordinal);
        var rules = _rules.GetValueOrDefault(type);
        foreach (var property in info.Properties)
        {
            if (Skipped(property)) continue;
            var p = Property(property.PropertyType, PropertyDocs(type, property));
            if (rules?.GetValueOrDefault(property.Name) is { } rule) AddPatchExtensions(p, rule);
            else if (p["type"]?.GetValue<string>() == "array") p["x-kubernetes-list-type"] = "atomic";
            properties[property.Name] = p;
            if (property.IsRequired) required.Add(property.Name);
        }
        if (properties.Count > 0)
        {
            var props = new JsonObject();
            foreach (var (name, p) in properties) props[name] = p;
            schema["properties"] = props;
        }
        if (required.Count > 0) schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        if (_kinds.TryGetValue(type, out var kinds)) schema["x-kubernetes-group-version-kind"] = Gvk(kinds);
        return schema;
    }

    private static JsonArray Gvk(IEnumerable<(string Group, string Version, string Kind)> kinds) =>
        new([.. kinds.Select(k => (JsonNode)new JsonObject { ["group"] = k.Group, ["kind"] = k.Kind, ["version"] = k.Version })]);

    private string? PropertyDocs(Type owner, JsonPropertyInfo property)
    {
        var member = property.AttributeProvider as PropertyInfo
            ?? owner.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => JsonName(p) == property.Name);
        return member is null ? null : _docs.Summary(member);
    }

    private static string JsonName(PropertyInfo p) =>
        p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name);

    /// <summary>A property's schema: a primitive, a reference (wrapped in <c>allOf</c> so it may carry a description), an array or a map.</summary>
    private JsonObject Property(Type type, string? description)
    {
        var schema = Value(type);
        if (schema.ContainsKey("$ref"))
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        if (description is not null) schema.Insert(0, "description", description);
        return schema;
    }

    /// <summary>The schema of a value of <paramref name="type"/> (a bare <c>$ref</c> for named types).</summary>
    private JsonObject Value(Type type)
    {
        type = Unwrap(type);
        var (shape, element) = Classify(type);
        return shape switch
        {
            Shape.Named or Shape.Object => new JsonObject { ["$ref"] = RefPrefix + NameOf(type) },
            Shape.Array => new JsonObject { ["type"] = "array", ["items"] = Value(element!) },
            Shape.Map => new JsonObject { ["type"] = "object", ["additionalProperties"] = Value(element!) },
            _ => PrimitiveSchema(type) ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
        };
    }

    private static JsonObject? PrimitiveSchema(Type type)
    {
        if (type == typeof(string) || type == typeof(Guid) || type == typeof(Uri) || type.IsEnum) return new() { ["type"] = "string" };
        if (type == typeof(bool)) return new() { ["type"] = "boolean" };
        if (type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(ushort) || type == typeof(sbyte))
            return new() { ["type"] = "integer", ["format"] = "int32" };
        if (type == typeof(long) || type == typeof(uint) || type == typeof(ulong)) return new() { ["type"] = "integer", ["format"] = "int64" };
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return new() { ["type"] = "number", ["format"] = "double" };
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return new() { ["type"] = "string", ["format"] = "date-time" };
        if (type == typeof(byte[])) return new() { ["type"] = "string", ["format"] = "byte" };
        if (type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object))
            return new() { ["x-kubernetes-preserve-unknown-fields"] = true };
        return null;
    }

    /// <summary>The strategic-merge and server-side-apply extensions of one field, from its patch rule.</summary>
    private static void AddPatchExtensions(JsonObject p, PatchField rule)
    {
        var strategies = new List<string>();
        if (rule.Strategy == PatchStrategy.Merge) strategies.Add("merge");
        if (rule.Strategy == PatchStrategy.Replace) strategies.Add("replace");
        if (rule.RetainKeys) strategies.Add("retainKeys");
        var isArray = p["type"]?.GetValue<string>() == "array";
        if (isArray)
        {
            if (rule.Strategy == PatchStrategy.Merge && rule.MergeKey is { } key)
            {
                p["x-kubernetes-list-map-keys"] = new JsonArray(key);
                p["x-kubernetes-list-type"] = "map";
            }
            else
            {
                p["x-kubernetes-list-type"] = rule.Strategy == PatchStrategy.Merge ? "set" : "atomic";
            }
        }
        else if (rule.Strategy == PatchStrategy.Replace)
        {
            p["x-kubernetes-map-type"] = "atomic";
        }
        if (rule.MergeKey is { } mergeKey) p["x-kubernetes-patch-merge-key"] = mergeKey;
        if (strategies.Count > 0) p["x-kubernetes-patch-strategy"] = string.Join(',', strategies);
    }

    // ---- kinds without a model: custom resources (their CRD's schema) and unmodelled built-ins ----

    private JsonObject ResourceWithoutModel(ResourceDefinition r)
    {
        JsonObject schema;
        if (r.Strategy is CustomResourceStrategy crs && OpenApiV3Schema(crs) is JsonObject declared)
            schema = declared;
        else
            schema = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        if (!schema.ContainsKey("type")) schema["type"] = "object";
        if (schema["properties"] is not JsonObject properties) schema["properties"] = properties = [];
        properties["apiVersion"] = Property(typeof(string), _docs.Summary(typeof(KubeObject).GetProperty(nameof(KubeObject.ApiVersion))!));
        properties["kind"] = Property(typeof(string), _docs.Summary(typeof(KubeObject).GetProperty(nameof(KubeObject.Kind))!));
        properties["metadata"] = Property(typeof(ObjectMeta), _docs.Summary(typeof(KubeObject).GetProperty(nameof(KubeObject.Metadata))!));
        schema["x-kubernetes-group-version-kind"] = Gvk([(r.Group, r.Version, r.Kind)]);
        return schema;
    }

    private static JsonNode? OpenApiV3Schema(CustomResourceStrategy crs)
    {
        var version = crs.Definition.Spec?.Versions?.FirstOrDefault(v => v.Name == crs.Version);
        return version?.Schema?.OpenAPIV3Schema is { ValueKind: JsonValueKind.Object } raw ? JsonNode.Parse(raw.GetRawText()) : null;
    }
}
