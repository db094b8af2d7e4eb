using System.Collections.ObjectModel;
using System.Net;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Networking.Dns;

/// <summary>One endpoint address the resolver publishes for a Service.</summary>
/// <param name="Address">The address.</param>
/// <param name="Hostname">Its DNS label: the endpoint's hostname, else the dashed address (CoreDNS's endpointHostname).</param>
/// <param name="Ports">The ports of its EndpointSlice.</param>
internal sealed record DnsEndpoint(IPAddress Address, string Hostname, IReadOnlyList<EndpointSlicePort> Ports);

/// <summary>What the resolver knows of one Service, rebuilt whenever the Service or one of its EndpointSlices changes. Immutable.</summary>
internal sealed class ServiceEntry
{
    private static readonly ReadOnlyCollection<IPAddress> None = new([]);

    private readonly Dictionary<string, ReadOnlyCollection<IPAddress>> _byHostname;
    private readonly Dictionary<string, ReadOnlyCollection<IPAddress>>.AlternateLookup<ReadOnlySpan<char>> _byHostnameSpan;

    private ServiceEntry(Service service, string fqdn, string? externalName, bool headless, IPAddress[] clusterIps, DnsEndpoint[] endpoints)
    {
        Service = service;
        Fqdn = fqdn;
        ExternalName = externalName;
        Headless = headless;
        ClusterIps = clusterIps;
        Endpoints = endpoints;
        Ports = service.Spec?.Ports ?? [];
        Addresses = externalName is not null ? None
            : headless ? Array.AsReadOnly(endpoints.Select(e => e.Address).Distinct().ToArray())
            : Array.AsReadOnly(clusterIps);
        _byHostname = endpoints.GroupBy(e => e.Hostname, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => Array.AsReadOnly(g.Select(e => e.Address).Distinct().ToArray()), StringComparer.OrdinalIgnoreCase);
        _byHostnameSpan = _byHostname.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The Service object.</summary>
    public Service Service { get; }
    /// <summary><c>&lt;service&gt;.&lt;ns&gt;.svc.&lt;zone&gt;</c>, lower case.</summary>
    public string Fqdn { get; }
    /// <summary>The CNAME target of an ExternalName Service (no trailing dot), else null.</summary>
    public string? ExternalName { get; }
    /// <summary>Whether <c>clusterIP: None</c>.</summary>
    public bool Headless { get; }
    /// <summary>The cluster IPs (empty for headless and ExternalName Services, or before one is allocated).</summary>
    public IPAddress[] ClusterIps { get; }
    /// <summary>Published endpoint addresses: ready ones, or all with <c>publishNotReadyAddresses</c>.</summary>
    public DnsEndpoint[] Endpoints { get; }
    /// <summary>The Service's ports.</summary>
    public IReadOnlyList<ServicePort> Ports { get; }
    /// <summary>What an address lookup of the Service name returns: the cluster IPs, or the endpoint addresses when headless.</summary>
    public ReadOnlyCollection<IPAddress> Addresses { get; }

    /// <summary>The addresses of the endpoints whose label is <paramref name="hostname"/>, or null.</summary>
    public ReadOnlyCollection<IPAddress>? AddressesOf(ReadOnlySpan<char> hostname) =>
        _byHostnameSpan.TryGetValue(hostname, out var addresses) ? addresses : null;

    /// <summary>Builds the entry of <paramref name="service"/> from its EndpointSlices.</summary>
    public static ServiceEntry Build(Service service, IEnumerable<EndpointSlice> slices, string zone)
    {
        var spec = service.Spec ?? new ServiceSpec();
        var fqdn = $"{service.Metadata.Name}.{service.Metadata.Namespace}.svc.{zone}".ToLowerInvariant();
        if (spec.Type == "ExternalName")
            return new ServiceEntry(service, fqdn, (spec.ExternalName ?? "").TrimEnd('.'), false, [], []);

        var headless = spec.ClusterIP == "None";
        IEnumerable<string> ipTexts = spec.ClusterIPs is { Count: > 0 } ips ? ips : spec.ClusterIP is { Length: > 0 } ip ? [ip] : [];
        var clusterIps = headless ? [] : ipTexts.Select(t => IPAddress.TryParse(t, out var a) ? a : null).OfType<IPAddress>().Distinct().ToArray();

        var publishNotReady = spec.PublishNotReadyAddresses == true;
        var endpoints = new List<DnsEndpoint>();
        foreach (var slice in slices.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            if (slice.AddressType is not ("IPv4" or "IPv6")) continue;   // FQDN slices carry no addresses DNS serves
            var ports = slice.Ports ?? [];
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                // A nil ready condition means ready (discovery/v1); publishNotReadyAddresses publishes every endpoint.
                if (!publishNotReady && endpoint.Conditions?.Ready == false) continue;
                foreach (var text in endpoint.Addresses ?? [])
                {
                    if (!IPAddress.TryParse(text, out var address)) continue;
                    var hostname = endpoint.Hostname is { Length: > 0 } h ? h.ToLowerInvariant() : DnsName.Dashed(address);
                    endpoints.Add(new DnsEndpoint(address, hostname, ports));
                }
            }
        }
        return new ServiceEntry(service, fqdn, null, headless, clusterIps, [.. endpoints]);
    }
}
