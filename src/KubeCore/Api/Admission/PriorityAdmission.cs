using KubeCore.Models;

namespace KubeCore.Api.Admission;

/// <summary>
/// Kubernetes' Priority admission plugin: on pod create, resolves <c>spec.priority</c> (and <c>preemptionPolicy</c>)
/// from the named PriorityClass, or from the global default class, or 0; an unknown class name is refused.
/// </summary>
internal sealed class PriorityAdmission(KubeApi api) : IMutatingAdmissionPlugin
{
    /// <summary>The priority class key prefix in storage.</summary>
    private const string Prefix = "/registry/priorityclasses/";

    public async ValueTask<KubeObject> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Object is not Pod pod || request.Subresource.Length > 0) return request.Object!;
        var spec = pod.Spec ?? new PodSpec();
        PriorityClass? cls = null;
        // Priority classes are few and read on every pod create: serve them from the watch cache, and fall back to
        // storage for a name the cache has not seen yet (a class created an instant ago, with a lagging backend).
        var cache = await api.WatchCaches.GetReadyAsync(Prefix, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(spec.PriorityClassName))
        {
            cls = cache.Get(Prefix + spec.PriorityClassName) as PriorityClass
                ?? (await api.Storage.GetAsync(Prefix + spec.PriorityClassName, cancellationToken).ConfigureAwait(false))?.Value as PriorityClass
                ?? throw ApiErrors.Forbidden(request.Resource.GroupResource, request.Name, $"no PriorityClass with name {spec.PriorityClassName} was found");
        }
        else
        {
            foreach (var candidate in cache.List(Prefix, static o => o is PriorityClass { GlobalDefault: true }).Items.Cast<PriorityClass>())
                if (cls is null || candidate.Value < cls.Value) cls = candidate;
        }
        var priority = cls?.Value ?? 0;
        if (spec.Priority is { } given && given != priority)
            throw ApiErrors.Forbidden(request.Resource.GroupResource, request.Name,
                $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        var policy = spec.PreemptionPolicy ?? cls?.PreemptionPolicy ?? "PreemptLowerPriority";
        if (spec.Priority == priority && spec.PreemptionPolicy == policy && spec.PriorityClassName == (cls?.Metadata.Name ?? spec.PriorityClassName)) return pod;
        return pod with { Spec = spec with { Priority = priority, PreemptionPolicy = policy, PriorityClassName = spec.PriorityClassName ?? cls?.Metadata.Name } };
    }
}
