using KubeCore.Models;

namespace KubeCore.Api.Strategies;

/// <summary>Pods: start Pending with a QoS class, delete gracefully once scheduled, select by node and phase.</summary>
public class PodResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static PodResourceStrategy Instance { get; } = new();

    /// <summary>Kubernetes' default termination grace period, in seconds.</summary>
    public const long DefaultTerminationGracePeriodSeconds = 30;

    /// <inheritdoc />
    public override bool ResetStatusOnCreate => false;

    /// <inheritdoc />
    public override KubeObject PrepareForCreate(KubeObject obj)
    {
        var pod = (Pod)obj;
        return pod with { Status = new PodStatus { Phase = "Pending", QosClass = QosClassOf(pod.Spec) } };
    }

    /// <inheritdoc />
    public override KubeObject PrepareForSubresourceUpdate(string subresource, KubeObject updated, KubeObject current) =>
        subresource == "binding" ? updated : base.PrepareForSubresourceUpdate(subresource, updated, current);

    /// <inheritdoc />
    public override bool ReturnDeletedObject => true;

    /// <inheritdoc />
    public override long? GracePeriodSeconds(KubeObject obj, DeleteOptions options)
    {
        var pod = (Pod)obj;
        // Pods that never reached a node, or that already finished, have nothing to stop: they go at once.
        if (string.IsNullOrEmpty(pod.Spec?.NodeName)) return 0;
        if (pod.Status?.Phase is "Succeeded" or "Failed") return 0;
        var grace = options.GracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? DefaultTerminationGracePeriodSeconds;
        return grace < 0 ? 1 : grace;
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> IndexedFields { get; } = ["spec.nodeName"];

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SelectableFields { get; } =
    [
        "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
        "status.phase", "status.podIP", "status.nominatedNodeName",
    ];

    /// <inheritdoc />
    public override string? GetSelectableField(KubeObject obj, string field)
    {
        var pod = (Pod)obj;
        return field switch
        {
            "spec.nodeName" => pod.Spec?.NodeName ?? "",
            "spec.restartPolicy" => pod.Spec?.RestartPolicy ?? "",
            "spec.schedulerName" => pod.Spec?.SchedulerName ?? "",
            "spec.serviceAccountName" => pod.Spec?.ServiceAccountName ?? "",
            "spec.hostNetwork" => pod.Spec?.HostNetwork == true ? "true" : "false",
            "status.phase" => pod.Status?.Phase ?? "",
            "status.podIP" => pod.Status?.PodIP ?? "",
            "status.nominatedNodeName" => pod.Status?.NominatedNodeName ?? "",
            _ => base.GetSelectableField(obj, field),
        };
    }

    /// <summary>The QoS class Kubernetes assigns: Guaranteed, Burstable or BestEffort.</summary>
    public static string QosClassOf(PodSpec? spec)
    {
        var containers = (spec?.Containers ?? []).Concat(spec?.InitContainers ?? []);
        var any = false;
        var guaranteed = true;
        foreach (var c in containers)
        {
            var requests = c.Resources?.Requests;
            var limits = c.Resources?.Limits;
            if (requests is { Count: > 0 } || limits is { Count: > 0 }) any = true;
            foreach (var resource in (string[])["cpu", "memory"])
            {
                if (limits is null || !limits.TryGetValue(resource, out var limit) || limit.IsZero) { guaranteed = false; continue; }
                // A request defaults to its limit; a different request makes the pod Burstable.
                if (requests is not null && requests.TryGetValue(resource, out var request) && request != limit) guaranteed = false;
            }
        }
        if (!any) return "BestEffort";
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
