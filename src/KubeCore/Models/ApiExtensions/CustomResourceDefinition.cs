using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Defines a custom resource (<c>apiextensions.k8s.io/v1 CustomResourceDefinition</c>).</summary>
public sealed record CustomResourceDefinition : KubeObject<CustomResourceDefinitionSpec, CustomResourceDefinitionStatus>
{
    /// <summary>Creates an empty CustomResourceDefinition with apiVersion and kind set.</summary>
    public CustomResourceDefinition() { ApiVersion = "apiextensions.k8s.io/v1"; Kind = "CustomResourceDefinition"; }
}

/// <summary>The desired state of a CRD.</summary>
public sealed record CustomResourceDefinitionSpec
{
    /// <summary>The API group.</summary>
    public string Group { get; init; } = "";
    /// <summary>The names.</summary>
    public CustomResourceDefinitionNames? Names { get; init; }
    /// <summary><c>Namespaced</c> or <c>Cluster</c>.</summary>
    public string Scope { get; init; } = "";
    /// <summary>The served versions.</summary>
    public IReadOnlyList<CustomResourceDefinitionVersion>? Versions { get; init; }
    /// <summary>Conversion settings (loosely typed).</summary>
    public JsonElement? Conversion { get; init; }
    /// <summary>Deprecated: whether unknown fields are kept.</summary>
    public bool? PreserveUnknownFields { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The names of a custom resource.</summary>
public sealed record CustomResourceDefinitionNames
{
    /// <summary>Plural resource name.</summary>
    public string Plural { get; init; } = "";
    /// <summary>Singular name.</summary>
    public string? Singular { get; init; }
    /// <summary>Short names.</summary>
    public IReadOnlyList<string>? ShortNames { get; init; }
    /// <summary>Kind.</summary>
    public string Kind { get; init; } = "";
    /// <summary>List kind.</summary>
    public string? ListKind { get; init; }
    /// <summary>Categories, e.g. <c>all</c>.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A served version of a custom resource.</summary>
public sealed record CustomResourceDefinitionVersion
{
    /// <summary>Version name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Whether the version is served.</summary>
    public bool Served { get; init; }
    /// <summary>Whether this is the storage version.</summary>
    public bool Storage { get; init; }
    /// <summary>Whether the version is deprecated.</summary>
    public bool? Deprecated { get; init; }
    /// <summary>Warning returned to clients.</summary>
    public string? DeprecationWarning { get; init; }
    /// <summary>The schema.</summary>
    public CustomResourceValidation? Schema { get; init; }
    /// <summary>The subresources.</summary>
    public CustomResourceSubresources? Subresources { get; init; }
    /// <summary>Extra table columns.</summary>
    public IReadOnlyList<CustomResourceColumnDefinition>? AdditionalPrinterColumns { get; init; }
    /// <summary>Fields usable in field selectors.</summary>
    public IReadOnlyList<SelectableField>? SelectableFields { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The schema of a version.</summary>
public sealed record CustomResourceValidation
{
    /// <summary>The OpenAPI v3 schema (kept verbatim).</summary>
    public JsonElement? OpenAPIV3Schema { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The subresources of a version.</summary>
public sealed record CustomResourceSubresources
{
    /// <summary>Present when the status subresource is enabled.</summary>
    public CustomResourceSubresourceStatus? Status { get; init; }
    /// <summary>The scale subresource.</summary>
    public CustomResourceSubresourceScale? Scale { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Enables the status subresource (an empty object).</summary>
public sealed record CustomResourceSubresourceStatus
{
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The scale subresource's paths.</summary>
public sealed record CustomResourceSubresourceScale
{
    /// <summary>JSON path of the desired replicas.</summary>
    public string SpecReplicasPath { get; init; } = "";
    /// <summary>JSON path of the observed replicas.</summary>
    public string StatusReplicasPath { get; init; } = "";
    /// <summary>JSON path of the label selector.</summary>
    public string? LabelSelectorPath { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An extra table column.</summary>
public sealed record CustomResourceColumnDefinition
{
    /// <summary>Column name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Column type.</summary>
    public string Type { get; init; } = "";
    /// <summary>Column format.</summary>
    public string? Format { get; init; }
    /// <summary>Column description.</summary>
    public string? Description { get; init; }
    /// <summary>Column priority.</summary>
    public int? Priority { get; init; }
    /// <summary>JSON path of the value.</summary>
    public string JsonPath { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A field usable in field selectors.</summary>
public sealed record SelectableField
{
    /// <summary>JSON path of the field.</summary>
    public string JsonPath { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a CRD.</summary>
public sealed record CustomResourceDefinitionStatus
{
    /// <summary>Observations, e.g. <c>Established</c>.</summary>
    public IReadOnlyList<CustomResourceDefinitionCondition>? Conditions { get; init; }
    /// <summary>The names actually served.</summary>
    public CustomResourceDefinitionNames? AcceptedNames { get; init; }
    /// <summary>Versions ever persisted.</summary>
    public IReadOnlyList<string>? StoredVersions { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A CRD condition.</summary>
public sealed record CustomResourceDefinitionCondition
{
    /// <summary><c>Established</c>, <c>NamesAccepted</c>, …</summary>
    public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When the status last changed.</summary>
    public KubeTime? LastTransitionTime { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
