namespace KubeCore.Runtime.Simulated.Networking.Ingress;

// Inside this namespace the simple name "Ingress" would bind to the namespace itself; import the model here instead.
using KubeCore.Models;

/// <summary>What the controller does with one request.</summary>
internal enum IngressRouteKind
{
    /// <summary>Forward to a Service port that has ready endpoints (or an ExternalName Service).</summary>
    Service,
    /// <summary>No rule matched and no Ingress default backend applies: the controller's own default backend answers 404.</summary>
    DefaultBackend,
    /// <summary>A rule matched but its Service is missing, has no such port, or has no ready endpoints: 503.</summary>
    Unavailable,
}

/// <summary>The outcome of matching one request against the routing table.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Namespace">The backend Service's namespace (also the Ingress's).</param>
/// <param name="Service">The backend Service's name.</param>
/// <param name="Port">The resolved service port number.</param>
/// <param name="Ingress">The Ingress whose rule (or default backend) matched, <c>namespace/name</c>; null for the controller's default backend.</param>
/// <param name="Reason">Why the route is <see cref="IngressRouteKind.Unavailable"/>.</param>
internal sealed record IngressRoute(IngressRouteKind Kind, string? Namespace = null, string? Service = null, int Port = 0, string? Ingress = null, string? Reason = null)
{
    /// <summary>The controller's default backend.</summary>
    public static readonly IngressRoute NotFound = new(IngressRouteKind.DefaultBackend);

    /// <summary>The backend's in-cluster URL prefix: <c>http://svc.ns.svc.cluster.local:port</c>.</summary>
    public string BackendAuthority(string clusterDomain) => $"http://{Service}.{Namespace}.svc.{clusterDomain}:{Port}";
}

/// <summary>
/// The controller's routing rules, compiled from the Ingresses it serves and the Services and EndpointSlices they name.
/// Modelled on how ingress-nginx turns Ingresses into nginx servers and locations:
/// <list type="bullet">
/// <item>Ingresses are taken oldest first (creationTimestamp; ties by <c>namespace/name</c>, descending, as ingress-nginx sorts them).</item>
/// <item>One server per host (exact, or <c>*.example.com</c> matching exactly one extra label), created by the oldest Ingress with a rule for it;
/// its root location is that Ingress's <c>defaultBackend</c>, else the controller's default backend (404). A request whose host has a server
/// never falls back to host-less rules.</item>
/// <item>The catch-all server takes rules without a host; its root is the oldest Ingress with a <c>defaultBackend</c> and no rules, else 404.</item>
/// <item>Paths of every Ingress for a host are merged; the same path with the same type in a younger Ingress is ignored (oldest wins), except that a
/// <c>Prefix /</c> path replaces the server's default root. <c>ImplementationSpecific</c> is treated as <c>Prefix</c>.</item>
/// <item>Matching follows the Ingress spec: <c>Exact</c> is a case-sensitive string match; <c>Prefix</c> matches element-wise on <c>/</c> ignoring a
/// trailing slash; the longest match wins and <c>Exact</c> beats <c>Prefix</c> of the same length.</item>
/// </list>
/// The table is immutable; the controller builds a new one when its inputs change.
/// </summary>
internal sealed class IngressRouteTable
{
    /// <summary>The label EndpointSlices carry naming their Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly Dictionary<string, Server> _exact;
    private readonly Dictionary<string, Server> _wildcard;
    private readonly Server _catchAll;

    private IngressRouteTable(Dictionary<string, Server> exact, Dictionary<string, Server> wildcard, Server catchAll)
    {
        _exact = exact;
        _wildcard = wildcard;
        _catchAll = catchAll;
    }

    /// <summary>A table that answers every request with the controller's default backend.</summary>
    public static IngressRouteTable Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase), new Server(IngressRoute.NotFound));

    /// <summary>The hosts with a server of their own (exact and wildcard), for diagnostics.</summary>
    public IEnumerable<string> Hosts => _exact.Keys.Concat(_wildcard.Keys.Select(k => "*." + k)).Order(StringComparer.Ordinal);

    /// <summary>Compiles the table.</summary>
    /// <param name="ingresses">The Ingresses this controller serves (already filtered by class), in any order.</param>
    /// <param name="services">Looks a Service up by namespace and name.</param>
    /// <param name="slices">Lists the EndpointSlices of a Service by namespace and Service name.</param>
    public static IngressRouteTable Build(IEnumerable<Models.Ingress> ingresses, Func<string, string, Service?> services,
        Func<string, string, IEnumerable<EndpointSlice>> slices)
    {
        var ordered = ingresses.ToList();
        ordered.Sort(Older);
        var resolver = new BackendResolver(services, slices);

        // The catch-all server: its root is the oldest Ingress with a default backend and no rules (ingress-nginx's special case).
        var catchAllRoot = IngressRoute.NotFound;
        foreach (var ing in ordered)
            if (ing.Spec?.DefaultBackend is { Service: not null } db && (ing.Spec.Rules ?? []).Count == 0)
            {
                catchAllRoot = resolver.Resolve(ing, db.Service);
                break;
            }
        var catchAll = new Server(catchAllRoot);
        var exact = new Dictionary<string, Server>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, Server>(StringComparer.OrdinalIgnoreCase);

        // Servers: the first (oldest) Ingress naming a host creates its server, with its own default backend as the root.
        foreach (var ing in ordered)
        {
            var root = ing.Spec?.DefaultBackend is { Service: not null } db ? resolver.Resolve(ing, db.Service) : IngressRoute.NotFound;
            foreach (var rule in ing.Spec?.Rules ?? [])
            {
                if (string.IsNullOrEmpty(rule.Host)) continue;
                var (map, key) = rule.Host.StartsWith("*.", StringComparison.Ordinal) ? (wildcard, rule.Host[2..]) : (exact, rule.Host);
                if (!map.ContainsKey(key)) map[key] = new Server(root);
            }
        }

        // Locations: every path of every rule, oldest Ingress first.
        foreach (var ing in ordered)
        {
            foreach (var rule in ing.Spec?.Rules ?? [])
            {
                var server = string.IsNullOrEmpty(rule.Host) ? catchAll
                    : rule.Host.StartsWith("*.", StringComparison.Ordinal) ? wildcard[rule.Host[2..]] : exact[rule.Host];
                foreach (var path in rule.Http?.Paths ?? [])
                {
                    if (path.Backend?.Service is not { } backend) continue; // resource backends are not served (ingress-nginx skips them too)
                    var exactType = path.PathType == "Exact";
                    var value = string.IsNullOrEmpty(path.Path) ? "/" : path.Path;
                    server.Add(new Location(exactType ? value : TrimTrailingSlash(value), exactType, resolver.Resolve(ing, backend)));
                }
            }
        }
        return new IngressRouteTable(exact, wildcard, catchAll);
    }

    /// <summary>Routes a request by its Host header (port and trailing dot ignored, case-insensitive) and its decoded path.</summary>
    public IngressRoute Match(string? host, string path)
    {
        var server = FindServer(NormalizeHost(host));
        return server.Match(string.IsNullOrEmpty(path) ? "/" : path);
    }

    private Server FindServer(string host)
    {
        if (host.Length == 0) return _catchAll;
        if (_exact.TryGetValue(host, out var server)) return server;
        // "*.example.com" matches one label: "a.example.com", not "example.com" nor "a.b.example.com".
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && IsLabel(host.AsSpan(0, dot)) && _wildcard.TryGetValue(host[(dot + 1)..], out server)) return server;
        return _catchAll;
    }

    private static bool IsLabel(ReadOnlySpan<char> label)
    {
        foreach (var c in label)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        return true;
    }

    /// <summary>Lower-cases a Host header value and strips its port and a trailing dot (IPv6 literals keep their brackets).</summary>
    internal static string NormalizeHost(string? host)
    {
        if (string.IsNullOrEmpty(host)) return "";
        var h = host;
        if (h.StartsWith('['))
        {
            var end = h.IndexOf(']', StringComparison.Ordinal);
            h = end < 0 ? h : h[..(end + 1)];
        }
        else
        {
            var colon = h.LastIndexOf(':');
            if (colon >= 0) h = h[..colon];
        }
        return h.TrimEnd('.').ToLowerInvariant();
    }

    private static string TrimTrailingSlash(string path) => path.Length > 1 ? path.TrimEnd('/') is { Length: > 0 } t ? t : "/" : path;

    /// <summary>ingress-nginx's order: older first; equal timestamps by <c>namespace/name</c>, greater first.</summary>
    private static int Older(Models.Ingress a, Models.Ingress b)
    {
        var ta = a.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue;
        var tb = b.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue;
        var c = ta.CompareTo(tb);
        return c != 0 ? c : string.CompareOrdinal(Key(b), Key(a));
    }

    private static string Key(Models.Ingress i) => $"{i.Metadata.Namespace}/{i.Metadata.Name}";

    /// <summary>A location: an exact path, or a prefix normalized without its trailing slash (<c>/</c> for the root).</summary>
    private sealed record Location(string Path, bool Exact, IngressRoute Route)
    {
        public bool Matches(string request) => Exact
            ? string.Equals(request, Path, StringComparison.Ordinal)
            : Path == "/" || (request.StartsWith(Path, StringComparison.Ordinal) && (request.Length == Path.Length || request[Path.Length] == '/'));
    }

    private sealed class Server(IngressRoute root)
    {
        private readonly List<Location> _locations = [];
        private IngressRoute _root = root;
        private bool _rootIsDefault = true;

        public void Add(Location location)
        {
            if (!location.Exact && location.Path == "/")
            {
                // A "Prefix /" path takes the server's default root once; a later one is a conflict and loses.
                if (_rootIsDefault) { _root = location.Route; _rootIsDefault = false; }
                return;
            }
            foreach (var existing in _locations)
                if (existing.Exact == location.Exact && existing.Path == location.Path) return; // oldest Ingress wins
            _locations.Add(location);
        }

        public IngressRoute Match(string path)
        {
            Location? best = null;
            foreach (var l in _locations)
            {
                if (!l.Matches(path)) continue;
                if (best is null || l.Path.Length > best.Path.Length || (l.Path.Length == best.Path.Length && l.Exact && !best.Exact)) best = l;
            }
            return best?.Route ?? _root;
        }
    }

    /// <summary>Resolves Ingress backends to Service ports and checks that they have ready endpoints.</summary>
    private sealed class BackendResolver(Func<string, string, Service?> services, Func<string, string, IEnumerable<EndpointSlice>> slices)
    {
        public IngressRoute Resolve(Models.Ingress ing, IngressServiceBackend backend)
        {
            var ns = ing.Metadata.Namespace ?? "default";
            var key = $"{ns}/{ing.Metadata.Name}";
            var svc = services(ns, backend.Name);
            if (svc is null) return new(IngressRouteKind.Unavailable, ns, backend.Name, 0, key, $"service \"{ns}/{backend.Name}\" not found");
            var ports = svc.Spec?.Ports ?? [];
            ServicePort? port = backend.Port switch
            {
                { Name: { Length: > 0 } name } => ports.FirstOrDefault(p => p.Name == name),
                { Number: { } number } => ports.FirstOrDefault(p => p.Port == number),
                _ => null,
            };
            var external = svc.Spec?.Type == "ExternalName";
            if (port is null)
            {
                // An ExternalName Service may have no ports: forward to the number asked for.
                if (external && backend.Port?.Number is { } n) return new(IngressRouteKind.Service, ns, backend.Name, n, key);
                var wanted = backend.Port?.Name is { Length: > 0 } pn ? $"named \"{pn}\"" : backend.Port?.Number is { } pnum ? pnum.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(none)";
                return new(IngressRouteKind.Unavailable, ns, backend.Name, 0, key, $"service \"{ns}/{backend.Name}\" has no port {wanted}");
            }
            if (!external && !HasReadyEndpoint(ns, backend.Name, port.Name ?? ""))
                return new(IngressRouteKind.Unavailable, ns, backend.Name, port.Port, key, $"service \"{ns}/{backend.Name}\" has no ready endpoints");
            return new(IngressRouteKind.Service, ns, backend.Name, port.Port, key);
        }

        private bool HasReadyEndpoint(string ns, string service, string portName)
        {
            foreach (var slice in slices(ns, service))
            {
                if (!(slice.Ports ?? []).Any(p => (p.Name ?? "") == portName)) continue;
                foreach (var e in slice.Endpoints ?? [])
                    if (e.Conditions?.Ready != false && (e.Addresses ?? []).Count > 0) return true; // unset "ready" means ready
            }
            return false;
        }
    }
}
