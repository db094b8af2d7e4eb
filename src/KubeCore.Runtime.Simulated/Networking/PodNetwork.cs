using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>
/// The pod network of one cluster: which pod IP and port each running container listens on, and connections to them.
/// Listeners are added when a workload calls <c>ServeHttp</c>/<c>ServeTcp</c> (or a container without a workload declares
/// ports) and removed when the container stops.
/// </summary>
internal sealed class PodNetwork : IAsyncDisposable
{
    private readonly ConcurrentDictionary<IPEndPoint, PodListener> _listeners = new();
    private readonly PodHttpHost _http = new();
    private readonly ConcurrentDictionary<IPEndPoint, byte> _closed = new();
    private static readonly HttpRequestOptionsKey<IPAddress> ProbeSource = new("kubecore.probe-source");
    private HttpClient? _probeClient;

    /// <summary>Starts listening; fails like bind(2) when the pod's port is taken.</summary>
    /// <exception cref="InvalidOperationException">Another container of the pod already listens on the port.</exception>
    public void Bind(PodListener listener)
    {
        if (!_listeners.TryAdd(listener.EndPoint, listener))
            throw new InvalidOperationException($"listen tcp {listener.EndPoint}: bind: address already in use");
        _closed.TryRemove(listener.EndPoint, out _);
    }

    /// <summary>Stops listening (if <paramref name="listener"/> still owns its address) and drains its connections.</summary>
    public void Unbind(PodListener listener)
    {
        if (_listeners.TryRemove(new KeyValuePair<IPEndPoint, PodListener>(listener.EndPoint, listener))) _closed[listener.EndPoint] = 0;
        listener.Close();
    }

    /// <summary>
    /// Whether something listened at the address and stopped (its container stopped or its pod went away), as opposed to an
    /// address nothing ever listened on. A connection to the first is lost in the network (the pod's IP is gone, no reset
    /// comes back) until routes change; to the second it is refused at once.
    /// </summary>
    public bool StoppedListening(IPEndPoint endpoint) => _closed.ContainsKey(endpoint);

    /// <summary>The listener at a pod address, or null.</summary>
    public PodListener? Find(IPEndPoint endpoint) => _listeners.TryGetValue(endpoint, out var l) && !l.Closing ? l : null;

    /// <summary>Whether something listens at a pod address.</summary>
    public bool IsListening(IPEndPoint endpoint) => Find(endpoint) is not null;

    /// <summary>Opens a connection to a pod's port, or fails with connection refused.</summary>
    public async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, EndPoint client, Action? onClose, CancellationToken cancellationToken)
    {
        var listener = Find(endpoint) ?? throw NetworkErrors.Refused(endpoint);
        if (listener.Http is not null)
        {
            return await _http.ConnectAsync(listener, client, onClose, cancellationToken).ConfigureAwait(false);
        }
        var toServer = new Pipe();
        var toClient = new Pipe();
        var server = new DuplexPipeStream(toServer.Reader, toClient.Writer);
        listener.Track(server);
        _ = Task.Run(async () =>
        {
            try { await listener.Tcp!(server, listener.Stopping).ConfigureAwait(false); }
            catch (Exception) { /* a handler that throws resets its connection; the client reads end of stream */ }
            finally
            {
                listener.Untrack(server);
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return new DuplexPipeStream(toClient.Reader, toServer.Writer, onClose);
    }

    /// <summary>
    /// The kubelet's httpGet probe: GET <paramref name="path"/> from the node's address, as <c>kube-probe/1.32</c>, on a new
    /// connection; the status code, or 0 when the connection fails.
    /// </summary>
    public async Task<int> ProbeHttpAsync(IPEndPoint endpoint, string path, IReadOnlyList<Models.HttpHeader>? headers, string nodeIp, CancellationToken cancellationToken)
    {
        var client = _probeClient ??= new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false, UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, ct) => await ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port),
                new IPEndPoint(context.InitialRequestMessage.Options.TryGetValue(ProbeSource, out var from) ? from : IPAddress.Loopback, 0), null, ct).ConfigureAwait(false),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{endpoint}{(path.StartsWith('/') ? path : "/" + path)}");
        request.Headers.TryAddWithoutValidation("User-Agent", "kube-probe/1.32");
        if (IPAddress.TryParse(nodeIp, out var node)) request.Options.Set(ProbeSource, node);
        foreach (var header in headers ?? []) request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException) { return 0; }
    }

    public ValueTask DisposeAsync()
    {
        _probeClient?.Dispose();
        return _http.DisposeAsync();
    }
}
