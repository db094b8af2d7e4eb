using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Base of kinds that have a <c>spec</c> but no <c>status</c> (e.g. Lease, IngressClass).</summary>
/// <typeparam name="TSpec">The spec type.</typeparam>
public abstract record KubeObjectWithSpec<TSpec> : KubeObject
    where TSpec : class
{
    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")] public TSpec? Spec { get; init; }

    /// <inheritdoc />
    [JsonIgnore] public override bool HasSpec => true;

    /// <inheritdoc />
    public override KubeObject WithEmptySpecAndStatus() => Spec is not null ? this : this with { Spec = EmptyInstance<TSpec>.Create() };

    /// <inheritdoc />
    public override KubeObject WithSpecFrom(KubeObject source) =>
        this with { Spec = ((KubeObjectWithSpec<TSpec>)source).Spec };

    /// <inheritdoc />
    public override bool SpecEquals(KubeObject other) =>
        other is KubeObjectWithSpec<TSpec> o && (ReferenceEquals(Spec, o.Spec) || Serialization.StructuralEquality.JsonEquals(Spec, o.Spec));
}
