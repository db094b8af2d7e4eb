using KubeCore.Models;

namespace KubeCore.Defaulting;

/// <summary>Service defaults (<c>SetDefaults_Service</c>).</summary>
internal static class ServiceDefaults
{
    /// <summary>Defaults a service.</summary>
    public static Service Apply(Service svc)
    {
        var s = svc.Spec ?? new ServiceSpec();
        var type = string.IsNullOrEmpty(s.Type) ? "ClusterIP" : s.Type;
        var ports = Ports(s.Ports);
        var affinity = string.IsNullOrEmpty(s.SessionAffinity) ? "None" : s.SessionAffinity;
        var affinityConfig = s.SessionAffinityConfig;
        if (affinity == "ClientIP" && affinityConfig?.ClientIP?.TimeoutSeconds is null)
            affinityConfig = (affinityConfig ?? new SessionAffinityConfig()) with
            {
                ClientIP = (affinityConfig?.ClientIP ?? new ClientIPConfig()) with { TimeoutSeconds = 10800 },
            };
        var external = type is "NodePort" or "LoadBalancer";
        var etp = external && string.IsNullOrEmpty(s.ExternalTrafficPolicy) ? "Cluster" : s.ExternalTrafficPolicy;
        var itp = s.InternalTrafficPolicy is null && type is "ClusterIP" or "NodePort" or "LoadBalancer" ? "Cluster" : s.InternalTrafficPolicy;
        var allocate = type == "LoadBalancer" ? s.AllocateLoadBalancerNodePorts ?? true : s.AllocateLoadBalancerNodePorts;
        if (svc.Spec is not null && type == s.Type && ReferenceEquals(ports, s.Ports) && affinity == s.SessionAffinity
            && ReferenceEquals(affinityConfig, s.SessionAffinityConfig) && etp == s.ExternalTrafficPolicy && itp == s.InternalTrafficPolicy
            && allocate == s.AllocateLoadBalancerNodePorts)
            return svc;
        return svc with
        {
            Spec = s with
            {
                Type = type, Ports = ports, SessionAffinity = affinity, SessionAffinityConfig = affinityConfig,
                ExternalTrafficPolicy = etp, InternalTrafficPolicy = itp, AllocateLoadBalancerNodePorts = allocate,
            },
        };
    }

    private static IReadOnlyList<ServicePort>? Ports(IReadOnlyList<ServicePort>? ports)
    {
        if (ports is null) return null;
        ServicePort[]? copy = null;
        for (var i = 0; i < ports.Count; i++)
        {
            var p = ports[i];
            var unsetTarget = p.TargetPort is null || p.TargetPort is { IsString: false, IntValue: 0 } || p.TargetPort is { IsString: true, StringValue.Length: 0 };
            if (p.Protocol is { Length: > 0 } && !unsetTarget) continue;
            copy ??= [.. ports];
            copy[i] = p with
            {
                Protocol = p.Protocol is { Length: > 0 } ? p.Protocol : "TCP",
                TargetPort = unsetTarget ? new IntOrString(p.Port) : p.TargetPort,
            };
        }
        return copy ?? ports;
    }
}
