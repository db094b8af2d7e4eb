using KubeCore.Models;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    /// <summary>
    /// Binds a pod to a node (POST <c>pods/{name}/binding</c>), as the scheduler does: sets <c>spec.nodeName</c>, merges
    /// the binding's annotations and marks the pod <c>PodScheduled=True</c>. A pod that is already bound or being deleted
    /// cannot be bound (409 Conflict).
    /// </summary>
    /// <exception cref="NotFoundException">The pod does not exist.</exception>
    /// <exception cref="ConflictException">The pod is already bound, is being deleted, or its uid differs from the binding's.</exception>
    public async ValueTask<Pod> BindAsync(string @namespace, string podName, Binding binding, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var pods = Registry.Get<Pod>();
        var node = binding.Target.Name;
        if (string.IsNullOrEmpty(node) || (binding.Target.Kind is { Length: > 0 } kind && kind != "Node"))
            throw ApiErrors.Invalid(new GroupKind("", "Binding"), podName,
                [new StatusCause { Reason = "FieldValueRequired", Field = "target.name", Message = "Required value: a binding must target a node by name" }]);
        var bound = await GuaranteedUpdateAsync(pods, @namespace, podName, "binding", binding.Metadata.ResourceVersion, current =>
        {
            var pod = (Pod)current;
            if (!string.IsNullOrEmpty(binding.Metadata.Uid) && binding.Metadata.Uid != pod.Metadata.Uid)
                throw ApiErrors.Conflict(pods.GroupResource, podName, $"Precondition failed: UID in precondition: {binding.Metadata.Uid}, UID in object meta: {pod.Metadata.Uid}");
            if (pod.Metadata.DeletionTimestamp is not null)
                throw ApiErrors.Conflict(pods.GroupResource, podName, $"pod {podName} is being deleted, cannot be assigned to a host");
            if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
                throw ApiErrors.Conflict(pods.GroupResource, podName, $"pod {podName} is already assigned to node \"{pod.Spec.NodeName}\"");
            var annotations = pod.Metadata.Annotations;
            if (binding.Metadata.Annotations is { Count: > 0 } extra)
            {
                var merged = new Dictionary<string, string>(annotations ?? new Dictionary<string, string>());
                foreach (var (k, v) in extra) merged[k] = v;
                annotations = merged;
            }
            var scheduled = new PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = KubeTime.Now(_time) };
            var conditions = (pod.Status?.Conditions ?? []).Where(c => c.Type != "PodScheduled").Append(scheduled).ToList();
            return pod with
            {
                Metadata = pod.Metadata with { Annotations = annotations },
                Spec = (pod.Spec ?? new PodSpec()) with { NodeName = node },
                Status = (pod.Status ?? new PodStatus()) with { Conditions = conditions },
            };
        }, dryRun, cancellationToken).ConfigureAwait(false);
        return (Pod)bound;
    }
}
