using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Printing;

internal static partial class BuiltInPrinters
{
    public static IColumnPrinter Service { get; } = new ColumnPrinter<Service>(
    [
        TableColumns.Name,
        TableColumns.Text("Type", "How the Service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
        TableColumns.Text("Cluster-IP", "The IP address of the service, usually assigned randomly."),
        TableColumns.Text("External-IP", "IP addresses for which nodes in the cluster also accept traffic for this service."),
        TableColumns.Text("Port(s)", "The list of ports exposed by this service."),
        TableColumns.Age,
        TableColumns.Selector("Route service traffic to pods with label keys and values matching this selector."),
    ], (svc, now) =>
    {
        var spec = svc.Spec ?? new ServiceSpec();
        var clusterIp = spec.ClusterIPs is { Count: > 0 } ips ? ips[0] : string.IsNullOrEmpty(spec.ClusterIP) ? PrintFormat.None : spec.ClusterIP;
        var ports = ServicePorts(spec.Ports);
        return
        [
            svc.Metadata.Name ?? "",
            spec.Type ?? "",
            clusterIp,
            ServiceExternalIp(svc),
            ports.Length == 0 ? PrintFormat.None : ports,
            HumanDuration.Since(svc.Metadata.CreationTimestamp, now),
            PrintFormat.Labels(spec.Selector),
        ];
    });

    public static IColumnPrinter Endpoints { get; } = new ColumnPrinter<Endpoints>(
    [
        TableColumns.Name,
        TableColumns.Text("Endpoints", "The set of all endpoints is the union of all subsets."),
        TableColumns.Age,
    ], (ep, now) => [ep.Metadata.Name ?? "", FormatEndpoints(ep), HumanDuration.Since(ep.Metadata.CreationTimestamp, now)]);

    public static IColumnPrinter EndpointSlice { get; } = new ColumnPrinter<EndpointSlice>(
    [
        TableColumns.Name,
        TableColumns.Text("AddressType", "The type of address carried by this EndpointSlice."),
        TableColumns.Text("Ports", "The network ports exposed by each endpoint in this slice."),
        TableColumns.Text("Endpoints", "A list of unique endpoints in this slice."),
        TableColumns.Age,
    ], (slice, now) =>
    {
        const int Max = 3;
        var ports = slice.Ports ?? [];
        var portList = ports.Take(Max).Select(p => p.Port is { } n ? PrintFormat.Int(n) : p.Name ?? "*").ToList();
        var addresses = (slice.Endpoints ?? []).SelectMany(e => e.Addresses ?? []).ToList();
        return
        [
            slice.Metadata.Name ?? "",
            slice.AddressType,
            PrintFormat.ListWithMore(portList, ports.Count, Max, PrintFormat.Unset),
            PrintFormat.ListWithMore(addresses.Take(Max).ToList(), addresses.Count, Max, PrintFormat.Unset),
            HumanDuration.Since(slice.Metadata.CreationTimestamp, now),
        ];
    });

    public static IColumnPrinter Ingress { get; } = new ColumnPrinter<Ingress>(
    [
        TableColumns.Name,
        TableColumns.Text("Class", "The name of the IngressClass resource that should be used for additional configuration"),
        TableColumns.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
        TableColumns.Text("Address", "Address is a list containing ingress points for the load-balancer"),
        TableColumns.Text("Ports", "Ports of TLS configurations that open"),
        TableColumns.Age,
    ], (ing, now) =>
    [
        ing.Metadata.Name ?? "",
        ing.Spec?.IngressClassName ?? PrintFormat.None,
        IngressHosts(ing.Spec?.Rules),
        PrintFormat.LoadBalancerStatus(ing.Status?.LoadBalancer),
        ing.Spec?.Tls is { Count: > 0 } ? "80, 443" : "80",
        HumanDuration.Since(ing.Metadata.CreationTimestamp, now),
    ]);

    public static IColumnPrinter IngressClass { get; } = new ColumnPrinter<IngressClass>(
    [
        TableColumns.Name,
        TableColumns.Text("Controller", "Controller that is responsible for handling this class"),
        TableColumns.Text("Parameters", "A reference to a resource with additional parameters"),
        TableColumns.Age,
    ], (ic, now) =>
    {
        var parameters = PrintFormat.None;
        if (ic.Spec?.Parameters is { } p)
            parameters = p.Kind + (p.ApiGroup is null ? "" : "." + p.ApiGroup) + "/" + p.Name;
        return [ic.Metadata.Name ?? "", ic.Spec?.Controller ?? "", parameters, HumanDuration.Since(ic.Metadata.CreationTimestamp, now)];
    });

    private static string ServicePorts(IReadOnlyList<ServicePort>? ports)
    {
        if (ports is null) return "";
        // kube-apiserver defaults an empty protocol to TCP before any client sees the object.
        return string.Join(",", ports.Select(p => p.NodePort is > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Port}:{p.NodePort}/{p.Protocol ?? "TCP"}")
            : string.Create(CultureInfo.InvariantCulture, $"{p.Port}/{p.Protocol ?? "TCP"}")));
    }

    private static string ServiceExternalIp(Service svc)
    {
        var spec = svc.Spec ?? new ServiceSpec();
        var externalIps = spec.ExternalIPs ?? [];
        switch (spec.Type)
        {
            case "ClusterIP":
            case "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : PrintFormat.None;
            case "LoadBalancer":
                var lbIps = PrintFormat.LoadBalancerStatus(svc.Status?.LoadBalancer);
                if (externalIps.Count > 0)
                {
                    var results = new List<string>();
                    if (lbIps.Length > 0) results.AddRange(lbIps.Split(','));
                    results.AddRange(externalIps);
                    return string.Join(",", results);
                }
                return lbIps.Length > 0 ? lbIps : "<pending>";
            case "ExternalName":
                return spec.ExternalName ?? "";
            default:
                return PrintFormat.Unknown;
        }
    }

    private static string FormatEndpoints(Endpoints endpoints)
    {
        if (endpoints.Subsets is not { Count: > 0 } subsets) return PrintFormat.None;
        const int Max = 3;
        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.Addresses ?? [];
            if (subset.Ports is not { Count: > 0 } ports)
            {
                // Headless services may have no ports.
                foreach (var address in addresses)
                {
                    if (list.Count < Max) list.Add(address.Ip);
                    count++;
                }
                continue;
            }
            foreach (var port in ports)
            {
                foreach (var address in addresses)
                {
                    if (list.Count < Max) list.Add(PrintFormat.JoinHostPort(address.Ip, port.Port));
                    count++;
                }
            }
        }
        var joined = string.Join(",", list);
        return count > Max ? joined + " + " + PrintFormat.Int(count - Max) + " more..." : joined;
    }

    private static string IngressHosts(IReadOnlyList<IngressRule>? rules)
    {
        const int Max = 3;
        rules ??= [];
        var list = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (list.Count == Max) more = true;
            if (!more && !string.IsNullOrEmpty(rule.Host)) list.Add(rule.Host);
        }
        if (list.Count == 0) return "*";
        var joined = string.Join(",", list);
        return more ? joined + " + " + PrintFormat.Int(rules.Count - Max) + " more..." : joined;
    }
}
