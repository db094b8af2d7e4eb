using KubeCore.Models;
using KubeCore.Validation;

namespace KubeCore.Api.Strategies;

/// <summary>
/// Services: names are DNS-1035 labels (they become DNS names); <c>clusterIP</c> and <c>clusterIPs</c> are kept in
/// sync; an update keeps the addresses the server allocated when the client leaves them out (so re-applying the same
/// YAML works) and drops those a type change no longer needs. The addresses themselves are allocated by the API layer.
/// </summary>
public class ServiceResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static ServiceResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override Func<string, bool, IReadOnlyList<string>> NameValidator => MetadataValidation.NameIsDns1035Label;

    /// <inheritdoc />
    public override KubeObject PrepareForCreate(KubeObject obj)
    {
        // An old client sets only clusterIP: initialise clusterIPs from it (upstream's normalizeClusterIPs on create).
        if (obj is Service { Spec: { ClusterIP: { Length: > 0 } ip, ClusterIPs: null or { Count: 0 } } spec } svc)
            return svc with { Spec = spec with { ClusterIPs = [ip] } };
        return obj;
    }

    /// <inheritdoc />
    public override KubeObject PrepareForUpdate(KubeObject updated, KubeObject current)
    {
        if (updated is not Service svc || current is not Service old || svc.Spec is null) return updated;
        var spec = PatchAllocatedValues(svc.Spec, old.Spec ?? new ServiceSpec());
        spec = NormalizeClusterIPs(spec, old.Spec ?? new ServiceSpec());
        spec = DropTypeDependentFields(spec, old.Spec ?? new ServiceSpec());
        var result = ReferenceEquals(spec, svc.Spec) ? svc : svc with { Spec = spec };
        // A Service that is no longer a LoadBalancer has no load balancer status (its controller de-provisions later).
        if (TypeOf(spec) != "LoadBalancer" && result.Status?.LoadBalancer is not null)
            result = result with { Status = result.Status with { LoadBalancer = null } };
        return result;
    }

    private static string TypeOf(ServiceSpec s) => string.IsNullOrEmpty(s.Type) ? "ClusterIP" : s.Type;
    private static bool NeedsClusterIP(ServiceSpec s) => TypeOf(s) != "ExternalName";
    private static bool NeedsNodePort(ServiceSpec s) => TypeOf(s) is "NodePort" or "LoadBalancer";
    private static bool NeedsHealthCheckNodePort(ServiceSpec s) => TypeOf(s) == "LoadBalancer" && s.ExternalTrafficPolicy == "Local";

    /// <summary>Fills in what the server allocated and the client left out (upstream's patchAllocatedValues).</summary>
    private static ServiceSpec PatchAllocatedValues(ServiceSpec n, ServiceSpec o)
    {
        if (NeedsClusterIP(o) && NeedsClusterIP(n))
        {
            if (string.IsNullOrEmpty(n.ClusterIP) && !string.IsNullOrEmpty(o.ClusterIP)) n = n with { ClusterIP = o.ClusterIP };
            if (n.ClusterIPs is not { Count: > 0 } && o.ClusterIPs is { Count: > 0 }) n = n with { ClusterIPs = o.ClusterIPs };
            if (n.IpFamilies is not { Count: > 0 } && o.IpFamilies is { Count: > 0 } && n.ClusterIP == o.ClusterIP) n = n with { IpFamilies = o.IpFamilies };
            if (string.IsNullOrEmpty(n.IpFamilyPolicy) && !string.IsNullOrEmpty(o.IpFamilyPolicy)) n = n with { IpFamilyPolicy = o.IpFamilyPolicy };
        }
        if (NeedsNodePort(o) && NeedsNodePort(n) && n.Ports is { Count: > 0 } ports && o.Ports is { Count: > 0 } oldPorts)
        {
            // Node ports by port name; a value another port of the new spec already uses is not patched in twice.
            var used = ports.Where(p => p.NodePort is > 0).Select(p => p.NodePort!.Value).ToHashSet();
            used.IntersectWith(oldPorts.Where(p => p.NodePort is > 0).Select(p => p.NodePort!.Value));
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in oldPorts) byName[p.Name ?? ""] = p.NodePort ?? 0;
            ServicePort[]? copy = null;
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i].NodePort is > 0 || !byName.TryGetValue(ports[i].Name ?? "", out var was) || was == 0 || used.Contains(was)) continue;
                copy ??= [.. ports];
                copy[i] = ports[i] with { NodePort = was };
            }
            if (copy is not null) n = n with { Ports = copy };
        }
        if (NeedsHealthCheckNodePort(o) && NeedsHealthCheckNodePort(n) && n.HealthCheckNodePort is null or 0 && o.HealthCheckNodePort is > 0)
            n = n with { HealthCheckNodePort = o.HealthCheckNodePort };
        return n;
    }

    /// <summary>Keeps <c>clusterIPs</c> in step with <c>clusterIP</c> for clients that only know the singular field.</summary>
    private static ServiceSpec NormalizeClusterIPs(ServiceSpec n, ServiceSpec o)
    {
        if (o.ClusterIPs is { Count: > 0 } && n.ClusterIPs is not { Count: > 0 } && o.ClusterIP == n.ClusterIP) n = n with { ClusterIPs = o.ClusterIPs };
        if (o.ClusterIP != n.ClusterIP && SameList(o.ClusterIPs, n.ClusterIPs))
            n = n with { ClusterIPs = string.IsNullOrEmpty(n.ClusterIP) ? null : [n.ClusterIP] };
        return n;
    }

    /// <summary>Drops the server-set fields a type change no longer needs, when the client left them as they were.</summary>
    private static ServiceSpec DropTypeDependentFields(ServiceSpec n, ServiceSpec o)
    {
        if (NeedsClusterIP(o) && !NeedsClusterIP(n))
        {
            if (n.ClusterIP == o.ClusterIP && SameList(o.ClusterIPs, n.ClusterIPs)) n = n with { ClusterIP = null, ClusterIPs = null };
            if (SameList(o.IpFamilies, n.IpFamilies)) n = n with { IpFamilies = null };
            if (o.IpFamilyPolicy == n.IpFamilyPolicy) n = n with { IpFamilyPolicy = null };
        }
        if (NeedsNodePort(o) && !NeedsNodePort(n) && n.Ports is { Count: > 0 } ports && SameNodePorts(o.Ports, ports))
            n = n with { Ports = [.. ports.Select(p => p.NodePort is null ? p : p with { NodePort = null })] };
        if (NeedsHealthCheckNodePort(o) && !NeedsHealthCheckNodePort(n) && (n.HealthCheckNodePort ?? 0) == (o.HealthCheckNodePort ?? 0))
            n = n with { HealthCheckNodePort = null };
        if (TypeOf(o) == "LoadBalancer" && TypeOf(n) != "LoadBalancer")
        {
            if (n.AllocateLoadBalancerNodePorts is { } a && o.AllocateLoadBalancerNodePorts == a) n = n with { AllocateLoadBalancerNodePorts = null };
            if (n.LoadBalancerClass == o.LoadBalancerClass) n = n with { LoadBalancerClass = null };
        }
        if (NeedsNodePort(o) && !NeedsNodePort(n) && n.ExternalTrafficPolicy == o.ExternalTrafficPolicy) n = n with { ExternalTrafficPolicy = null };
        return n;
    }

    private static bool SameNodePorts(IReadOnlyList<ServicePort>? o, IReadOnlyList<ServicePort> n)
    {
        if ((o?.Count ?? 0) != n.Count) return false;
        for (var i = 0; i < n.Count; i++)
            if ((o![i].NodePort ?? 0) != (n[i].NodePort ?? 0)) return false;
        return true;
    }

    private static bool SameList(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || b is null || a.SequenceEqual(b));
}
