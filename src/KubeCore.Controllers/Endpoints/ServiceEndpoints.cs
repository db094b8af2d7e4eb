using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Selectors;
using KubeCore.Serialization;

namespace KubeCore.Controllers.Endpoints;

/// <summary>What the EndpointSlice and Endpoints controllers share: which pods back a Service and on which ports.</summary>
internal static class ServiceEndpoints
{
    /// <summary>Label naming the Service a slice belongs to.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    /// <summary>Label naming the controller that manages a slice.</summary>
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    /// <summary>Label set on the endpoints of headless Services.</summary>
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    /// <summary>Whether the controllers compute endpoints for <paramref name="service"/>: it has a selector and is not ExternalName.</summary>
    public static bool Managed(Service service) =>
        service.Spec?.Selector is not null && service.Spec.Type != "ExternalName";

    /// <summary>Whether the Service is headless (<c>clusterIP: None</c>).</summary>
    public static bool Headless(Service service) => service.Spec?.ClusterIP == "None";

    /// <summary>Whether <c>publishNotReadyAddresses</c> is set.</summary>
    public static bool PublishNotReady(Service service) => service.Spec?.PublishNotReadyAddresses == true;

    /// <summary>
    /// Pods that belong in the Service's endpoints: selected, with an IP, not finished; terminating pods only when
    /// <paramref name="includeTerminating"/> (upstream's ShouldPodBeInEndpoints).
    /// </summary>
    public static List<Pod> Pods(Lister<Pod> pods, Service service, bool includeTerminating)
    {
        var selector = Selector.FromSet(service.Spec?.Selector);
        return [.. pods.List(service.Metadata.Namespace, p => selector.Matches(p.Metadata.Labels))
            .Where(p => !string.IsNullOrEmpty(PodIP(p)) && p.Status?.Phase is not ("Succeeded" or "Failed")
                && (includeTerminating || p.Metadata.DeletionTimestamp is null))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];
    }

    /// <summary>The pod's primary IP.</summary>
    public static string? PodIP(Pod pod) => pod.Status?.PodIP is { Length: > 0 } ip ? ip : pod.Status?.PodIPs?.FirstOrDefault()?.Ip;

    /// <summary>Whether the pod's Ready condition is True.</summary>
    public static bool PodReady(Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>
    /// The pod's port for a Service port: <c>targetPort</c> as a number, or the container port with that name and the
    /// Service port's protocol; null when the name matches no container port (upstream's FindPort).
    /// </summary>
    public static int? ResolvePort(Pod pod, ServicePort port)
    {
        if (port.TargetPort is not { } target) return port.Port;
        if (!target.IsString) return target.IntValue;
        if (int.TryParse(target.StringValue, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)) return number;
        var protocol = port.Protocol ?? "TCP";
        foreach (var container in pod.Spec?.Containers ?? [])
            foreach (var cp in container.Ports ?? [])
                if (cp.Name == target.StringValue && (cp.Protocol ?? "TCP") == protocol) return cp.Port;
        return null;
    }

    /// <summary>The Service's ports resolved for <paramref name="pod"/>; ports it cannot resolve are left out.</summary>
    public static List<ResolvedPort> PortsFor(Pod pod, Service service)
    {
        var result = new List<ResolvedPort>();
        foreach (var port in service.Spec?.Ports ?? [])
            if (ResolvePort(pod, port) is { } number)
                result.Add(new ResolvedPort(port.Name ?? "", number, port.Protocol ?? "TCP", port.AppProtocol));
        return result;
    }

    /// <summary>A key identifying a set of resolved ports, for grouping endpoints the way upstream does.</summary>
    public static string PortsKey(IEnumerable<ResolvedPort> ports) =>
        string.Join(",", ports.Select(p => $"{p.Name}/{p.Port}/{p.Protocol}/{p.AppProtocol}").Order(StringComparer.Ordinal));

    /// <summary>The reference to a pod that endpoints carry.</summary>
    public static ObjectReference TargetRef(Pod pod) => new()
    {
        Kind = "Pod", Namespace = pod.Metadata.Namespace, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid,
    };

    /// <summary>The hostname an endpoint gets: the pod's hostname when its subdomain names the Service.</summary>
    public static string? Hostname(Pod pod, Service service) =>
        pod.Spec?.Hostname is { Length: > 0 } h && pod.Spec.Subdomain == service.Metadata.Name ? h : null;

    /// <summary>Labels of objects derived from a Service: its own labels plus the headless marker when it applies.</summary>
    public static Dictionary<string, string> DerivedLabels(Service service)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in service.Metadata.Labels ?? new Dictionary<string, string>())
            if (k is not (ServiceNameLabel or ManagedByLabel or HeadlessLabel)) labels[k] = v;
        if (Headless(service)) labels[HeadlessLabel] = "";
        return labels;
    }

    /// <summary>Services in the pod's namespace whose selector matches the pod.</summary>
    public static IEnumerable<ReconcileRequest> ServicesSelecting(Lister<Service>? services, Pod pod)
    {
        if (services is null) return [];
        return services.List(pod.Metadata.Namespace)
            .Where(s => Managed(s) && Selector.FromSet(s.Spec!.Selector).Matches(pod.Metadata.Labels))
            .Select(ReconcileRequest.For).ToList();
    }

    /// <summary>Whether two objects serialize the same (models are records over lists, so equality is by reference).</summary>
    public static bool SameJson(KubeObject a, KubeObject b) => KubeJson.Serialize(a) == KubeJson.Serialize(b);

    /// <summary>An IAsyncDisposable over an informer handler registration.</summary>
    public sealed class Detach(IDisposable? handler) : IAsyncDisposable
    {
        /// <inheritdoc />
        public ValueTask DisposeAsync()
        {
            handler?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A Service port resolved against one pod.</summary>
internal sealed record ResolvedPort(string Name, int Port, string Protocol, string? AppProtocol);
