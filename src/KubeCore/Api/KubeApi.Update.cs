using KubeCore.Models;
using KubeCore.Patching.Apply;
using KubeCore.Storage;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    /// <summary>
    /// Replaces an object (PUT). A non-empty resourceVersion is a precondition (stale → <see cref="ConflictException"/>);
    /// status is kept from the stored object when the kind has a status subresource; generation is bumped on spec changes.
    /// </summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    /// <exception cref="ConflictException">The resourceVersion is stale.</exception>
    /// <exception cref="InvalidException">The object is invalid.</exception>
    public ValueTask<KubeObject> UpdateAsync(ResourceDefinition resource, string? @namespace, KubeObject obj,
        UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        ReplaceAsync(resource, @namespace, obj, "", options, cancellationToken);

    /// <summary>Replaces an object's status (PUT on the <c>status</c> subresource); everything else is kept.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    /// <exception cref="ConflictException">The resourceVersion is stale.</exception>
    public ValueTask<KubeObject> UpdateStatusAsync(ResourceDefinition resource, string? @namespace, KubeObject obj,
        UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateSubresourceAsync(resource, @namespace, obj, "status", options, cancellationToken);

    /// <summary>Writes a subresource the kind serves through PUT (<c>status</c>; <c>finalize</c> for namespaces).</summary>
    /// <exception cref="NotFoundException">The object or the subresource does not exist.</exception>
    public ValueTask<KubeObject> UpdateSubresourceAsync(ResourceDefinition resource, string? @namespace, KubeObject obj, string subresource,
        UpdateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        if (!resource.HasSubresource(subresource)) throw ApiErrors.NotFound(resource.GroupResource, (obj.Metadata.Name ?? "") + "/" + subresource);
        return ReplaceAsync(resource, @namespace, obj, subresource, options, cancellationToken);
    }

    private ValueTask<KubeObject> ReplaceAsync(ResourceDefinition resource, string? @namespace, KubeObject obj, string subresource,
        UpdateOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        obj = Normalize(resource, @namespace, obj);
        var name = obj.Metadata.Name;
        if (string.IsNullOrEmpty(name))
            throw ApiErrors.Invalid(resource.GroupKind, "", [new StatusCause { Reason = "FieldValueRequired", Field = "metadata.name", Message = "Required value: name is required" }]);
        var precondition = obj.Metadata.ResourceVersion;
        if (string.IsNullOrEmpty(precondition) && !resource.Strategy.AllowUnconditionalUpdate)
            throw ApiErrors.Invalid(resource.GroupKind, name, [new StatusCause { Reason = "FieldValueInvalid", Field = "metadata.resourceVersion", Message = "Invalid value: 0: must be specified for an update" }]);
        var who = new FieldManagerIdentity(ResolveFieldManager(options?.FieldManager, "UpdateOptions"), ManagedFieldsOperation.Update, resource.ApiVersion, subresource);
        return GuaranteedUpdateAsync(resource, obj.Metadata.Namespace, name, subresource, precondition, _ => obj,
            options?.DryRun == true, cancellationToken, who);
    }

    /// <summary>
    /// Reads the stored object, applies <paramref name="transform"/>, runs the update rules, and compare-and-swaps the
    /// result, retrying on storage conflicts unless <paramref name="precondition"/> pins a resourceVersion
    /// (kube-apiserver's GuaranteedUpdate). A change that alters nothing is not written and keeps the resourceVersion.
    /// </summary>
    /// <remarks>
    /// <c>who</c> is the manager the change is attributed to in managedFields (null for writes nobody owns, such as
    /// binding); <c>transformTracksFields</c> says the transform maintains managedFields itself (server-side apply).
    /// </remarks>
    internal async ValueTask<KubeObject> GuaranteedUpdateAsync(ResourceDefinition resource, string? ns, string name, string subresource,
        string? precondition, Func<KubeObject, KubeObject> transform, bool dryRun, CancellationToken cancellationToken,
        FieldManagerIdentity? who = null, bool transformTracksFields = false)
    {
        var key = resource.KeyFor(ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var entry = await _storage.GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw ApiErrors.NotFound(resource.GroupResource, name);
            var current = entry.Value;
            if (!string.IsNullOrEmpty(precondition) && precondition != current.Metadata.ResourceVersion)
            {
                _ = ResourceVersions.Parse(precondition);
                throw ApiErrors.Conflict(resource.GroupResource, name);
            }

            var transformed = transform(current);
            var updated = PrepareUpdate(resource, subresource, Normalize(resource, ns, transformed), current);
            // A subresource write keeps the stored metadata, but apply's own managedFields are the point of the write.
            if (transformTracksFields) updated = WithManagedFields(updated, transformed.Metadata.ManagedFields);
            updated = await AdmitAsync(AdmissionOperation.Update, resource, subresource, ns, name, updated, current, dryRun, cancellationToken).ConfigureAwait(false);
            var errors = subresource.Length > 0
                ? resource.Strategy.ValidateStatusUpdate(updated, current)
                : ObjectMetaValidation.ValidateUpdate(resource, updated.Metadata, current.Metadata).Concat(resource.Strategy.ValidateUpdate(updated, current));
            ThrowIfInvalid(resource, updated, errors);
            await ValidateAdmissionAsync(AdmissionOperation.Update, resource, subresource, ns, name, updated, current, dryRun, cancellationToken).ConfigureAwait(false);

            if (IsUnchanged(updated, current)) return current;
            (updated, var allocation) = await AllocateServiceUpdateAsync(resource, subresource, updated, current, dryRun, cancellationToken).ConfigureAwait(false);
            if (!transformTracksFields)
                updated = who is { } manager && _options.TrackManagedFields ? TrackUpdate(resource, manager, updated, current) : DetachManagedFields(updated);
            if (dryRun) return updated;

            try
            {
                if (ShouldDeleteAfterUpdate(resource, updated))
                {
                    var deleted = await _storage.DeleteAsync(key, entry.ModRevision, cancellationToken).ConfigureAwait(false);
                    allocation?.Revert();
                    ReleaseServiceAddresses(resource, current);
                    return Track(resource, deleted);
                }
                var stored = await _storage.UpdateAsync(key, updated, entry.ModRevision, cancellationToken).ConfigureAwait(false);
                allocation?.Commit();
                RebindWholeObject(stored.Value);
                return Track(resource, stored);
            }
            catch (Exception) when (RevertOnFailure(allocation))
            {
                throw;
            }
            catch (StorageConflictException) when (string.IsNullOrEmpty(precondition) && attempt < _options.MaxUpdateRetries)
            {
                // Someone wrote in between and the caller did not pin a version: re-read and re-apply.
            }
            catch (StorageConflictException)
            {
                throw ApiErrors.Conflict(resource.GroupResource, name);
            }
            catch (StorageKeyNotFoundException)
            {
                throw ApiErrors.NotFound(resource.GroupResource, name);
            }
        }
    }

    /// <summary>Applies the server-owned rules of an update: immutable metadata, status vs spec, generation.</summary>
    private static KubeObject PrepareUpdate(ResourceDefinition resource, string subresource, KubeObject updated, KubeObject current)
    {
        var cm = current.Metadata;
        if (subresource.Length > 0) return resource.Strategy.PrepareForSubresourceUpdate(subresource, updated, current);

        if (resource.HasSubresource("status")) updated = updated.WithStatusFrom(current);
        updated = resource.Strategy.PrepareForUpdate(updated, current);
        updated = resource.Strategy.ApplyDefaults(updated);
        var um = updated.Metadata;
        var generation = cm.Generation;
        if (resource.Strategy.TracksGeneration(updated) && !resource.Strategy.SpecEquals(updated, current)) generation = (generation ?? 0) + 1;
        if (ReferenceEquals(um.Uid, cm.Uid) && um.CreationTimestamp == cm.CreationTimestamp && um.Generation == generation &&
            um.DeletionTimestamp == cm.DeletionTimestamp && um.DeletionGracePeriodSeconds == cm.DeletionGracePeriodSeconds &&
            um.ResourceVersion == cm.ResourceVersion && um.Name == cm.Name && um.Namespace == cm.Namespace)
            return updated;
        return updated with
        {
            Metadata = um with
            {
                Name = cm.Name,
                Namespace = cm.Namespace,
                Uid = cm.Uid,
                CreationTimestamp = cm.CreationTimestamp,
                Generation = generation,
                DeletionTimestamp = cm.DeletionTimestamp,
                DeletionGracePeriodSeconds = cm.DeletionGracePeriodSeconds,
                ResourceVersion = cm.ResourceVersion,
                GenerateName = um.GenerateName ?? cm.GenerateName,
            },
        };
    }

    /// <summary>An object being deleted whose last finalizer is gone and whose grace period is over leaves storage.</summary>
    private static bool ShouldDeleteAfterUpdate(ResourceDefinition resource, KubeObject updated) =>
        updated.Metadata.DeletionTimestamp is not null && !resource.Strategy.HasPendingDeletionWork(updated) &&
        (updated.Metadata.Finalizers is null || updated.Metadata.Finalizers.Count == 0) &&
        (updated.Metadata.DeletionGracePeriodSeconds ?? 0) == 0;

    private static bool IsUnchanged(KubeObject updated, KubeObject current)
    {
        if (ReferenceEquals(updated, current) || updated.Equals(current)) return true;
        if (DefinitelyDiffers(updated, current)) return false;
        // Shared managedFields are equal by definition; leaving them out keeps lazily computed field sets unread.
        if (ReferenceEquals(updated.Metadata.ManagedFields, current.Metadata.ManagedFields) && current.Metadata.ManagedFields is not null)
            return Serialization.StructuralEquality.JsonEquals(WithManagedFields(updated, null), WithManagedFields(current, null));
        return Serialization.StructuralEquality.JsonEquals(updated, current);
    }

    /// <summary>
    /// Cheap checks that prove two objects serialize differently, so the common writes (binding, pod phase and
    /// condition changes, label edits) skip serializing both objects to compare them. False means "compare fully".
    /// </summary>
    private static bool DefinitelyDiffers(KubeObject updated, KubeObject current)
    {
        var a = updated.Metadata;
        var b = current.Metadata;
        if (a.Generation != b.Generation) return true;
        if (CountDiffers(a.Labels?.Count, b.Labels?.Count) || CountDiffers(a.Annotations?.Count, b.Annotations?.Count)
            || CountDiffers(a.Finalizers?.Count, b.Finalizers?.Count) || CountDiffers(a.OwnerReferences?.Count, b.OwnerReferences?.Count)) return true;
        if (updated is Pod p && current is Pod c)
        {
            if (!string.Equals(p.Spec?.NodeName, c.Spec?.NodeName, StringComparison.Ordinal)) return true;
            if (!string.Equals(p.Status?.Phase, c.Status?.Phase, StringComparison.Ordinal)) return true;
            if (CountDiffers(p.Status?.Conditions?.Count, c.Status?.Conditions?.Count)) return true;
            if (CountDiffers(p.Status?.ContainerStatuses?.Count, c.Status?.ContainerStatuses?.Count)) return true;
        }
        return false;
    }

    // Both present with different sizes, or one absent and the other non-empty (null and empty may serialize alike).
    private static bool CountDiffers(int? a, int? b) => (a ?? 0) != (b ?? 0);
}
