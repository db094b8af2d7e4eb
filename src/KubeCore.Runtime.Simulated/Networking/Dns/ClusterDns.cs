using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using KubeCore.Informers;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Networking.Dns;

/// <summary>
/// The cluster's DNS, answering as CoreDNS's <c>kubernetes</c> plugin does by the Kubernetes DNS-Based Service Discovery
/// specification: Service A records (the ClusterIP; ready endpoint addresses for headless Services), CNAMEs for
/// ExternalName Services, SRV records for Service ports, endpoint and pod A records, PTR records and the schema-version
/// TXT record. Names are resolved with the search path and <c>ndots</c> a pod's resolv.conf has.
/// Answers come synchronously from informer caches of Services, EndpointSlices and Namespaces (and Pods with
/// <see cref="PodRecordMode.Verified"/>), so a change is visible once the informers have delivered it.
/// </summary>
/// <example><code>
/// await using var dns = await ClusterDns.StartAsync(cluster);
/// var answer = dns.Resolve("web", DnsRecordType.A, searchNamespace: "default");   // web.default.svc.cluster.local
/// IReadOnlyList&lt;IPAddress&gt; addresses = dns.ResolveAddresses("web.default");
/// </code></example>
public sealed class ClusterDns : IAsyncDisposable
{
    /// <summary>The longest name served (RFC 1035).</summary>
    internal const int MaxNameLength = 253;
    /// <summary>The schema version CoreDNS reports in <c>dns-version.&lt;zone&gt;</c>.</summary>
    internal const string SchemaVersion = "1.1.0";
    private const int MaxCnameDepth = 8;
    private static readonly TimeSpan SchemaVersionTtl = TimeSpan.FromSeconds(28800);
    private static readonly IReadOnlyList<IPAddress> NoAddresses = Array.AsReadOnly(Array.Empty<IPAddress>());
    private static readonly System.Buffers.SearchValues<char> IpV4Chars = System.Buffers.SearchValues.Create("0123456789.");

    private readonly string _zone;
    private readonly TimeSpan _ttl;
    private readonly PodRecordMode _podMode;
    private readonly int _ndots;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ServiceEntry> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ServiceEntry>.AlternateLookup<ReadOnlySpan<char>> _servicesBySpan;
    private readonly Dictionary<string, Dictionary<string, EndpointSlice>> _slices = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _namespaces = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _podAddresses = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IDisposable> _registrations = [];

    private ClusterDns(ClusterDnsOptions options)
    {
        _zone = options.ClusterDomain.TrimEnd('.').ToLowerInvariant();
        _ttl = options.Ttl;
        _podMode = options.PodRecords;
        _ndots = options.Ndots;
        _servicesBySpan = _services.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The cluster domain served, e.g. <c>cluster.local</c>.</summary>
    public string ClusterDomain => _zone;

    /// <summary>
    /// Starts a resolver over <paramref name="cluster"/>: registers with its shared informers (starting them if the
    /// cluster runs no controllers) and completes once their caches have synced.
    /// </summary>
    /// <param name="cluster">The cluster whose Services, EndpointSlices, Namespaces (and Pods) are served.</param>
    /// <param name="options">Zone, TTL, pod record mode and ndots; defaults as a kubeadm cluster's CoreDNS.</param>
    /// <param name="ct">Cancels waiting for the caches to sync.</param>
    /// <exception cref="ArgumentException">The cluster domain is not a DNS name, the TTL is outside 0–3600 s or ndots outside 0–15.</exception>
    public static async Task<ClusterDns> StartAsync(KubeCluster cluster, ClusterDnsOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        options ??= new ClusterDnsOptions();
        Validate(options);
        var dns = new ClusterDns(options);
        try
        {
            var waits = new List<Task>
            {
                dns.Watch(cluster.Informers.GetInformer<Namespace>(), dns.OnNamespace, ct),
                dns.Watch(cluster.Informers.GetInformer<Service>(), dns.OnService, ct),
                dns.Watch(cluster.Informers.GetInformer<EndpointSlice>(), dns.OnSlice, ct),
            };
            if (dns._podMode == PodRecordMode.Verified) waits.Add(dns.Watch(cluster.Informers.GetInformer<Pod>(), dns.OnPod, ct));
            await Task.WhenAll(waits).ConfigureAwait(false);
            return dns;
        }
        catch
        {
            await dns.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Validate(ClusterDnsOptions options)
    {
        var zone = options.ClusterDomain?.TrimEnd('.') ?? "";
        if (zone.Length == 0 || zone.Length > MaxNameLength || zone.Split('.').Any(l => l.Length is 0 or > 63 || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            throw new ArgumentException($"cluster domain \"{options.ClusterDomain}\" is not a valid DNS name", nameof(options));
        if (options.Ttl < TimeSpan.Zero || options.Ttl > TimeSpan.FromSeconds(3600))
            throw new ArgumentException($"ttl must be in range [0, 3600]: {options.Ttl.TotalSeconds}", nameof(options));
        if (options.Ndots is < 0 or > 15)
            throw new ArgumentException($"ndots must be in range [0, 15]: {options.Ndots}", nameof(options));
        if (!Enum.IsDefined(options.PodRecords))
            throw new ArgumentException($"unknown pod record mode {options.PodRecords}", nameof(options));
    }

    /// <summary>Registers update handlers on an informer (the handler gets the old and new object; null for add/delete) and waits for its sync.</summary>
    private Task Watch<T>(SharedInformer<T> informer, Action<T?, T?> handler, CancellationToken ct) where T : KubeObject
    {
        lock (_registrations)
            _registrations.Add(informer.AddEventHandler(o => handler(default, o), (o, n) => handler(o, n), o => handler(o, default)));
        informer.Start(CancellationToken.None);
        return informer.WaitForSyncAsync(ct);
    }

    /// <summary>Stops following the informers (they stay shared with the cluster).</summary>
    public ValueTask DisposeAsync()
    {
        lock (_registrations)
        {
            foreach (var registration in _registrations) registration.Dispose();
            _registrations.Clear();
        }
        return ValueTask.CompletedTask;
    }

    // ---- queries ----

    /// <summary>
    /// Answers a query for <paramref name="name"/> as a pod's resolver would: a name ending in a dot is absolute;
    /// otherwise the search path <c>&lt;ns&gt;.svc.&lt;zone&gt; svc.&lt;zone&gt; &lt;zone&gt;</c> (without the first entry
    /// when <paramref name="searchNamespace"/> is null) is tried before the name as given, or after it when the name has
    /// at least <c>ndots</c> dots. The first candidate with records wins; else NODATA if one exists; else NXDOMAIN.
    /// Names outside the cluster domain are NXDOMAIN (there is no upstream), as are pod names unless enabled.
    /// </summary>
    /// <param name="name">The name, e.g. <c>web</c>, <c>web.prod</c>, <c>_http._tcp.web.prod.svc.cluster.local.</c>, <c>50.0.96.10.in-addr.arpa</c>.</param>
    /// <param name="type">The record type asked for.</param>
    /// <param name="searchNamespace">The namespace of the asking pod, which heads its search path.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="type"/> unknown.</exception>
    public DnsAnswer Resolve(string name, DnsRecordType type = DnsRecordType.A, string? searchNamespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Enum.IsDefined(type)) throw new ArgumentException($"unknown record type {type}", nameof(type));
        DnsAnswer? noData = null;
        Span<char> buffer = stackalloc char[MaxNameLength + 2];
        var count = CandidateCount(name, searchNamespace);
        for (var i = 0; i < count; i++)
        {
            if (!TryWriteCandidate(name, searchNamespace, i, buffer, out var length)) continue;
            var fqdn = buffer[..length].ToString().ToLowerInvariant();
            var records = new List<DnsRecord>();
            var code = Answer(fqdn, type, 0, records);
            if (code == DnsResponseCode.NXDomain) continue;
            var answer = new DnsAnswer { Name = name, Type = type, ResponseCode = code, QualifiedName = fqdn, Records = records };
            if (records.Count > 0) return answer;
            noData ??= answer;   // glibc keeps searching after NODATA, and reports it if nothing better turns up
        }
        return noData ?? new DnsAnswer { Name = name, Type = type, ResponseCode = DnsResponseCode.NXDomain, Records = [] };
    }

    /// <summary>
    /// The addresses a client connecting to <paramref name="host"/> would use: an IP literal itself; a Service's
    /// ClusterIPs; a headless Service's ready endpoint addresses; the target's addresses for an ExternalName Service
    /// pointing into the cluster domain (CNAMEs followed); an endpoint's or pod's address. Empty when the name does not
    /// exist, has no addresses, or leaves the cluster domain. Same search path as <see cref="Resolve"/>; A and AAAA both.
    /// Service names are answered from the cache without allocating.
    /// </summary>
    /// <param name="host">A host name or IP literal.</param>
    /// <param name="searchNamespace">The namespace of the asking pod, which heads its search path.</param>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty.</exception>
    public IReadOnlyList<IPAddress> ResolveAddresses(string host, string? searchNamespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (IsIpLiteral(host) && IPAddress.TryParse(host, out var literal)) return [literal];
        Span<char> buffer = stackalloc char[MaxNameLength + 2];
        var count = CandidateCount(host, searchNamespace);
        for (var i = 0; i < count; i++)
        {
            if (!TryWriteCandidate(host, searchNamespace, i, buffer, out var length)) continue;
            var (addresses, final) = AddressesOf(buffer[..length], 0);
            if (addresses.Count > 0 || final) return addresses;
        }
        return NoAddresses;
    }

    /// <summary>Whether <paramref name="host"/> is written as an address (dotted quad or IPv6), not a name; IPAddress.Parse alone also takes "10" or "1.2".</summary>
    private static bool IsIpLiteral(string host) =>
        host.Contains(':') || (host.AsSpan().Count('.') == 3 && !host.AsSpan().ContainsAnyExcept(IpV4Chars));


    /// <summary>Addresses of one fully-qualified name; <c>final</c> when the name exists as a CNAME out of the cluster (stop searching).</summary>
    private (IReadOnlyList<IPAddress> Addresses, bool Final) AddressesOf(ReadOnlySpan<char> fqdn, int depth)
    {
        var name = DnsName.Parse(fqdn, _zone);
        if (name.Kind == DnsNameKind.Service && !name.HasPort)
        {
            if (!_servicesBySpan.TryGetValue(name.Key, out var entry)) return (NoAddresses, false);
            if (!name.Endpoint.IsEmpty) return (entry.ExternalName is null ? entry.AddressesOf(name.Endpoint) ?? NoAddresses : NoAddresses, false);
            if (entry.ExternalName is not { } target) return (entry.Addresses, false);
            if (depth >= MaxCnameDepth || !(DnsName.IsUnder(target, _zone) || target.Equals(_zone, StringComparison.OrdinalIgnoreCase))) return (NoAddresses, true);
            var (addresses, _) = AddressesOf(target, depth + 1);
            return (addresses, true);
        }
        if (name.Kind is DnsNameKind.Outside or DnsNameKind.Invalid) return (NoAddresses, false);

        // Rarer shapes (pods, _port._proto names): the general path.
        var text = fqdn.ToString().ToLowerInvariant();
        var records = new List<DnsRecord>();
        Answer(text, DnsRecordType.A, depth, records);
        Answer(text, DnsRecordType.AAAA, depth, records);
        var result = records.Where(r => r.Address is not null).Select(r => r.Address!).Distinct().ToArray();
        return (result.Length == 0 ? NoAddresses : result, false);
    }

    /// <summary>How many names the search path yields for <paramref name="name"/>.</summary>
    private static int CandidateCount(string name, string? ns) =>
        name.EndsWith('.') ? 1 : string.IsNullOrEmpty(ns) ? 3 : 4;

    /// <summary>Writes the <paramref name="index"/>th candidate name (no trailing dot); false when it would be too long.</summary>
    private bool TryWriteCandidate(string name, string? ns, int index, Span<char> buffer, out int length)
    {
        length = 0;
        var span = name.AsSpan();
        if (span.EndsWith('.'))
        {
            span = span[..^1];
            return !span.IsEmpty && Write(span, buffer, ref length);
        }
        var searches = string.IsNullOrEmpty(ns) ? 2 : 3;
        var asIsFirst = span.Count('.') >= _ndots;
        var asIsIndex = asIsFirst ? 0 : searches;
        if (index == asIsIndex) return Write(span, buffer, ref length);
        var search = asIsFirst ? index - 1 : index;
        if (searches == 2) search++;   // no namespace: skip "<ns>.svc.<zone>"
        var ok = Write(span, buffer, ref length) && Write(".", buffer, ref length);
        if (search == 0) ok = ok && Write(ns, buffer, ref length) && Write(".", buffer, ref length);
        if (search <= 1) ok = ok && Write("svc.", buffer, ref length);
        return ok && Write(_zone, buffer, ref length);
    }

    private static bool Write(ReadOnlySpan<char> part, Span<char> buffer, ref int length)
    {
        if (length + part.Length > MaxNameLength) return false;
        part.CopyTo(buffer[length..]);
        length += part.Length;
        return true;
    }

    /// <summary>Answers one fully-qualified, lower-case name (CoreDNS's Records and the per-type record builders).</summary>
    private DnsResponseCode Answer(string fqdn, DnsRecordType type, int depth, List<DnsRecord> records)
    {
        var name = DnsName.Parse(fqdn, _zone);
        switch (name.Kind)
        {
            case DnsNameKind.Apex:
                return DnsResponseCode.NoError;
            case DnsNameKind.DnsVersion:
                if (type != DnsRecordType.TXT) return DnsResponseCode.NXDomain;   // CoreDNS parses it as a malformed schema name
                records.Add(new DnsRecord { Name = fqdn, Type = DnsRecordType.TXT, Ttl = SchemaVersionTtl, Text = SchemaVersion });
                return DnsResponseCode.NoError;
            case DnsNameKind.Namespace:
                return _namespaces.ContainsKey(name.Namespace.ToString()) ? DnsResponseCode.NoError : DnsResponseCode.NXDomain;
            case DnsNameKind.Reverse:
                return AnswerReverse(fqdn, type, records);
            case DnsNameKind.Pod:
                return AnswerPod(fqdn, name, type, records);
            case DnsNameKind.Service:
                return AnswerService(fqdn, name, type, depth, records);
            default:
                return DnsResponseCode.NXDomain;
        }
    }

    private DnsResponseCode AnswerPod(string fqdn, DnsName name, DnsRecordType type, List<DnsRecord> records)
    {
        if (_podMode == PodRecordMode.Disabled) return DnsResponseCode.NXDomain;
        var ns = name.Namespace.ToString();
        if (!_namespaces.ContainsKey(ns)) return DnsResponseCode.NXDomain;
        if (DnsName.ParsePodLabel(name.Label) is not { } ip) return DnsResponseCode.NXDomain;
        if (_podMode == PodRecordMode.Verified && !_podAddresses.ContainsKey(PodKey(ip, ns))) return DnsResponseCode.NXDomain;
        AddAddress(records, fqdn, type, ip);
        return DnsResponseCode.NoError;
    }

    private DnsResponseCode AnswerService(string fqdn, DnsName name, DnsRecordType type, int depth, List<DnsRecord> records)
    {
        if (!_servicesBySpan.TryGetValue(name.Key, out var entry)) return DnsResponseCode.NXDomain;

        if (entry.ExternalName is { } target)
        {
            // CoreDNS answers only a name that is not an address, and drops the CNAME from SRV answers.
            if (IPAddress.TryParse(target, out _) && IsIpLiteral(target)) return DnsResponseCode.NXDomain;
            if (type == DnsRecordType.SRV) return DnsResponseCode.NoError;
            records.Add(new DnsRecord { Name = fqdn, Type = DnsRecordType.CNAME, Ttl = _ttl, Target = target });
            var lower = target.ToLowerInvariant();
            if (type == DnsRecordType.CNAME || depth >= MaxCnameDepth || !(DnsName.IsUnder(lower, _zone) || lower == _zone)) return DnsResponseCode.NoError;
            return Answer(lower, type, depth + 1, records);   // in-zone targets are resolved here, as CoreDNS does
        }

        // What CoreDNS's findServices yields: (address, port, SRV target) per matching port.
        var items = new List<(IPAddress Address, int Port, string Target)>();
        var found = false;
        if (!name.Endpoint.IsEmpty || entry.Headless)
        {
            foreach (var endpoint in entry.Endpoints)
            {
                if (!name.Endpoint.IsEmpty && !name.Endpoint.Equals(endpoint.Hostname, StringComparison.OrdinalIgnoreCase)) continue;
                var srvTarget = endpoint.Hostname + "." + entry.Fqdn;
                if (endpoint.Ports.Count == 0 && !name.HasPort) { items.Add((endpoint.Address, -1, srvTarget)); found = true; }
                foreach (var port in endpoint.Ports)
                    if (PortMatches(name, port.Name, port.Protocol)) { items.Add((endpoint.Address, port.Port ?? -1, srvTarget)); found = true; }
            }
        }
        else
        {
            if (entry.Ports.Count == 0 && !name.HasPort)
            {
                found = true;
                foreach (var ip in entry.ClusterIps) items.Add((ip, -1, entry.Fqdn));
            }
            foreach (var port in entry.Ports)
            {
                if (!PortMatches(name, port.Name, port.Protocol)) continue;
                found = true;
                foreach (var ip in entry.ClusterIps) items.Add((ip, port.Port, entry.Fqdn));
            }
        }
        if (!found) return DnsResponseCode.NXDomain;

        if (type is DnsRecordType.A or DnsRecordType.AAAA)
        {
            foreach (var ip in items.Select(i => i.Address).Distinct()) AddAddress(records, fqdn, type, ip);
        }
        else if (type == DnsRecordType.SRV)
        {
            var srv = items.Where(i => i.Port >= 0).Select(i => (i.Target, i.Port)).Distinct().ToList();
            var weight = srv.Count == 0 ? 0 : Math.Max(1, 100 / srv.Count);
            foreach (var (srvTarget, port) in srv)
                records.Add(new DnsRecord { Name = fqdn, Type = DnsRecordType.SRV, Ttl = _ttl, Target = srvTarget, Port = port, Priority = 0, Weight = weight });
        }
        return DnsResponseCode.NoError;
    }

    private static bool PortMatches(DnsName name, string? portName, string? protocol) =>
        !name.HasPort || (name.Port.Equals(portName ?? "", StringComparison.OrdinalIgnoreCase)
                          && name.Protocol.Equals(protocol is { Length: > 0 } p ? p : "TCP", StringComparison.OrdinalIgnoreCase));

    private DnsResponseCode AnswerReverse(string fqdn, DnsRecordType type, List<DnsRecord> records)
    {
        if (DnsName.ParseReverse(fqdn) is not { } ip) return DnsResponseCode.NXDomain;
        var names = new List<string>();
        foreach (var entry in _services.Values.OrderBy(e => e.Fqdn, StringComparer.Ordinal))
        {
            if (entry.ClusterIps.Contains(ip)) names.Add(entry.Fqdn);
            foreach (var endpoint in entry.Endpoints)
                if (endpoint.Address.Equals(ip)) names.Add(endpoint.Hostname + "." + entry.Fqdn);
        }
        if (names.Count == 0) return DnsResponseCode.NXDomain;
        if (type == DnsRecordType.PTR)
            foreach (var target in names.Distinct())
                records.Add(new DnsRecord { Name = fqdn, Type = DnsRecordType.PTR, Ttl = _ttl, Target = target });
        return DnsResponseCode.NoError;
    }

    private void AddAddress(List<DnsRecord> records, string fqdn, DnsRecordType type, IPAddress ip)
    {
        var family = type == DnsRecordType.A ? AddressFamily.InterNetwork : type == DnsRecordType.AAAA ? AddressFamily.InterNetworkV6 : AddressFamily.Unknown;
        if (ip.AddressFamily == family) records.Add(new DnsRecord { Name = fqdn, Type = type, Ttl = _ttl, Address = ip });
    }

    // ---- cache maintenance (informer handlers) ----

    private static string ServiceKey(string? name, string? ns) => $"{name}.{ns}";

    private static string PodKey(IPAddress ip, string ns) => DnsName.Dashed(ip) + "." + ns;

    private void OnNamespace(Namespace? old, Namespace? current)
    {
        if (current?.Metadata.Name is { } name) _namespaces[name] = 0;
        else if (old?.Metadata.Name is { } gone) _namespaces.TryRemove(gone, out _);
    }

    private void OnService(Service? old, Service? current)
    {
        lock (_gate)
        {
            if (current is null)
            {
                if (old is not null) _services.TryRemove(ServiceKey(old.Metadata.Name, old.Metadata.Namespace), out _);
                return;
            }
            Rebuild(ServiceKey(current.Metadata.Name, current.Metadata.Namespace), current);
        }
    }

    private void OnSlice(EndpointSlice? old, EndpointSlice? current)
    {
        lock (_gate)
        {
            var oldKey = old is null ? null : SliceKey(old);
            var newKey = current is null ? null : SliceKey(current);
            if (oldKey is not null && _slices.TryGetValue(oldKey, out var before))
            {
                before.Remove(old!.Metadata.Name ?? "");
                if (before.Count == 0) _slices.Remove(oldKey);
            }
            if (newKey is not null)
            {
                if (!_slices.TryGetValue(newKey, out var after)) _slices[newKey] = after = new Dictionary<string, EndpointSlice>(StringComparer.Ordinal);
                after[current!.Metadata.Name ?? ""] = current;
            }
            if (oldKey is not null && oldKey != newKey && _services.TryGetValue(oldKey, out var a)) Rebuild(oldKey, a.Service);
            if (newKey is not null && _services.TryGetValue(newKey, out var b)) Rebuild(newKey, b.Service);
        }
    }

    /// <summary>The Service a slice belongs to (its <c>kubernetes.io/service-name</c> label), as a cache key.</summary>
    private static string? SliceKey(EndpointSlice slice) =>
        slice.Metadata.Labels?.TryGetValue("kubernetes.io/service-name", out var service) == true && service.Length > 0
            ? ServiceKey(service, slice.Metadata.Namespace) : null;

    private void Rebuild(string key, Service service) =>
        _services[key] = ServiceEntry.Build(service, _slices.TryGetValue(key, out var slices) ? slices.Values : [], _zone);

    private void OnPod(Pod? old, Pod? current)
    {
        lock (_gate)
        {
            foreach (var key in PodKeys(old))
                if (_podAddresses.TryGetValue(key, out var n)) { if (n <= 1) _podAddresses.TryRemove(key, out _); else _podAddresses[key] = n - 1; }
            foreach (var key in PodKeys(current)) _podAddresses[key] = _podAddresses.GetValueOrDefault(key) + 1;
        }
    }

    private static IEnumerable<string> PodKeys(Pod? pod)
    {
        if (pod?.Metadata.Namespace is not { } ns) return [];
        IEnumerable<string> ips = pod.Status?.PodIPs is { Count: > 0 } list ? list.Select(p => p.Ip ?? "") : pod.Status?.PodIP is { Length: > 0 } ip ? [ip] : [];
        return ips.Select(t => IPAddress.TryParse(t, out var a) ? PodKey(a, ns) : null).OfType<string>().Distinct().ToList();
    }
}
