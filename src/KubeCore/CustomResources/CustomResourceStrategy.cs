using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Validation;

namespace KubeCore.CustomResources;

/// <summary>
/// The behaviour of a custom resource served from a <see cref="CustomResourceDefinition"/> version, as kube-apiserver's
/// customresource strategy: unknown fields pruned (unless <c>x-kubernetes-preserve-unknown-fields</c>), schema defaults
/// applied, the structural schema validated, <c>status</c> and <c>scale</c> subresources per the CRD, generation bumped
/// on changes outside metadata (and outside status when the status subresource is enabled).
/// </summary>
public sealed class CustomResourceStrategy : ResourceStrategy
{
    private readonly string _group;
    private readonly string _kind;
    private readonly bool _statusEnabled;
    private readonly CustomResourceSubresourceScale? _scale;

    /// <summary>Creates the strategy of <paramref name="version"/> of <paramref name="definition"/>.</summary>
    /// <exception cref="ArgumentException">The CRD has no such version.</exception>
    public CustomResourceStrategy(CustomResourceDefinition definition, string version)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrEmpty(version);
        Definition = definition;
        Version = version;
        var spec = definition.Spec ?? throw new ArgumentException("the CustomResourceDefinition has no spec", nameof(definition));
        var v = spec.Versions?.FirstOrDefault(x => x.Name == version)
            ?? throw new ArgumentException($"the CustomResourceDefinition has no version {version}", nameof(definition));
        _group = spec.Group;
        _kind = definition.Status?.AcceptedNames?.Kind is { Length: > 0 } accepted ? accepted : spec.Names?.Kind ?? "";
        Schema = v.Schema?.OpenAPIV3Schema is { ValueKind: JsonValueKind.Object } schema ? StructuralSchema.Parse(schema) : StructuralSchema.PreserveAll;
        if (spec.PreserveUnknownFields == true) Schema = WithPreservedRoot(Schema);
        _statusEnabled = v.Subresources?.Status is not null;
        _scale = v.Subresources?.Scale;
        Terminating = definition.Status?.Conditions?.Any(c => c.Type == "Terminating" && c.Status == "True") == true ||
            definition.Metadata.DeletionTimestamp is not null;
    }

    /// <summary>The CRD this strategy serves.</summary>
    public CustomResourceDefinition Definition { get; }

    /// <summary>The version served.</summary>
    public string Version { get; }

    /// <summary>The version's structural schema.</summary>
    public StructuralSchema Schema { get; }

    /// <summary>Whether the CRD is being deleted: new objects are refused.</summary>
    public bool Terminating { get; }

    /// <inheritdoc />
    public override bool ResetStatusOnCreate => _statusEnabled;

    /// <inheritdoc />
    public override IReadOnlyList<string> RemoveUnknownFields(JsonObject obj, Type clrType) => SchemaValidation.Prune(obj, Schema);

    /// <inheritdoc />
    public override KubeObject PrepareForCreate(KubeObject obj)
    {
        if (Terminating)
        {
            var refused = ApiErrors.MethodNotSupported(new GroupResource(_group, Definition.Spec?.Names?.Plural ?? ""), "create");
            throw new Api.NotSupportedException(refused.Status with { Message = "create not allowed while custom resource definition is terminating" });
        }
        return Normalize(obj);
    }

    /// <inheritdoc />
    public override KubeObject PrepareForUpdate(KubeObject updated, KubeObject current) => Normalize(updated);

    /// <inheritdoc />
    public override KubeObject ApplyDefaults(KubeObject obj) => obj;

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(KubeObject obj) => SchemaValidation.Validate(ToNode(obj), Schema);

    /// <inheritdoc />
    public override IEnumerable<FieldError> ValidateUpdate(KubeObject updated, KubeObject current) => Validate(updated);

    /// <inheritdoc />
    public override IEnumerable<FieldError> ValidateStatusUpdate(KubeObject updated, KubeObject current) => Validate(updated);

    /// <inheritdoc />
    public override KubeObject PrepareForSubresourceUpdate(string subresource, KubeObject updated, KubeObject current) =>
        subresource == "status" && _statusEnabled
            ? Normalize(current.WithStatusFrom(updated))
            : base.PrepareForSubresourceUpdate(subresource, updated, current);

    /// <inheritdoc />
    public override bool SpecEquals(KubeObject updated, KubeObject current)
    {
        // Without the status subresource, status is part of what the generation tracks.
        if (!_statusEnabled && updated is GenericObject u && current is GenericObject c &&
            !JsonEquals(u.GetStatus(), c.GetStatus())) return false;
        return base.SpecEquals(updated, current);
    }

    /// <inheritdoc />
    public override ScaleView? GetScale(KubeObject obj)
    {
        if (_scale is null) return null;
        var node = ToNode(obj);
        var replicas = ReadInt(node, _scale.SpecReplicasPath);
        var statusReplicas = ReadInt(node, _scale.StatusReplicasPath);
        var selector = string.IsNullOrEmpty(_scale.LabelSelectorPath) ? null : Read(node, _scale.LabelSelectorPath) is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null;
        return new ScaleView(replicas, statusReplicas, selector ?? "");
    }

    /// <inheritdoc />
    public override KubeObject WithReplicas(KubeObject obj, int replicas)
    {
        if (_scale is null) return base.WithReplicas(obj, replicas);
        var node = ToNode(obj);
        var segments = Segments(_scale.SpecReplicasPath);
        JsonObject parent = node;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (parent[segments[i]] is not JsonObject next) parent[segments[i]] = next = [];
            parent = next;
        }
        parent[segments[^1]] = replicas;
        return FromNode(node, obj);
    }

    /// <summary>Prunes unknown fields and applies schema defaults, as kube-apiserver's decoder does for custom resources.</summary>
    private KubeObject Normalize(KubeObject obj)
    {
        var node = ToNode(obj);
        SchemaValidation.Prune(node, Schema);
        SchemaValidation.ApplyDefaults(node, Schema);
        return FromNode(node, obj);
    }

    // managedFields stay out of the JSON round trip: they are the API layer's, and may be computed lazily from the
    // stored object (server-side apply's whole-object entries), which does not exist yet while a write is prepared.
    private static JsonObject ToNode(KubeObject obj) =>
        KubeJson.ToJsonNode(obj.Metadata.ManagedFields is null ? obj : obj with { Metadata = obj.Metadata with { ManagedFields = null } });

    private static KubeObject FromNode(JsonObject node, KubeObject original)
    {
        var result = KubeJson.FromJsonNode(node, original.GetType());
        return original.Metadata.ManagedFields is { } managed ? result with { Metadata = result.Metadata with { ManagedFields = managed } } : result;
    }

    private static StructuralSchema WithPreservedRoot(StructuralSchema schema) =>
        schema.PreserveUnknownFields ? schema : StructuralSchema.PreserveAll;

    private static bool JsonEquals(JsonElement? a, JsonElement? b) =>
        a is null ? b is null : b is not null && JsonElement.DeepEquals(a.Value, b.Value);

    private static string[] Segments(string path) => path.TrimStart('.').Split('.');

    private static JsonNode? Read(JsonObject node, string path)
    {
        JsonNode? current = node;
        foreach (var segment in Segments(path))
        {
            if (current is not JsonObject o || !o.TryGetPropertyValue(segment, out current)) return null;
        }
        return current;
    }

    private static int ReadInt(JsonObject node, string path) =>
        !string.IsNullOrEmpty(path) && Read(node, path) is JsonValue v && v.TryGetValue<long>(out var l) ? (int)l
        : !string.IsNullOrEmpty(path) && Read(node, path) is JsonValue d && d.TryGetValue<double>(out var dbl) ? (int)dbl : 0;

    /// <summary>A short description for diagnostics.</summary>
    public override string ToString() => $"{_kind}.{_group}/{Version}";
}
