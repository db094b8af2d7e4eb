using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Networking.Dns;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>
/// A cluster's simulated network: pod IPs that in-process workloads listen on, and the service proxy in front of them. A
/// connection to a Service (by DNS name, ClusterIP:port, node address:nodePort or load-balancer IP:port) goes to one of its
/// ready endpoints, picked per <see cref="ClusterNetworkOptions.LoadBalancing"/> and <c>sessionAffinity</c>; a Service without
/// ready endpoints refuses the connection, as kube-proxy rejects it. Get it with <c>cluster.GetClusterNetwork()</c>.
/// </summary>
/// <example><code>
/// using var http = cluster.GetClusterNetwork().CreateHttpClient();
/// var hello = await http.GetStringAsync("http://hello-k8s-service/");          // default namespace, port 80
/// var api = await http.GetStringAsync("http://orders.shop.svc.cluster.local:8080/v1/orders");
/// </code></example>
public sealed class ClusterNetwork : IAsyncDisposable
{
    private static readonly ConditionalWeakTable<KubeCluster, ClusterNetwork> Networks = new();

    private readonly KubeCluster _cluster;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly ConcurrentDictionary<(string Ns, string Name, int Port), StrongBox<long>> _turns = new();
    private readonly ConcurrentDictionary<IPEndPoint, StrongBox<int>> _open = new();
    private readonly ConcurrentDictionary<(string Ns, string Name, int Port, IPAddress Client), (IPEndPoint Endpoint, DateTimeOffset Expires)> _affinity = new();
    private readonly object _randomGate = new();
    private Random? _random;
    private volatile ServiceTable? _table;
    private Lister<Node>? _nodes;
    private int _disposed;
    private long _dnsTurn;
    private ClusterDns? _dns;

    private ClusterNetwork(KubeCluster cluster) => _cluster = cluster;

    /// <summary>The network of <paramref name="cluster"/> (one per cluster, created on first use).</summary>
    internal static ClusterNetwork For(KubeCluster cluster) => Networks.GetValue(cluster, c => new ClusterNetwork(c));

    /// <summary>The network's settings; change them before traffic flows.</summary>
    public ClusterNetworkOptions Options { get; } = new();

    internal PodNetwork Pods { get; } = new();

    /// <summary>The loopback node-port listeners, when <see cref="ClusterNetworkOptions.ExposeNodePorts"/> is on.</summary>
    internal NodePortExposer? Exposer { get; set; }

    /// <summary>The node ports bound on <see cref="ClusterNetworkOptions.LoopbackAddress"/> now (empty unless <see cref="ClusterNetworkOptions.ExposeNodePorts"/>).</summary>
    public IReadOnlyCollection<int> ExposedNodePorts => Exposer?.BoundPorts ?? [];

    internal KubeCluster Cluster => _cluster;

    /// <summary>
    /// An <see cref="HttpMessageHandler"/> whose connections go through the cluster network, so URLs name Services
    /// (<c>http://svc</c>, <c>http://svc.ns:8080</c>, <c>http://svc.ns.svc.cluster.local</c>), ClusterIPs, node ports or pod IPs.
    /// </summary>
    /// <param name="clientAddress">The address the requests come from (default <see cref="ClusterNetworkOptions.ClientAddress"/>).</param>
    /// <param name="reuseConnections">
    /// Keep connections open between requests. Default false: each request opens a new connection, so each is balanced anew,
    /// like a loop of <c>curl</c> calls. With true, a kept-alive connection stays with its pod, as through kube-proxy.
    /// </param>
    public HttpMessageHandler CreateHttpHandler(IPAddress? clientAddress = null, bool reuseConnections = false)
    {
        var client = clientAddress ?? Options.ClientAddress;
        return new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = reuseConnections ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            ConnectCallback = async (context, ct) => await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, client, ct).ConfigureAwait(false),
        };
    }

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreateHttpHandler"/>.</summary>
    public HttpClient CreateHttpClient(IPAddress? clientAddress = null, bool reuseConnections = false) =>
        new(CreateHttpHandler(clientAddress, reuseConnections), disposeHandler: true);

    /// <summary>
    /// Starts a <see cref="RequestLoop"/>: GETs <paramref name="url"/> (a Service URL, e.g. <c>http://hello/</c>) one after
    /// another, each on a new connection, until disposed.
    /// </summary>
    public RequestLoop StartRequestLoop(string url, IPAddress? clientAddress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        return new RequestLoop(CreateHttpClient(clientAddress), url);
    }

    /// <summary>Opens a TCP connection to <paramref name="host"/>:<paramref name="port"/> inside the cluster.</summary>
    /// <exception cref="SocketException">Connection refused (nothing listens, or the Service has no ready endpoints) or unknown host.</exception>
    public ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, null, cancellationToken);

    /// <summary>Opens a TCP connection from <paramref name="clientAddress"/> to <paramref name="host"/>:<paramref name="port"/> inside the cluster.</summary>
    /// <exception cref="SocketException">Connection refused (nothing listens, or the Service has no ready endpoints) or unknown host.</exception>
    public async ValueTask<Stream> ConnectAsync(string host, int port, IPAddress? clientAddress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var client = clientAddress ?? Options.ClientAddress;
        var requested = new DnsEndPoint(host, port);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) addresses = [literal];
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) addresses = [IPAddress.Loopback];
        else
        {
            addresses = Resolve(host);
            if (addresses.Length == 0) throw NetworkErrors.UnknownHost(host);
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try { return await ConnectAddressAsync(table, new IPEndPoint(address, port), requested, client, cancellationToken).ConfigureAwait(false); }
            catch (SocketException e) { last = e; }
        }
        throw last!;
    }

    /// <summary>
    /// The endpoints the service proxy sends new connections for a Service port to right now (ready ones, else serving
    /// terminating ones), as pod address and target port; empty when it has none or the Service does not exist.
    /// </summary>
    /// <param name="namespace">The Service's namespace.</param>
    /// <param name="service">The Service's name.</param>
    /// <param name="port">The Service port (<c>spec.ports[].port</c>); null: its first port.</param>
    /// <param name="cancellationToken">Cancels waiting for the first sync of Services and EndpointSlices.</param>
    public async ValueTask<IReadOnlyList<IPEndPoint>> GetEndpointsAsync(string @namespace, string service, int? port = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(service);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entry = table.FindPort(@namespace, service, port);
        return entry is null ? [] : [.. entry.Usable().Select(e => e.Address)];
    }

    /// <summary>How long a connection waits, on the cluster clock, for routes to change when every endpoint it tried has gone (TCP's SYN retries).</summary>
    private static readonly TimeSpan RouteChangeWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Connects to a Service port: one of its usable endpoints, trying the next when one does not answer. When every
    /// endpoint tried belonged to a pod that has just stopped (the proxy's view lags the pods by an informer hop), the
    /// connection waits for the routes to change and tries again, as a TCP client's SYN retransmission outlasts
    /// kube-proxy's update; endpoints nothing ever listened on refuse at once.
    /// </summary>
    internal async ValueTask<Stream> ConnectServiceAsync(ServicePortEntry entry, EndPoint requested, IPAddress client, CancellationToken cancellationToken)
    {
        var table = _table!;
        var time = _cluster.TimeProvider;
        var deadline = time.GetUtcNow() + RouteChangeWait;
        while (true)
        {
            var changed = table.NextChange;
            var current = table.FindPort(entry.Namespace, entry.Name, entry.Port.Port) ?? entry;
            var candidates = current.Usable().ToList();
            if (candidates.Count == 0) throw NetworkErrors.Refused(requested, $"service {current.Display} has no ready endpoints");
            var lost = false;
            while (candidates.Count > 0)
            {
                var pick = Pick(current, candidates, client);
                if (Pods.Find(pick.Address) is null)
                {
                    // Gone before its EndpointSlice said so: the connection was never made, so try another.
                    lost |= Pods.StoppedListening(pick.Address);
                    candidates.Remove(pick);
                    _affinity.TryRemove((current.Namespace, current.Name, current.Port.Port, client), out _);
                    continue;
                }
                var open = _open.GetOrAdd(pick.Address, _ => new StrongBox<int>());
                Interlocked.Increment(ref open.Value);
                try
                {
                    return await Pods.ConnectAsync(pick.Address, new IPEndPoint(client, 0), () => Interlocked.Decrement(ref open.Value), cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    Interlocked.Decrement(ref open.Value);
                    lost |= Pods.StoppedListening(pick.Address);
                    candidates.Remove(pick);
                }
            }
            var left = deadline - time.GetUtcNow();
            if (!lost || left <= TimeSpan.Zero) throw NetworkErrors.Refused(requested, $"no endpoint of service {current.Display} accepted the connection");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expired = Task.Delay(left, time, timeout.Token);
            await Task.WhenAny(changed, expired).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async ValueTask<Stream> ConnectAddressAsync(ServiceTable table, IPEndPoint target, EndPoint requested, IPAddress client, CancellationToken cancellationToken)
    {
        if (table.FindByAddress(target) is { } entry) return await ConnectServiceAsync(entry, requested, client, cancellationToken).ConfigureAwait(false);
        if (IsNodeAddress(target.Address))
            return table.FindByNodePort(target.Port) is { } byNodePort
                ? await ConnectServiceAsync(byNodePort, requested, client, cancellationToken).ConfigureAwait(false)
                : throw NetworkErrors.Refused(requested);
        return await Pods.ConnectAsync(target, new IPEndPoint(client, 0), null, cancellationToken).ConfigureAwait(false);
    }

    private bool IsNodeAddress(IPAddress address)
    {
        if (IPAddress.IsLoopback(address)) return true;
        var text = address.ToString();
        return _nodes?.List().Any(n => n.Status?.Addresses?.Any(a => a.Address == text) == true) == true;
    }

    /// <summary>Picks an endpoint: the client's affine one while it lasts, else per the Service's policy.</summary>
    private ServiceEndpoint Pick(ServicePortEntry entry, List<ServiceEndpoint> candidates, IPAddress client)
    {
        var spec = entry.Service.Spec;
        var affinity = spec?.SessionAffinity == "ClientIP";
        var now = _cluster.TimeProvider.GetUtcNow();
        var key = (entry.Namespace, entry.Name, entry.Port.Port, client);
        if (affinity && _affinity.TryGetValue(key, out var sticky) && sticky.Expires > now)
            foreach (var c in candidates)
                if (c.Address.Equals(sticky.Endpoint)) { Remember(c); return c; }
        var pick = Policy(entry) switch
        {
            LoadBalancingPolicy.Random => candidates[NextRandom(candidates.Count)],
            LoadBalancingPolicy.LeastConnections => LeastConnected(entry, candidates),
            _ => candidates[NextTurn(entry, candidates.Count)],
        };
        if (affinity) Remember(pick);
        return pick;

        void Remember(ServiceEndpoint e) =>
            _affinity[key] = (e.Address, now + TimeSpan.FromSeconds(spec?.SessionAffinityConfig?.ClientIP?.TimeoutSeconds ?? 10800));
    }

    private LoadBalancingPolicy Policy(ServicePortEntry entry) =>
        entry.Service.Metadata.Annotations?.GetValueOrDefault(ClusterNetworkOptions.LoadBalancingAnnotation) switch
        {
            "round-robin" => LoadBalancingPolicy.RoundRobin,
            "random" => LoadBalancingPolicy.Random,
            "least-connections" => LoadBalancingPolicy.LeastConnections,
            _ => Options.LoadBalancing,
        };

    private int NextTurn(ServicePortEntry entry, int count)
    {
        var turn = _turns.GetOrAdd((entry.Namespace, entry.Name, entry.Port.Port), _ => new StrongBox<long>(-1));
        return (int)((ulong)Interlocked.Increment(ref turn.Value) % (ulong)count);
    }

    private int NextRandom(int count)
    {
        lock (_randomGate)
        {
            _random ??= new Random(Options.Seed);
            return _random.Next(count);
        }
    }

    private ServiceEndpoint LeastConnected(ServicePortEntry entry, List<ServiceEndpoint> candidates)
    {
        // Ties go round-robin, so an idle Service still spreads its connections.
        var start = NextTurn(entry, candidates.Count);
        ServiceEndpoint? best = null;
        var fewest = int.MaxValue;
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[(start + i) % candidates.Count];
            var open = _open.TryGetValue(c.Address, out var box) ? Volatile.Read(ref box.Value) : 0;
            if (open < fewest) { fewest = open; best = c; }
        }
        return best!;
    }

    /// <summary>
    /// Resolves a host name as a pod in <see cref="ClusterNetworkOptions.ClientNamespace"/> would, through <see cref="Dns"/>.
    /// Several addresses (a headless Service's pods) come rotated per lookup, as CoreDNS's <c>loadbalance</c> plugin does.
    /// </summary>
    private IPAddress[] Resolve(string host)
    {
        var addresses = _dns!.ResolveAddresses(host, Options.ClientNamespace);
        if (addresses.Count <= 1) return [.. addresses];
        var start = (int)((ulong)Interlocked.Increment(ref _dnsTurn) % (ulong)addresses.Count);
        return [.. addresses.Skip(start), .. addresses.Take(start)];
    }

    /// <summary>The cluster's DNS (CoreDNS's kubernetes plugin): what names clients of this network resolve. Started on first use.</summary>
    /// <exception cref="InvalidOperationException">The network has not been used yet; call <see cref="GetDnsAsync"/>.</exception>
    public ClusterDns Dns => _dns ?? throw new InvalidOperationException("the cluster DNS starts with the network's first use; await GetDnsAsync()");

    /// <summary>The cluster's DNS, started (with <see cref="ClusterNetworkOptions.ClusterDomain"/>) if it was not yet.</summary>
    public async ValueTask<ClusterDns> GetDnsAsync(CancellationToken cancellationToken = default)
    {
        await TableAsync(cancellationToken).ConfigureAwait(false);
        return _dns!;
    }

    /// <summary>The Service table, following Services and EndpointSlices from the first call on (with the DNS).</summary>
    internal async ValueTask<ServiceTable> TableAsync(CancellationToken cancellationToken)
    {
        if (_table is { } table) return table;
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_table is not null) return _table;
            var services = _cluster.Informers.GetInformer<Service>();
            var slices = _cluster.Informers.GetInformer<EndpointSlice>();
            var nodes = _cluster.Informers.GetInformer<Node>();
            services.Start(); slices.Start(); nodes.Start();
            await Task.WhenAll(services.WaitForSyncAsync(cancellationToken), slices.WaitForSyncAsync(cancellationToken), nodes.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
            _nodes = nodes.Lister;
            _dns = await ClusterDns.StartAsync(_cluster, new ClusterDnsOptions { ClusterDomain = Options.ClusterDomain }, cancellationToken).ConfigureAwait(false);
            return _table = new ServiceTable(services, slices);
        }
        finally { _startGate.Release(); }
    }


    /// <summary>Stops the network: closes the workloads' HTTP server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (Exposer is { } exposer) await exposer.DisposeAsync().ConfigureAwait(false);
        _table?.Dispose();
        if (_dns is not null) await _dns.DisposeAsync().ConfigureAwait(false);
        await Pods.DisposeAsync().ConfigureAwait(false);
        Networks.Remove(_cluster);
    }
}
