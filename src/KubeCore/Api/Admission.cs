using KubeCore.Models;

namespace KubeCore.Api;

/// <summary>The operation being admitted.</summary>
public enum AdmissionOperation
{
    /// <summary>A create.</summary>
    Create,
    /// <summary>An update or patch.</summary>
    Update,
    /// <summary>A delete.</summary>
    Delete,
}

/// <summary>What an admission plugin sees of a request.</summary>
/// <param name="Operation">Create, update or delete.</param>
/// <param name="Resource">The resource being written.</param>
/// <param name="Subresource">The subresource (e.g. <c>status</c>), or empty.</param>
/// <param name="Namespace">The namespace, or null for cluster-scoped resources.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Object">The object as it would be stored (null for deletes).</param>
/// <param name="OldObject">The stored object before the change (null for creates).</param>
/// <param name="DryRun">Whether the request is a dry run.</param>
public sealed record AdmissionRequest(
    AdmissionOperation Operation, ResourceDefinition Resource, string Subresource, string? Namespace, string Name,
    KubeObject? Object, KubeObject? OldObject, bool DryRun);

/// <summary>
/// A mutating admission plugin: runs after defaulting and before validation, and may return a changed object.
/// Reject a request by throwing a <see cref="KubeApiException"/> (e.g. from <see cref="ApiErrors"/>).
/// </summary>
public interface IMutatingAdmissionPlugin
{
    /// <summary>Returns the object to store (the request's object when nothing changes).</summary>
    ValueTask<KubeObject> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// A validating admission plugin: runs after validation, on the final object, and may only accept or reject
/// (by throwing a <see cref="KubeApiException"/>).
/// </summary>
public interface IValidatingAdmissionPlugin
{
    /// <summary>Completes when the request is admitted; throws to reject it.</summary>
    ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
