using KubeCore.Models;
using KubeCore.Storage;

namespace KubeCore.Api;

/// <summary>The outcome of a delete.</summary>
/// <param name="Object">The object: its last state if it left storage, or its state with <c>deletionTimestamp</c> set.</param>
/// <param name="Deleted">True when the object left storage; false when deletion is pending (finalizers or grace period).</param>
public sealed record DeleteResult(KubeObject Object, bool Deleted);

public sealed partial class KubeApi
{
    /// <summary>Finalizer that makes the garbage collector delete dependents before the owner (Foreground).</summary>
    public const string ForegroundDeletionFinalizer = "foregroundDeletion";

    /// <summary>Finalizer that makes the garbage collector orphan dependents before the owner goes (Orphan).</summary>
    public const string OrphanFinalizer = "orphan";

    /// <summary>
    /// Deletes an object. With finalizers, a Foreground/Orphan propagation policy, or a grace period (pods), the object
    /// only gets a <c>deletionTimestamp</c> and stays until its finalizers are removed (or its grace period is ended
    /// by a delete with grace 0); otherwise it leaves storage at once and the garbage collector handles dependents.
    /// </summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    /// <exception cref="ConflictException">A precondition (uid, resourceVersion) failed.</exception>
    public async ValueTask<DeleteResult> DeleteAsync(ResourceDefinition resource, string? @namespace, string name,
        DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        CheckNamespace(resource, @namespace);
        options ??= new DeleteOptions();
        var ns = resource.Namespaced ? @namespace : null;
        var key = resource.KeyFor(ns, name);
        var explicitPolicy = ExplicitPropagationPolicy(options);

        for (var attempt = 0; ; attempt++)
        {
            var entry = await _storage.GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw ApiErrors.NotFound(resource.GroupResource, name);
            var current = entry.Value;
            CheckPreconditions(resource, name, current, options.Preconditions);
            await ValidateAdmissionAsync(AdmissionOperation.Delete, resource, "", ns, name, null, current, options.IsDryRun, cancellationToken).ConfigureAwait(false);

            var grace = resource.Strategy.GracePeriodSeconds(current, options);
            var finalizers = FinalizersFor(current.Metadata.Finalizers, explicitPolicy, resource.Strategy.DefaultPropagationPolicy, current.Metadata.DeletionTimestamp is null);
            var pending = finalizers.Count > 0 || grace > 0 || resource.Strategy.HasPendingDeletionWork(current);

            KubeObject? marked = null;
            if (pending)
            {
                marked = MarkForDeletion(current, finalizers, grace ?? 0);
                if (marked is null) return new DeleteResult(current, false); // already deleting, nothing shortened
                if (current.Metadata.DeletionTimestamp is null) marked = resource.Strategy.OnDeletionStarted(marked);
                marked = DetachManagedFields(marked);
                if (!ShouldDeleteAfterUpdate(resource, marked))
                {
                    if (options.IsDryRun) return new DeleteResult(marked, false);
                    try
                    {
                        var stored = await _storage.UpdateAsync(key, marked, entry.ModRevision, cancellationToken).ConfigureAwait(false);
                        return new DeleteResult(Track(resource, stored), false);
                    }
                    catch (StorageConflictException) when (attempt < _options.MaxUpdateRetries) { continue; }
                    catch (StorageKeyNotFoundException) { throw ApiErrors.NotFound(resource.GroupResource, name); }
                }
            }

            if (options.IsDryRun) return new DeleteResult(current, true);
            try
            {
                var deleted = await _storage.DeleteAsync(key, entry.ModRevision, cancellationToken).ConfigureAwait(false);
                ReleaseServiceAddresses(resource, current);
                return new DeleteResult(Track(resource, deleted), true);
            }
            catch (StorageConflictException) when (attempt < _options.MaxUpdateRetries) { }
            catch (StorageKeyNotFoundException) { throw ApiErrors.NotFound(resource.GroupResource, name); }
        }
    }

    private static string? ExplicitPropagationPolicy(DeleteOptions options)
    {
        if (options.PropagationPolicy is { Length: > 0 } policy)
        {
            if (policy is not (PropagationPolicy.Foreground or PropagationPolicy.Background or PropagationPolicy.Orphan))
                throw ApiErrors.Invalid(new GroupKind("", "DeleteOptions"), "",
                    [new StatusCause { Reason = "FieldValueNotSupported", Field = "propagationPolicy", Message = $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"" }]);
            if (options.OrphanDependents is not null)
                throw ApiErrors.Invalid(new GroupKind("", "DeleteOptions"), "",
                    [new StatusCause { Reason = "FieldValueInvalid", Field = "propagationPolicy", Message = "Invalid value: \"" + policy + "\": orphanDependents and deletionPropagation cannot be both set" }]);
            return policy;
        }
        if (options.OrphanDependents is { } orphan) return orphan ? PropagationPolicy.Orphan : PropagationPolicy.Background;
        return null;
    }

    private static void CheckPreconditions(ResourceDefinition resource, string name, KubeObject current, Preconditions? preconditions)
    {
        if (preconditions is null) return;
        if (!string.IsNullOrEmpty(preconditions.Uid) && preconditions.Uid != current.Metadata.Uid)
            throw ApiErrors.Conflict(resource.GroupResource, name,
                $"Precondition failed: UID in precondition: {preconditions.Uid}, UID in object meta: {current.Metadata.Uid}");
        if (!string.IsNullOrEmpty(preconditions.ResourceVersion) && preconditions.ResourceVersion != current.Metadata.ResourceVersion)
            throw ApiErrors.Conflict(resource.GroupResource, name,
                $"Precondition failed: ResourceVersion in precondition: {preconditions.ResourceVersion}, ResourceVersion in object meta: {current.Metadata.ResourceVersion}");
    }

    /// <summary>
    /// The finalizers an object keeps while it is deleted: an explicit policy sets the garbage-collector finalizers;
    /// without one, the existing finalizers stand (and a first delete applies the kind's default policy).
    /// </summary>
    private static IReadOnlyList<string> FinalizersFor(IReadOnlyList<string>? existing, string? explicitPolicy, string defaultPolicy, bool firstDelete)
    {
        existing ??= [];
        var policy = explicitPolicy ?? (firstDelete && defaultPolicy != PropagationPolicy.Background ? defaultPolicy : null);
        if (policy is null) return existing;
        var wantForeground = policy == PropagationPolicy.Foreground;
        var wantOrphan = policy == PropagationPolicy.Orphan;
        if (wantForeground == existing.Contains(ForegroundDeletionFinalizer) && wantOrphan == existing.Contains(OrphanFinalizer)) return existing;
        var result = existing.Where(f => f != ForegroundDeletionFinalizer && f != OrphanFinalizer).ToList();
        if (wantForeground) result.Add(ForegroundDeletionFinalizer);
        if (wantOrphan) result.Add(OrphanFinalizer);
        return result;
    }

    /// <summary>
    /// Sets deletionTimestamp (now + grace) and the finalizers; returns null when the object is already being deleted
    /// and nothing changes (a later delete may only shorten a grace period, never extend it).
    /// </summary>
    private KubeObject? MarkForDeletion(KubeObject current, IReadOnlyList<string> finalizers, long grace)
    {
        var meta = current.Metadata;
        var now = _time.GetUtcNow();
        var deadline = KubeTime.FromDateTimeOffset(now.AddSeconds(grace));
        if (meta.DeletionTimestamp is { } existing)
        {
            var shorter = meta.DeletionGracePeriodSeconds is { } g && grace < g;
            var finalizersChanged = !ReferenceEquals(finalizers, meta.Finalizers) && !(meta.Finalizers ?? []).SequenceEqual(finalizers);
            if (!shorter && !finalizersChanged) return null;
            return current with
            {
                Metadata = meta with
                {
                    DeletionTimestamp = shorter ? deadline : existing,
                    DeletionGracePeriodSeconds = shorter ? grace : meta.DeletionGracePeriodSeconds,
                    Finalizers = finalizers,
                },
            };
        }
        return current with
        {
            Metadata = meta with
            {
                DeletionTimestamp = deadline,
                DeletionGracePeriodSeconds = grace,
                Finalizers = finalizers,
                Generation = meta.Generation is > 0 ? meta.Generation + 1 : meta.Generation, // as kube-apiserver: only a generation already kept
            },
        };
    }
}
