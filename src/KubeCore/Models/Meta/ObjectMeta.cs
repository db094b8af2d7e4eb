using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Standard metadata every persisted object has (<c>metav1.ObjectMeta</c>).</summary>
public sealed record ObjectMeta
{
    /// <summary>An empty metadata instance, shared.</summary>
    public static ObjectMeta Empty { get; } = new();

    /// <summary>Unique name within a namespace (or cluster, for cluster-scoped kinds).</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>Prefix from which the server generates a unique name when <see cref="Name"/> is empty.</summary>
    [JsonPropertyName("generateName")] public string? GenerateName { get; init; }

    /// <summary>The namespace the object lives in; empty for cluster-scoped kinds.</summary>
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }

    /// <summary>Cluster-wide unique identifier assigned by the server on create.</summary>
    [JsonPropertyName("uid")] public string? Uid { get; init; }

    /// <summary>Opaque version of the object: the store revision of its last write.</summary>
    [JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; init; }

    /// <summary>Sequence number of the desired state (spec), bumped by the server on spec changes.</summary>
    [JsonPropertyName("generation")] public long? Generation { get; init; }

    /// <summary>When the server created the object.</summary>
    [JsonPropertyName("creationTimestamp")] public KubeTime? CreationTimestamp { get; init; }

    /// <summary>When graceful deletion was requested; set by the server, never by clients.</summary>
    [JsonPropertyName("deletionTimestamp")] public KubeTime? DeletionTimestamp { get; init; }

    /// <summary>Seconds allowed for graceful termination before the object is removed.</summary>
    [JsonPropertyName("deletionGracePeriodSeconds")] public long? DeletionGracePeriodSeconds { get; init; }

    /// <summary>Key/value pairs used to organise and select objects.</summary>
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Non-identifying key/value metadata.</summary>
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Objects this object depends on; used by the garbage collector.</summary>
    [JsonPropertyName("ownerReferences")] public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }

    /// <summary>Keys that must be removed before the object is deleted from storage.</summary>
    [JsonPropertyName("finalizers")] public IReadOnlyList<string>? Finalizers { get; init; }

    /// <summary>Which field managers own which fields, maintained by the server on every write (server-side apply).</summary>
    [JsonPropertyName("managedFields")] public IReadOnlyList<ManagedFieldsEntry>? ManagedFields { get; init; }

    /// <summary>Metadata fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference from a dependent object to its owner (<c>metav1.OwnerReference</c>).</summary>
public sealed record OwnerReference
{
    /// <summary>API version of the owner.</summary>
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; init; } = "";
    /// <summary>Kind of the owner.</summary>
    [JsonPropertyName("kind")] public string Kind { get; init; } = "";
    /// <summary>Name of the owner.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    /// <summary>UID of the owner.</summary>
    [JsonPropertyName("uid")] public string Uid { get; init; } = "";
    /// <summary>Whether the owner is the managing controller.</summary>
    [JsonPropertyName("controller")] public bool? Controller { get; init; }
    /// <summary>Whether foreground deletion of the owner waits for this dependent.</summary>
    [JsonPropertyName("blockOwnerDeletion")] public bool? BlockOwnerDeletion { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Metadata of list responses (<c>metav1.ListMeta</c>).</summary>
public sealed record ListMeta
{
    /// <summary>The store revision the list was read at.</summary>
    [JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; init; }
    /// <summary>Continuation token for paged lists.</summary>
    [JsonPropertyName("continue")] public string? Continue { get; init; }
    /// <summary>Number of items not returned by a paged list.</summary>
    [JsonPropertyName("remainingItemCount")] public long? RemainingItemCount { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A label query over a set of objects (<c>metav1.LabelSelector</c>); null or empty selects everything.</summary>
public sealed record LabelSelector
{
    /// <summary>Equality requirements, ANDed.</summary>
    [JsonPropertyName("matchLabels")] public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }
    /// <summary>Set-based requirements, ANDed.</summary>
    [JsonPropertyName("matchExpressions")] public IReadOnlyList<LabelSelectorRequirement>? MatchExpressions { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One set-based requirement of a <see cref="LabelSelector"/>.</summary>
public sealed record LabelSelectorRequirement
{
    /// <summary>The label key.</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    [JsonPropertyName("operator")] public string Operator { get; init; } = "";
    /// <summary>Values for <c>In</c> and <c>NotIn</c>.</summary>
    [JsonPropertyName("values")] public IReadOnlyList<string>? Values { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
