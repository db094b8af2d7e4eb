using System.Net;
using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of <c>v1</c> Services (<c>ValidateService</c>, <c>ValidateServiceUpdate</c>).</summary>
internal static class ServiceValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Affinities = ["ClientIP", "None"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] TrafficPolicies = ["Cluster", "Local"];
    private static readonly ServiceSpec EmptySpec = new();

    /// <summary>Validates a new service.</summary>
    public static IReadOnlyList<FieldError> Validate(Service svc)
    {
        List<FieldError>? errs = null;
        var s = svc.Spec ?? EmptySpec;
        var type = s.Type ?? "";
        if (type.Length == 0) Errors.Add(ref errs, FieldError.Required(Spec.Child("type"), ""));
        else if (Array.IndexOf(Types, type) < 0) Errors.Add(ref errs, FieldError.NotSupported(Spec.Child("type"), type, Types));
        var headless = s.ClusterIP == "None";
        var ports = s.Ports ?? [];
        if (ports.Count == 0 && !headless && type != "ExternalName")
            Errors.Add(ref errs, FieldError.Required(Spec.Child("ports"), ""));
        for (var i = 0; i < ports.Count; i++) ValidatePort(ref errs, ports, i, type);
        if (type == "ExternalName")
        {
            if (!string.IsNullOrEmpty(s.ClusterIP))
                Errors.Add(ref errs, FieldError.Forbidden(Spec.Child("clusterIP"), "may not be set for ExternalName services"));
            var cname = (s.ExternalName ?? "").TrimEnd('.');
            if (cname.Length == 0) Errors.Add(ref errs, FieldError.Required(Spec.Child("externalName"), ""));
            else Formats.CheckDnsSubdomain(ref errs, cname, Spec.Child("externalName"));
        }
        else if (!string.IsNullOrEmpty(s.ClusterIP) && !headless && !IPAddress.TryParse(s.ClusterIP, out _))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("clusterIP"), s.ClusterIP, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        if (type == "ExternalName")
        {
            if (s.ClusterIPs is { Count: > 0 }) Errors.Add(ref errs, FieldError.Forbidden(Spec.Child("clusterIPs"), "may not be set for ExternalName services"));
            if (s.IpFamilies is { Count: > 0 }) Errors.Add(ref errs, FieldError.Forbidden(Spec.Child("ipFamilies"), "may not be set for ExternalName services"));
            if (s.IpFamilyPolicy is not null) Errors.Add(ref errs, FieldError.Forbidden(Spec.Child("ipFamilyPolicy"), "may not be set for ExternalName services"));
        }
        else ValidateClusterIPsRelatedFields(ref errs, s);
        if (s.LoadBalancerClass is not null && type != "LoadBalancer")
            Errors.Add(ref errs, FieldError.Forbidden(Spec.Child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'"));
        Formats.CheckEnum(ref errs, s.SessionAffinity, Spec.Child("sessionAffinity"), Affinities);
        if (s.SessionAffinity == "ClientIP" && s.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is { } timeout and (<= 0 or > 86400))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("sessionAffinityConfig", "clientIP", "timeoutSeconds"), timeout,
                "must be greater than 0 and less than 86400"));
        var external = type is "NodePort" or "LoadBalancer";
        if (!external && !string.IsNullOrEmpty(s.ExternalTrafficPolicy))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("externalTrafficPolicy"), s.ExternalTrafficPolicy,
                "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
        else if (external) Formats.CheckEnum(ref errs, s.ExternalTrafficPolicy, Spec.Child("externalTrafficPolicy"), TrafficPolicies);
        if (s.InternalTrafficPolicy is { } itp) Formats.CheckEnum(ref errs, itp, Spec.Child("internalTrafficPolicy"), TrafficPolicies);
        else if (type is "ClusterIP" or "NodePort" or "LoadBalancer") Errors.Add(ref errs, FieldError.Required(Spec.Child("internalTrafficPolicy"), ""));
        if (s.Selector is { Count: > 0 } selector && !Formats.AreValidLabels(selector))
            Errors.AddRange(ref errs, MetadataValidation.ValidateLabels(selector, Spec.Child("selector")));
        return Errors.Result(errs);
    }

    private static void ValidatePort(ref List<FieldError>? errs, IReadOnlyList<ServicePort> ports, int i, string type)
    {
        var p = ports[i];
        var path = Spec.Child("ports").Index(i);
        if (string.IsNullOrEmpty(p.Name))
        {
            if (ports.Count > 1) Errors.Add(ref errs, FieldError.Required(path.Child("name"), ""));
        }
        else
        {
            Formats.CheckDnsLabel(ref errs, p.Name, path.Child("name"));
            for (var j = 0; j < i; j++)
                if (string.Equals(ports[j].Name, p.Name, StringComparison.Ordinal))
                {
                    Errors.Add(ref errs, FieldError.Duplicate(path.Child("name"), p.Name));
                    break;
                }
        }
        if (!Formats.IsPortNumber(p.Port)) Errors.Add(ref errs, FieldError.Invalid(path.Child("port"), p.Port, Formats.PortRange));
        Formats.CheckEnum(ref errs, p.Protocol, path.Child("protocol"), Protocols);
        if (p.TargetPort is { } tp && type != "ExternalName") Formats.CheckPortNumOrName(ref errs, tp, path.Child("targetPort"));
        if (p.NodePort is { } np and not 0)
        {
            if (type is not ("NodePort" or "LoadBalancer"))
                Errors.Add(ref errs, FieldError.Forbidden(path.Child("nodePort"), $"may not be used when `type` is '{type}'"));
            else if (!Formats.IsPortNumber(np)) Errors.Add(ref errs, FieldError.Invalid(path.Child("nodePort"), np, Formats.PortRange));
            else
                for (var j = 0; j < i; j++)
                    if (ports[j].NodePort == np && ports[j].Protocol == p.Protocol)
                    {
                        Errors.Add(ref errs, FieldError.Duplicate(path.Child("nodePort"), np));
                        break;
                    }
        }
    }

    private static readonly string[] Families = ["IPv4", "IPv6"];
    private static readonly string[] FamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];

    /// <summary>clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy agree (<c>ValidateServiceClusterIPsRelatedFields</c>).</summary>
    private static void ValidateClusterIPsRelatedFields(ref List<FieldError>? errs, ServiceSpec s)
    {
        var ipsPath = Spec.Child("clusterIPs");
        var ips = s.ClusterIPs ?? [];
        if (!string.IsNullOrEmpty(s.ClusterIP))
        {
            // Upstream also requires clusterIPs here; the strategy fills it from clusterIP before validation runs.
            if (ips.Count > 0 && ips[0] != s.ClusterIP) Errors.Add(ref errs, FieldError.Invalid(ipsPath, GoLiteral.StringSlice(ips), "first value must match `clusterIP`"));
        }
        else if (ips.Count > 0) Errors.Add(ref errs, FieldError.Invalid(ipsPath, GoLiteral.StringSlice(ips), "must be empty when `clusterIP` is not specified"));
        var families = s.IpFamilies ?? [];
        for (var i = 0; i < families.Count; i++)
        {
            if (Array.IndexOf(Families, families[i]) < 0) Errors.Add(ref errs, FieldError.NotSupported(Spec.Child("ipFamilies").Index(i), families[i], Families));
            for (var j = 0; j < i; j++)
                if (families[j] == families[i])
                {
                    Errors.Add(ref errs, FieldError.Duplicate(Spec.Child("ipFamilies").Index(i), families[i]));
                    break;
                }
        }
        if (s.IpFamilyPolicy is { } policy) Formats.CheckEnum(ref errs, policy, Spec.Child("ipFamilyPolicy"), FamilyPolicies);
        for (var i = 0; i < ips.Count; i++)
        {
            if (i == 0 && ips[i] == "None")
            {
                if (ips.Count > 1) Errors.Add(ref errs, FieldError.Invalid(ipsPath, GoLiteral.StringSlice(ips), "'None' must be the first and only value"));
                continue;
            }
            if (!IPAddress.TryParse(ips[i], out _))
                Errors.Add(ref errs, FieldError.Invalid(ipsPath.Index(i), ips[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }
        if (ips.Count > 2) Errors.Add(ref errs, FieldError.Invalid(ipsPath, GoLiteral.StringSlice(ips), "may only hold up to 2 values"));
    }

    /// <summary>Validates a service update: valid, and an assigned cluster IP may not change.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(Service updated, Service current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        var n = updated.Spec ?? EmptySpec;
        var o = current.Spec ?? EmptySpec;
        var keepsAddresses = o.Type != "ExternalName" && n.Type != "ExternalName";
        if (keepsAddresses && o.ClusterIPs is { Count: > 0 } was)
        {
            // validateUpgradeDowngradeClusterIPs (single-stack): the primary address may not change or be unset.
            if (n.ClusterIPs is not { Count: > 0 } now)
                Errors.Add(ref errs, FieldError.Invalid(Spec.Child("clusterIPs").Index(0), GoLiteral.StringSlice(n.ClusterIPs), "primary clusterIP can not be unset"));
            else if (now[0] != was[0])
                Errors.Add(ref errs, FieldError.Invalid(Spec.Child("clusterIPs").Index(0), GoLiteral.StringSlice(now), "may not change once set"));
        }
        else if (keepsAddresses && !string.IsNullOrEmpty(o.ClusterIP) && n.ClusterIP != o.ClusterIP)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("clusterIP"), n.ClusterIP ?? "", Formats.Immutable));
        if (o.Type == "LoadBalancer" && n.Type == "LoadBalancer" && o.LoadBalancerClass != n.LoadBalancerClass)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("loadBalancerClass"), n.LoadBalancerClass, "may not change once set"));
        return Errors.Result(errs);
    }
}
