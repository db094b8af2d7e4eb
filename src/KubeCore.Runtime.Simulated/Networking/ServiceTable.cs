using System.Collections.Concurrent;
using System.Net;
using KubeCore.Informers;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>
/// What kube-proxy programs, kept from Service and EndpointSlice informers: for each Service port, the addresses it is reached
/// at (ClusterIP:port, nodePort, external and load-balancer IPs) and its endpoints. Rebuilt per Service on each change; read
/// without locks.
/// </summary>
internal sealed class ServiceTable : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Ns, string Name), Service> _services = [];
    private readonly Dictionary<(string Ns, string Name), Dictionary<string, EndpointSlice>> _slices = [];
    private readonly Dictionary<(string Ns, string Name), List<ServicePortEntry>> _entries = [];
    private readonly ConcurrentDictionary<IPEndPoint, ServicePortEntry> _byAddress = new();
    private readonly ConcurrentDictionary<int, ServicePortEntry> _byNodePort = new();
    private readonly List<IDisposable> _registrations = [];
    private event Action<ServicePortEntry?, ServicePortEntry?>? _changed;
    private TaskCompletionSource _nextChange = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change of any Service's ports or endpoints.</summary>
    public Task NextChange => Volatile.Read(ref _nextChange).Task;

    public ServiceTable(SharedInformer<Service> services, SharedInformer<EndpointSlice> slices)
    {
        _registrations.Add(services.AddEventHandler(OnService, (_, s) => OnService(s), s => OnServiceDeleted(s)));
        _registrations.Add(slices.AddEventHandler(OnSlice, (_, s) => OnSlice(s), s => OnSliceDeleted(s)));
    }

    /// <summary>Raised (under the table's lock) when a Service port appears, changes or goes: (old, new).</summary>
    public event Action<ServicePortEntry?, ServicePortEntry?> Changed
    {
        add { lock (_gate) { _changed += value; foreach (var list in _entries.Values) foreach (var e in list) value(null, e); } }
        remove { lock (_gate) _changed -= value; }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }

    /// <summary>The Service port reached at a virtual address (ClusterIP, external IP or load-balancer IP) and port.</summary>
    public ServicePortEntry? FindByAddress(IPEndPoint endpoint) => _byAddress.TryGetValue(endpoint, out var e) ? e : null;

    /// <summary>The Service port with a node port.</summary>
    public ServicePortEntry? FindByNodePort(int nodePort) => _byNodePort.TryGetValue(nodePort, out var e) ? e : null;

    /// <summary>A port of a Service (null: its first TCP port), or null.</summary>
    public ServicePortEntry? FindPort(string ns, string name, int? port)
    {
        lock (_gate) return _entries.GetValueOrDefault((ns, name))?.FirstOrDefault(e => port is null || e.Port.Port == port);
    }

    /// <summary>The Service with a name, or null.</summary>
    public Service? FindService(string ns, string name)
    {
        lock (_gate) return _services.GetValueOrDefault((ns, name));
    }

    private void OnService(Service service)
    {
        lock (_gate)
        {
            _services[Key(service)] = service;
            Rebuild(Key(service));
        }
    }

    private void OnServiceDeleted(Service service)
    {
        lock (_gate)
        {
            _services.Remove(Key(service));
            Rebuild(Key(service));
        }
    }

    private void OnSlice(EndpointSlice slice)
    {
        if (ServiceOf(slice) is not { } key) return;
        lock (_gate)
        {
            if (!_slices.TryGetValue(key, out var map)) _slices[key] = map = new(StringComparer.Ordinal);
            map[slice.Metadata.Name ?? ""] = slice;
            Rebuild(key);
        }
    }

    private void OnSliceDeleted(EndpointSlice slice)
    {
        if (ServiceOf(slice) is not { } key) return;
        lock (_gate)
        {
            if (_slices.TryGetValue(key, out var map) && map.Remove(slice.Metadata.Name ?? "") && map.Count == 0) _slices.Remove(key);
            Rebuild(key);
        }
    }

    private static (string, string) Key(KubeObject o) => (o.Metadata.Namespace ?? "default", o.Metadata.Name ?? "");

    private static (string, string)? ServiceOf(EndpointSlice slice) =>
        slice.Metadata.Labels?.TryGetValue("kubernetes.io/service-name", out var name) == true ? (slice.Metadata.Namespace ?? "default", name) : null;

    private void Rebuild((string Ns, string Name) key)
    {
        var old = _entries.GetValueOrDefault(key) ?? [];
        var fresh = _services.TryGetValue(key, out var service) ? Build(service, _slices.GetValueOrDefault(key)) : [];
        foreach (var e in old)
        {
            foreach (var a in e.Addresses) _byAddress.TryRemove(new KeyValuePair<IPEndPoint, ServicePortEntry>(a, e));
            if (e.NodePort is { } np) _byNodePort.TryRemove(new KeyValuePair<int, ServicePortEntry>(np, e));
        }
        foreach (var e in fresh)
        {
            foreach (var a in e.Addresses) _byAddress[a] = e;
            if (e.NodePort is { } np) _byNodePort[np] = e;
        }
        if (fresh.Count == 0) _entries.Remove(key); else _entries[key] = fresh;
        Interlocked.Exchange(ref _nextChange, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        var handlers = _changed;
        if (handlers is null) return;
        foreach (var e in old) if (!fresh.Any(f => f.SameAddresses(e))) handlers(e, null);
        foreach (var e in fresh) handlers(old.FirstOrDefault(o => o.SameAddresses(e)), e);
    }

    private static List<ServicePortEntry> Build(Service service, Dictionary<string, EndpointSlice>? slices)
    {
        var spec = service.Spec;
        if (spec is null || spec.Type == "ExternalName") return [];
        var virtualIps = new List<IPAddress>();
        foreach (var ip in (spec.ClusterIPs is { Count: > 0 } ips ? ips : [spec.ClusterIP ?? ""]).Concat(spec.ExternalIPs ?? [])
                     .Concat((service.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip ?? "")))
            if (IPAddress.TryParse(ip, out var parsed)) virtualIps.Add(parsed);
        var result = new List<ServicePortEntry>();
        foreach (var port in spec.Ports ?? [])
        {
            var protocol = port.Protocol ?? "TCP";
            if (protocol != "TCP") continue; // the simulated network carries TCP only
            var endpoints = new List<ServiceEndpoint>();
            foreach (var slice in slices?.Values.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal) ?? Enumerable.Empty<EndpointSlice>())
            {
                if (slice.AddressType != "IPv4") continue;
                var slicePort = slice.Ports?.FirstOrDefault(p => (p.Name ?? "") == (port.Name ?? "") && (p.Protocol ?? "TCP") == protocol);
                if (slicePort?.Port is not { } targetPort) continue;
                foreach (var ep in slice.Endpoints ?? [])
                {
                    var address = ep.Addresses?.FirstOrDefault();
                    if (address is null || !IPAddress.TryParse(address, out var ip)) continue;
                    var c = ep.Conditions;
                    endpoints.Add(new ServiceEndpoint(new IPEndPoint(ip, targetPort), ep.TargetRef?.Name, ep.NodeName,
                        Ready: c?.Ready ?? true, Serving: c?.Serving ?? c?.Ready ?? true, Terminating: c?.Terminating ?? false));
                }
            }
            result.Add(new ServicePortEntry(service, port, [.. virtualIps.Select(ip => new IPEndPoint(ip, port.Port))],
                port.NodePort is > 0 && spec.Type is "NodePort" or "LoadBalancer" ? port.NodePort : null, [.. endpoints]));
        }
        return result;
    }
}

/// <summary>One port of a Service as the proxy sees it.</summary>
/// <param name="Service">The Service.</param>
/// <param name="Port">The Service port.</param>
/// <param name="Addresses">Virtual addresses it is reached at: ClusterIPs, external IPs and load-balancer IPs with the port.</param>
/// <param name="NodePort">Its node port, if any.</param>
/// <param name="Endpoints">Its endpoints, with their conditions.</param>
internal sealed record ServicePortEntry(Service Service, ServicePort Port, IPEndPoint[] Addresses, int? NodePort, ServiceEndpoint[] Endpoints)
{
    public string Namespace => Service.Metadata.Namespace ?? "default";
    public string Name => Service.Metadata.Name ?? "";
    public string Display => $"{Namespace}/{Name}" + (string.IsNullOrEmpty(Port.Name) ? "" : ":" + Port.Name);

    /// <summary>Whether the two entries are the same Service port (so a change, not an add and a remove).</summary>
    public bool SameAddresses(ServicePortEntry other) =>
        Namespace == other.Namespace && Name == other.Name && (Port.Name ?? "") == (other.Port.Name ?? "") && Port.Port == other.Port.Port;

    /// <summary>
    /// Where new connections go, as kube-proxy picks them: ready endpoints (with <c>publishNotReadyAddresses</c> the slices
    /// already mark every endpoint ready); if there are none, serving terminating ones, so a Service whose pods are all
    /// shutting down still answers while they drain.
    /// </summary>
    public IReadOnlyList<ServiceEndpoint> Usable()
    {
        var ready = Endpoints.Where(e => e.Ready).ToList();
        if (ready.Count > 0) return ready;
        return Endpoints.Where(e => e.Serving && e.Terminating).ToList();
    }
}

/// <summary>An endpoint of a Service port: a pod address and target port, with the EndpointSlice conditions.</summary>
internal sealed record ServiceEndpoint(IPEndPoint Address, string? Pod, string? Node, bool Ready, bool Serving, bool Terminating);
