using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>A pod with what the scheduler derives from it once (requests, priority).</summary>
public sealed class PodInfo
{
    /// <summary>Wraps a pod.</summary>
    public PodInfo(Pod pod)
    {
        Pod = pod ?? throw new ArgumentNullException(nameof(pod));
        Requests = PodRequests.Compute(pod);
        NonZeroRequests = PodRequests.ComputeNonZero(pod);
        HasAffinity = pod.Spec?.Affinity is { } a && (a.PodAffinity is not null || a.PodAntiAffinity is not null);
        HasRequiredAntiAffinity = pod.Spec?.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { Count: > 0 };
    }

    /// <summary>The pod.</summary>
    public Pod Pod { get; }

    /// <summary>The pod's effective requests.</summary>
    public Resource Requests { get; }

    /// <summary>The requests used for scoring (100m / 200Mi defaults).</summary>
    public Resource NonZeroRequests { get; }

    /// <summary>The pod's uid (or namespace/name when it has none).</summary>
    public string Key => PodKeys.Of(Pod);

    /// <summary>The pod's priority (<c>spec.priority</c>, 0 when unset).</summary>
    public int Priority => Pod.Spec?.Priority ?? 0;

    /// <summary>Whether the pod has pod affinity or anti-affinity terms.</summary>
    public bool HasAffinity { get; }

    /// <summary>Whether the pod has required anti-affinity terms.</summary>
    public bool HasRequiredAntiAffinity { get; }

    // The pod's own affinity terms, parsed once per PodInfo (the pod is immutable): every scheduling cycle of another
    // pod with InterPodAffinity walks the existing pods' terms, and parsing selectors there dominated its cost.
    private Plugins.InterPodAffinity.AffinityTerm[]?[]? _terms;

    internal IReadOnlyList<Plugins.InterPodAffinity.AffinityTerm> Terms(bool required, bool anti)
    {
        _terms ??= new Plugins.InterPodAffinity.AffinityTerm[]?[4];
        var slot = (required ? 0 : 2) + (anti ? 1 : 0);
        return _terms[slot] ??= [.. required ? Plugins.InterPodAffinity.AffinityTerm.Required(Pod, anti) : Plugins.InterPodAffinity.AffinityTerm.Preferred(Pod, anti)];
    }
}
