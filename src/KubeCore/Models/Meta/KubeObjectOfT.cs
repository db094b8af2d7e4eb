using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// Base of kinds with a desired state (<c>spec</c>) and an observed state (<c>status</c>).
/// Supplies the generic spec/status operations the API layer needs (generation, status subresource).
/// </summary>
/// <typeparam name="TSpec">The spec type.</typeparam>
/// <typeparam name="TStatus">The status type.</typeparam>
public abstract record KubeObject<TSpec, TStatus> : KubeObject
    where TSpec : class
    where TStatus : class
{
    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")] public TSpec? Spec { get; init; }

    /// <summary>The most recently observed state; written through the status subresource.</summary>
    [JsonPropertyName("status")] public TStatus? Status { get; init; }

    /// <inheritdoc />
    [JsonIgnore] public override bool HasStatus => true;

    /// <inheritdoc />
    [JsonIgnore] public override bool HasSpec => true;

    /// <inheritdoc />
    public override KubeObject WithEmptySpecAndStatus() =>
        Spec is not null && Status is not null ? this : this with { Spec = Spec ?? EmptyInstance<TSpec>.Create(), Status = Status ?? EmptyInstance<TStatus>.Create() };

    /// <inheritdoc />
    public override KubeObject WithStatusFrom(KubeObject source) =>
        this with { Status = ((KubeObject<TSpec, TStatus>)source).Status };

    /// <inheritdoc />
    public override KubeObject WithSpecFrom(KubeObject source) =>
        this with { Spec = ((KubeObject<TSpec, TStatus>)source).Spec };

    /// <inheritdoc />
    public override bool SpecEquals(KubeObject other) =>
        other is KubeObject<TSpec, TStatus> o && (ReferenceEquals(Spec, o.Spec) || Serialization.StructuralEquality.JsonEquals(Spec, o.Spec));
}
