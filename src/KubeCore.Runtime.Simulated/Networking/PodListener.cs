using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>Handles one plain TCP connection to a workload's port; the token fires when the container stops.</summary>
/// <param name="connection">The connection: read what the client sends, write the reply; dispose it to close.</param>
/// <param name="cancellationToken">Fires when the container is stopping.</param>
public delegate Task TcpConnectionHandler(Stream connection, CancellationToken cancellationToken);

/// <summary>A port a running container listens on: HTTP served by Kestrel, or plain TCP.</summary>
internal sealed class PodListener
{
    private readonly ConcurrentDictionary<object, byte> _connections = new();
    private readonly CancellationTokenSource _closing = new();

    public PodListener(IPAddress podIp, int port, PodRef pod, string container, RequestDelegate? http, TcpConnectionHandler? tcp)
    {
        EndPoint = new IPEndPoint(podIp, port);
        Pod = pod;
        Container = container;
        Http = http;
        Tcp = tcp;
    }

    public IPEndPoint EndPoint { get; }
    public PodRef Pod { get; }
    public string Container { get; }
    public RequestDelegate? Http { get; }
    public TcpConnectionHandler? Tcp { get; }
    /// <summary>Set when the container stops: no new connections; open HTTP connections finish their request and close.</summary>
    public bool Closing => _closing.IsCancellationRequested;
    public CancellationToken Stopping => _closing.Token;

    public void Track(object connection) => _connections[connection] = 0;
    public void Untrack(object connection) => _connections.TryRemove(connection, out _);

    /// <summary>Stops accepting; HTTP connections are asked to close after the request in flight, TCP handlers see their token fire.</summary>
    public void Close()
    {
        try { _closing.Cancel(); } catch (ObjectDisposedException) { }
        foreach (var connection in _connections.Keys)
            if (connection is PodHttpHost.InMemoryConnection http) http.RequestClose();
    }
}

/// <summary>The pod a listener belongs to.</summary>
internal readonly record struct PodRef(string Namespace, string Name);
