using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// The base of every Kubernetes object: <c>apiVersion</c>, <c>kind</c>, <c>metadata</c>, and every other field the
/// model does not type, kept verbatim in <see cref="ExtensionData"/> so that objects round-trip losslessly.
/// </summary>
/// <remarks>
/// Objects are immutable snapshots: the store hands the same instance to every reader and watcher. To change an
/// object, derive a new one with a <c>with</c> expression (it preserves the runtime type even through this base type).
/// </remarks>
public abstract record KubeObject
{
    /// <summary>The versioned schema of this object, e.g. <c>v1</c> or <c>apps/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; init; }

    /// <summary>The kind of this object, e.g. <c>Pod</c>.</summary>
    [JsonPropertyName("kind")]
    [JsonPropertyOrder(-2)]
    public string? Kind { get; init; }

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get => _metadata; init => _metadata = value ?? ObjectMeta.Empty; }

    // JSON null reads as "absent", as in Kubernetes (Go decodes null into a struct as a no-op).
    private readonly ObjectMeta _metadata = ObjectMeta.Empty;

    /// <summary>Fields present on the wire that this model does not type; written back unchanged.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Whether this kind carries a <c>status</c> that is written through the status subresource.</summary>
    [JsonIgnore]
    public virtual bool HasStatus => false;

    /// <summary>Whether this kind carries a <c>spec</c> whose changes bump <c>metadata.generation</c>.</summary>
    [JsonIgnore]
    public virtual bool HasSpec => false;

    /// <summary>Returns a copy of this object whose status is taken from <paramref name="source"/> (same kind).</summary>
    public virtual KubeObject WithStatusFrom(KubeObject source) => this;

    /// <summary>Returns a copy of this object whose spec is taken from <paramref name="source"/> (same kind).</summary>
    public virtual KubeObject WithSpecFrom(KubeObject source) => this;

    /// <summary>
    /// Returns a copy whose missing <c>spec</c> and <c>status</c> are empty objects, as Kubernetes always serializes
    /// them (so JSON patches can address paths below them).
    /// </summary>
    public virtual KubeObject WithEmptySpecAndStatus() => this;

    /// <summary>Whether this object's spec equals <paramref name="other"/>'s spec, structurally.</summary>
    public virtual bool SpecEquals(KubeObject other) => true;
}
