using KubeCore.Models;

namespace KubeCore.Api.Admission;

/// <summary>
/// Kubernetes' DefaultTolerationSeconds admission plugin: on pod create, adds
/// <c>node.kubernetes.io/not-ready:NoExecute</c> and <c>node.kubernetes.io/unreachable:NoExecute</c> tolerations
/// (operator Exists, <c>tolerationSeconds</c> from <see cref="KubeApiOptions"/>, 300 by default) unless the pod already
/// tolerates those taints, so its pods leave a failed node after five minutes instead of at once.
/// </summary>
internal sealed class DefaultTolerationSecondsAdmission(KubeApiOptions options) : IMutatingAdmissionPlugin
{
    /// <summary>The taint the node lifecycle controller puts on a node whose Ready condition is False.</summary>
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";

    /// <summary>The taint the node lifecycle controller puts on a node whose Ready condition is Unknown.</summary>
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    public ValueTask<KubeObject> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Object is not Pod pod || request.Subresource.Length > 0)
            return ValueTask.FromResult(request.Object!);
        var tolerations = pod.Spec?.Tolerations ?? [];
        var notReady = options.DefaultNotReadyTolerationSeconds is not null && !Covers(tolerations, NotReadyTaint);
        var unreachable = options.DefaultUnreachableTolerationSeconds is not null && !Covers(tolerations, UnreachableTaint);
        if (!notReady && !unreachable) return ValueTask.FromResult<KubeObject>(pod);
        var added = tolerations.ToList();
        if (notReady) added.Add(new Toleration { Key = NotReadyTaint, Operator = "Exists", Effect = "NoExecute", TolerationSeconds = options.DefaultNotReadyTolerationSeconds });
        if (unreachable) added.Add(new Toleration { Key = UnreachableTaint, Operator = "Exists", Effect = "NoExecute", TolerationSeconds = options.DefaultUnreachableTolerationSeconds });
        return ValueTask.FromResult<KubeObject>(pod with { Spec = (pod.Spec ?? new PodSpec()) with { Tolerations = added } });
    }

    // As upstream: any toleration for that key (or for every key) with effect NoExecute (or every effect) counts,
    // whatever its operator and seconds, so a pod's own choice is never overridden.
    private static bool Covers(IReadOnlyList<Toleration> tolerations, string key) =>
        tolerations.Any(t => (string.IsNullOrEmpty(t.Key) || t.Key == key) && (string.IsNullOrEmpty(t.Effect) || t.Effect == "NoExecute"));
}
