using System.Globalization;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Storage;
using KubeCore.Validation;

namespace KubeCore.Services;

/// <summary>
/// Cluster IPs and node ports of Services, allocated in the API layer as kube-apiserver's service REST storage does
/// (pkg/registry/core/service/storage/alloc.go): a create or update reserves what it needs under one lock before the
/// write and gives it back if the write fails; an update or delete releases what the Service no longer holds once the
/// write succeeded. The state lives in memory and is rebuilt from the stored Services when the API starts (so a durable
/// store reopening keeps it right); one API server owns a store at a time.
/// </summary>
internal sealed class ServiceAllocator
{
    private static readonly GroupKind ServiceKind = new("", "Service");
    private readonly object _lock = new();
    private readonly Random _random;
    private readonly RangeAllocator _ips;
    private readonly RangeAllocator _ports;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;

    public ServiceAllocator(ServiceNetworkOptions options, Random random)
    {
        Ranges = ServiceAddressRanges.Parse(options);
        _random = random;
        // kube-apiserver's static bands: min(max(16, size/16), 256) addresses, min(max(16, size/32), 128) ports.
        _ips = new RangeAllocator(Ranges.IPCount, RangeAllocator.StaticBand(Ranges.CidrSize, 16, 16, 256));
        _ports = new RangeAllocator(Ranges.PortCount, RangeAllocator.StaticBand(Ranges.PortCount, 16, 32, 128));
    }

    /// <summary>The configured ranges.</summary>
    public ServiceAddressRanges Ranges { get; }

    /// <summary>The first address of the range (the <c>kubernetes</c> Service's).</summary>
    public string FirstIP => Ranges.IPAt(0);

    /// <summary>How many cluster IPs and node ports are taken (for tests and diagnostics).</summary>
    public (int IPs, int Ports) Used
    {
        get { lock (_lock) return (_ips.Count, _ports.Count); }
    }

    /// <summary>Whether a cluster IP or node port is taken.</summary>
    public bool IsIPAllocated(string ip) { lock (_lock) return _ips.Has(Ranges.OffsetOf(ip)); }

    /// <summary>Whether a node port is taken.</summary>
    public bool IsPortAllocated(int port) { lock (_lock) return _ports.Has(Ranges.PortOffset(port)); }

    /// <summary>Rebuilds the state from the Services in storage, once, before the first allocation.</summary>
    public async ValueTask EnsureLoadedAsync(IStorageBackend storage, string keyPrefix, CancellationToken cancellationToken)
    {
        if (_loaded) return;
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded) return;
            var list = await storage.ListAsync(keyPrefix, 0, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                foreach (var entry in list.Items)
                    if (entry.Value is Service svc) Hold(svc);
            }
            _loaded = true;
        }
        finally { _loadGate.Release(); }
    }

    // What a stored Service holds: upstream's repair controllers would report conflicts or addresses out of range; here
    // they are taken if free and otherwise left alone.
    private void Hold(Service svc)
    {
        var spec = svc.Spec;
        if (spec is null || spec.Type == "ExternalName") return;
        foreach (var ip in ClusterIPs(spec)) if (Ranges.OffsetOf(ip) is var o and >= 0) _ips.TryAllocate(o);
        foreach (var port in NodePorts(spec)) if (Ranges.PortOffset(port) is var p and >= 0) _ports.TryAllocate(p);
    }

    /// <summary>Releases everything a deleted Service held.</summary>
    public void Release(Service svc)
    {
        var spec = svc.Spec;
        if (spec is null || spec.Type == "ExternalName") return;
        lock (_lock)
        {
            foreach (var ip in ClusterIPs(spec)) _ips.Release(Ranges.OffsetOf(ip));
            foreach (var port in NodePorts(spec)) _ports.Release(Ranges.PortOffset(port));
        }
    }

    /// <summary>
    /// Fills in the address fields of a new Service (ipFamilies, ipFamilyPolicy, clusterIP(s), nodePorts,
    /// healthCheckNodePort) and reserves them. Revert the transaction if the Service is not stored.
    /// </summary>
    /// <exception cref="InvalidException">A requested address is taken or out of range, or a family is not configured.</exception>
    public Transaction AllocateCreate(ref Service svc, bool dryRun)
    {
        var txn = new Transaction(this, dryRun);
        try
        {
            lock (_lock)
            {
                svc = InitIPFamilies(svc, null);
                svc = AllocClusterIP(svc, txn);
                svc = AllocNodePorts(svc, null, txn);
                svc = UpdateHealthCheckNodePort(svc, null, txn);
            }
            return txn;
        }
        catch
        {
            txn.Revert();
            throw;
        }
    }

    /// <summary>
    /// Allocates what an update needs (a Service leaving ExternalName, new node ports, a health check port) and
    /// schedules the release of what it no longer holds for <see cref="Transaction.Commit"/>.
    /// </summary>
    public Transaction AllocateUpdate(ref Service svc, Service old, bool dryRun)
    {
        var txn = new Transaction(this, dryRun);
        try
        {
            lock (_lock)
            {
                var oldSpec = old.Spec ?? new ServiceSpec();
                var type = svc.Spec?.Type;
                svc = InitIPFamilies(svc, old);
                if (oldSpec.Type == "ExternalName" && type != "ExternalName") svc = AllocClusterIP(svc, txn);
                else if (oldSpec.Type != "ExternalName" && type == "ExternalName")
                    foreach (var ip in ClusterIPs(oldSpec)) txn.ReleaseIPOnCommit(ip);

                var oldExternal = oldSpec.Type is "NodePort" or "LoadBalancer";
                var newExternal = type is "NodePort" or "LoadBalancer";
                if (oldExternal && !newExternal)
                    foreach (var port in ServicePortNodePorts(oldSpec)) txn.ReleasePortOnCommit(port);
                if (newExternal) svc = AllocNodePorts(svc, oldSpec, txn);
                svc = UpdateHealthCheckNodePort(svc, oldSpec, txn);
            }
            return txn;
        }
        catch
        {
            txn.Revert();
            throw;
        }
    }

    // ---- IP families (initIPFamilyFields, single-stack IPv4 cluster) ----

    private Service InitIPFamilies(Service svc, Service? old)
    {
        var s = svc.Spec ?? new ServiceSpec();
        if (s.Type == "ExternalName") return svc;
        var name = svc.Metadata.Name ?? "";
        var policy = s.IpFamilyPolicy;
        var headlessSelectorless = s.ClusterIP == "None" && s.Selector is not { Count: > 0 };
        if (string.IsNullOrEmpty(policy))
            policy = old?.Spec is { Type: not "ExternalName", IpFamilyPolicy: { Length: > 0 } p } ? p
                : headlessSelectorless ? "RequireDualStack" : "SingleStack";
        var errors = new List<FieldError>();
        var families = s.IpFamilies is null ? new List<string>() : [.. s.IpFamilies];
        var ips = s.ClusterIPs ?? [];
        if (policy == "SingleStack")
        {
            if (ips.Count == 2)
                errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("ipFamilyPolicy"), policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
            if (families.Count == 2)
                errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("ipFamilyPolicy"), policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
        }
        for (var i = 0; i < ips.Count && ips[i] != "None"; i++)
        {
            if (i < families.Count) continue;
            var family = ips[i].Contains(':', StringComparison.Ordinal) ? "IPv6" : "IPv4";
            if (family != "IPv4")
                errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("clusterIPs").Index(i), GoLiteral.StringSlice(ips), family + " is not configured on this cluster"));
            else families.Add(family);
        }
        if (errors.Count > 0) throw Invalid(name, errors);
        if (headlessSelectorless)
        {
            if (families.Count == 0) families.Add("IPv4");
            if (families.Count < 2 && policy != "SingleStack") families.Add(families[0] == "IPv4" ? "IPv6" : "IPv4");
            return With(svc, s with { IpFamilyPolicy = policy, IpFamilies = families });
        }
        if (policy == "RequireDualStack")
            errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("ipFamilyPolicy"), policy, "this cluster is not configured for dual-stack services"));
        for (var i = 0; i < families.Count; i++)
            if (families[i] != "IPv4")
                errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("ipFamilies").Index(i), families[i], "not configured on this cluster"));
        if (errors.Count > 0) throw Invalid(name, errors);
        if (families.Count == 0) families.Add("IPv4");
        if (policy == s.IpFamilyPolicy && s.IpFamilies is { } existing && existing.SequenceEqual(families)) return svc;
        return With(svc, s with { IpFamilyPolicy = policy, IpFamilies = families });
    }

    // ---- cluster IPs ----

    private Service AllocClusterIP(Service svc, Transaction txn)
    {
        var s = svc.Spec ?? new ServiceSpec();
        if (s.Type == "ExternalName" || s.ClusterIP == "None" || s.ClusterIPs is ["None", ..]) return svc;
        var requested = s.ClusterIPs is { Count: > 0 } ips ? ips[0] : s.ClusterIP;
        if (string.IsNullOrEmpty(requested))
        {
            var offset = txn.DryRun ? _ips.FindFree(_random, txn.DryIPs) : _ips.FindFree(_random);
            if (offset < 0) throw ApiErrors.Internal("failed to allocate a serviceIP: range is full");
            txn.TakeIP(offset);
            var ip = Ranges.IPAt(offset);
            return With(svc, s with { ClusterIP = ip, ClusterIPs = [ip] });
        }
        var at = Ranges.OffsetOf(requested);
        var error = at < 0 ? "provided IP is not in the valid range. The range of valid IPs is " + Ranges.Cidr
            : !txn.TakeIP(at) ? "provided IP is already allocated" : null;
        if (error is not null)
            throw Invalid(svc.Metadata.Name ?? "", [FieldError.Invalid(FieldPath.Root("spec").Child("clusterIPs"),
                GoLiteral.StringSlice(s.ClusterIPs is { Count: > 0 } ? s.ClusterIPs : [requested]), $"failed to allocate IP {requested}: {error}")]);
        return s.ClusterIP == requested && s.ClusterIPs is [_] ? svc : With(svc, s with { ClusterIP = requested, ClusterIPs = [requested] });
    }

    // ---- node ports (initNodePorts / updateNodePorts) ----

    private Service AllocNodePorts(Service svc, ServiceSpec? old, Transaction txn)
    {
        var s = svc.Spec ?? new ServiceSpec();
        if (s.Type is not ("NodePort" or "LoadBalancer") || s.Ports is not { Count: > 0 } ports) return svc;
        var allocate = s.Type == "NodePort" || s.AllocateLoadBalancerNodePorts != false;
        var oldPorts = old is null ? [] : ServicePortNodePorts(old);
        var result = ports.ToArray();
        var byServicePort = new Dictionary<int, int>(); // one node port per service port number, shared across protocols
        var takenHere = new HashSet<int>();
        for (var i = 0; i < result.Length; i++)
        {
            var p = result[i];
            var requested = p.NodePort ?? 0;
            if (requested == 0 && !allocate) continue;
            if (requested == 0 && byServicePort.TryGetValue(p.Port, out var shared) && old is null)
            {
                result[i] = p with { NodePort = shared };
                continue;
            }
            if (requested == 0 && old is null)
                for (var j = i + 1; j < result.Length && requested == 0; j++)
                    if (result[j].Port == p.Port && result[j].NodePort is { } np and not 0) requested = np;
            if (requested != 0)
            {
                if (!oldPorts.Contains(requested) && takenHere.Add(requested))
                {
                    var at = Ranges.PortOffset(requested);
                    var error = at < 0 ? "provided port is not in the valid range. The range of valid ports is " + Ranges.PortRange
                        : !txn.TakePort(at) ? "provided port is already allocated" : null;
                    if (error is not null)
                        throw Invalid(svc.Metadata.Name ?? "", [FieldError.Invalid(FieldPath.Root("spec").Child("ports").Index(i).Child("nodePort"), requested, error)]);
                }
                if (p.NodePort != requested) result[i] = p with { NodePort = requested };
            }
            else
            {
                var offset = txn.DryRun ? _ports.FindFree(_random, txn.DryPorts) : _ports.FindFree(_random);
                if (offset < 0) throw ApiErrors.Internal("failed to allocate a nodePort: range is full");
                txn.TakePort(offset);
                requested = Ranges.PortBase + offset;
                takenHere.Add(requested);
                result[i] = p with { NodePort = requested };
            }
            byServicePort.TryAdd(p.Port, requested);
        }
        if (old is not null)
        {
            var kept = result.Select(p => p.NodePort ?? 0).ToHashSet();
            foreach (var port in oldPorts) if (!kept.Contains(port)) txn.ReleasePortOnCommit(port);
        }
        return With(svc, s with { Ports = result });
    }

    // ---- health check node port (externalTrafficPolicy: Local load balancers) ----

    private static bool NeedsHealthCheck(ServiceSpec? s) => s is { Type: "LoadBalancer", ExternalTrafficPolicy: "Local" };

    private Service UpdateHealthCheckNodePort(Service svc, ServiceSpec? old, Transaction txn)
    {
        var s = svc.Spec ?? new ServiceSpec();
        var needed = NeedsHealthCheck(old);
        var needs = NeedsHealthCheck(s);
        var requested = s.HealthCheckNodePort ?? 0;
        if (needs && !needed)
        {
            if (requested != 0)
            {
                var at = Ranges.PortOffset(requested);
                var error = at < 0 ? "provided port is not in the valid range. The range of valid ports is " + Ranges.PortRange
                    : !txn.TakePort(at) ? "provided port is already allocated" : null;
                if (error is not null) throw ApiErrors.Internal($"failed to allocate requested HealthCheck NodePort {requested}: {error}");
                return svc;
            }
            var offset = txn.DryRun ? _ports.FindFree(_random, txn.DryPorts) : _ports.FindFree(_random);
            if (offset < 0) throw ApiErrors.Internal("failed to allocate a HealthCheck NodePort 0: range is full");
            txn.TakePort(offset);
            return With(svc, s with { HealthCheckNodePort = Ranges.PortBase + offset });
        }
        if (needed && !needs)
        {
            if (old!.HealthCheckNodePort is { } oldPort and not 0) txn.ReleasePortOnCommit(oldPort);
            return svc;
        }
        if (needed && needs && old!.HealthCheckNodePort is { } was and not 0 && requested != was)
            throw Invalid(svc.Metadata.Name ?? "", [FieldError.Invalid(FieldPath.Root("spec").Child("healthCheckNodePort"), requested,
                "cannot change healthCheckNodePort on loadBalancer service with externalTraffic=Local during update")]);
        return svc;
    }

    // ---- helpers ----

    private static Service With(Service svc, ServiceSpec spec) => svc with { Spec = spec };

    private static InvalidException Invalid(string name, IEnumerable<FieldError> errors) =>
        ApiErrors.Invalid(ServiceKind, name, errors.Select(e => e.ToStatusCause()).ToArray());

    private static IEnumerable<string> ClusterIPs(ServiceSpec s)
    {
        if (s.ClusterIPs is { Count: > 0 } ips) return ips.Where(ip => ip != "None");
        return string.IsNullOrEmpty(s.ClusterIP) || s.ClusterIP == "None" ? [] : [s.ClusterIP];
    }

    private static HashSet<int> ServicePortNodePorts(ServiceSpec s) =>
        s.Ports is null ? [] : s.Ports.Where(p => p.NodePort is > 0).Select(p => p.NodePort!.Value).ToHashSet();

    private static IEnumerable<int> NodePorts(ServiceSpec s)
    {
        var ports = ServicePortNodePorts(s);
        if (s.HealthCheckNodePort is { } hc and > 0) ports.Add(hc);
        return ports;
    }

    /// <summary>
    /// What one write reserved (given back by <see cref="Revert"/>) and what it gives up once stored
    /// (<see cref="Commit"/>). A dry run reserves nothing: it only checks, remembering its own picks.
    /// </summary>
    internal sealed class Transaction(ServiceAllocator owner, bool dryRun)
    {
        private readonly List<int> _ips = [];
        private readonly List<int> _ports = [];
        private List<string>? _releaseIPs;
        private List<int>? _releasePorts;
        private int _done;

        public bool DryRun { get; } = dryRun;
        public HashSet<int> DryIPs { get; } = [];
        public HashSet<int> DryPorts { get; } = [];

        internal bool TakeIP(int offset)
        {
            if (DryRun) return !owner._ips.Has(offset) && DryIPs.Add(offset);
            if (!owner._ips.TryAllocate(offset)) return false;
            _ips.Add(offset);
            return true;
        }

        internal bool TakePort(int offset)
        {
            if (DryRun) return !owner._ports.Has(offset) && DryPorts.Add(offset);
            if (!owner._ports.TryAllocate(offset)) return false;
            _ports.Add(offset);
            return true;
        }

        internal void ReleaseIPOnCommit(string ip) => (_releaseIPs ??= []).Add(ip);
        internal void ReleasePortOnCommit(int port) => (_releasePorts ??= []).Add(port);

        /// <summary>The write was stored: give up what the Service no longer holds.</summary>
        public void Commit()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1 || DryRun) return;
            lock (owner._lock)
            {
                foreach (var ip in _releaseIPs ?? []) owner._ips.Release(owner.Ranges.OffsetOf(ip));
                foreach (var port in _releasePorts ?? []) owner._ports.Release(owner.Ranges.PortOffset(port));
            }
        }

        /// <summary>The write failed: give back what it reserved.</summary>
        public void Revert()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1 || DryRun) return;
            lock (owner._lock)
            {
                foreach (var offset in _ips) owner._ips.Release(offset);
                foreach (var offset in _ports) owner._ports.Release(offset);
            }
        }
    }
}
