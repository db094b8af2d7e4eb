using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using KubeCore.Events;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>
/// Binds each node port on the host's loopback address, like a kind port mapping: a TCP connection to
/// 127.0.0.1:&lt;nodePort&gt; goes through the service proxy to an endpoint, byte for byte (HTTP or any TCP protocol). A port
/// already taken on the host is reported on the Service as a Warning event, not a failure.
/// </summary>
internal sealed class NodePortExposer : IAsyncDisposable
{
    /// <summary>The reason of the event recorded when a node port cannot be bound on the host.</summary>
    public const string BindFailedReason = "FailedToBindNodePort";

    private readonly ClusterNetwork _network;
    private readonly ServiceTable _table;
    private readonly EventRecorder _events;
    private readonly Channel<(ServicePortEntry? Old, ServicePortEntry? New)> _changes = Channel.CreateUnbounded<(ServicePortEntry?, ServicePortEntry?)>();
    private readonly ConcurrentDictionary<int, Bound> _bound = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    private NodePortExposer(ClusterNetwork network, ServiceTable table)
    {
        _network = network;
        _table = table;
        _events = new EventRecorder(network.Cluster.Client, network.Cluster.TimeProvider, new EventRecorderOptions { Component = "kube-proxy" });
        table.Changed += OnChanged;
        _loop = Task.Run(RunAsync);
    }

    public static async Task<NodePortExposer> StartAsync(ClusterNetwork network, CancellationToken cancellationToken) =>
        new(network, await network.TableAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The node ports bound on the host now.</summary>
    public IReadOnlyCollection<int> BoundPorts => [.. _bound.Keys];

    private void OnChanged(ServicePortEntry? old, ServicePortEntry? fresh) => _changes.Writer.TryWrite((old, fresh));

    private async Task RunAsync()
    {
        try
        {
            await foreach (var (old, fresh) in _changes.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (old?.NodePort is { } was && was != fresh?.NodePort && _bound.TryGetValue(was, out var gone))
                {
                    gone.Stop(); // closed before it stops being listed, so "not exposed" means the host port is free
                    _bound.TryRemove(was, out _);
                }
                if (fresh?.NodePort is { } port && !_bound.ContainsKey(port)) Bind(fresh, port);
            }
        }
        catch (OperationCanceledException) { }
    }

    private void Bind(ServicePortEntry entry, int port)
    {
        var address = _network.Options.LoopbackAddress;
        var listener = new TcpListener(address, port);
        try { listener.Start(); }
        catch (SocketException e)
        {
            listener.Dispose();
            _events.Record(entry.Service, EventTypes.Warning, BindFailedReason,
                $"can't bind node port {port} on {address}: listen tcp {address}:{port}: bind: {(e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : e.Message)}; the Service is still reachable inside the cluster");
            return;
        }
        var bound = new Bound(listener, CancellationTokenSource.CreateLinkedTokenSource(_stop.Token));
        _bound[port] = bound;
        _ = Task.Run(() => AcceptAsync(bound, port));
    }

    private async Task AcceptAsync(Bound bound, int port)
    {
        while (!bound.Stopping.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await bound.Listener.AcceptSocketAsync(bound.Stopping.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => RelayAsync(socket, port, bound.Stopping.Token));
        }
    }

    private async Task RelayAsync(Socket socket, int port, CancellationToken stopping)
    {
        using var _ = socket;
        socket.NoDelay = true;
        var client = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.Loopback;
        Stream upstream;
        try
        {
            if (_table.FindByNodePort(port) is not { } entry) throw NetworkErrors.Refused(new IPEndPoint(_network.Options.LoopbackAddress, port));
            upstream = await _network.ConnectServiceAsync(entry, new IPEndPoint(_network.Options.LoopbackAddress, port), client, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // No endpoint: reset the connection, the nearest a listening socket gets to kube-proxy's REJECT.
            socket.LingerState = new LingerOption(true, 0);
            return;
        }
        await using (upstream.ConfigureAwait(false))
        {
            using var network = new NetworkStream(socket, ownsSocket: false);
            await Relay.RunAsync(network, upstream, () => socket.Shutdown(SocketShutdown.Send), stopping).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _table.Changed -= OnChanged;
        await _stop.CancelAsync().ConfigureAwait(false);
        _changes.Writer.TryComplete();
        foreach (var b in _bound.Values) b.Stop();
        _bound.Clear();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await _events.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed record Bound(TcpListener Listener, CancellationTokenSource Stopping)
    {
        public void Stop()
        {
            try { Stopping.Cancel(); } catch (ObjectDisposedException) { }
            Listener.Stop();
        }
    }
}

/// <summary>Copies bytes both ways between two connections until both directions end.</summary>
internal static class Relay
{
    /// <summary>
    /// Relays <paramref name="client"/> ⇄ <paramref name="upstream"/>: when the client stops sending, the upstream stream is
    /// closed for writing; when the upstream ends, <paramref name="closeClientWrites"/> half-closes the client.
    /// </summary>
    public static async Task RunAsync(Stream client, Stream upstream, Action closeClientWrites, CancellationToken cancellationToken)
    {
        var up = CopyAsync(client, upstream, () => (upstream as DuplexPipeStream)?.CompleteWrites(), cancellationToken);
        var down = CopyAsync(upstream, client, closeClientWrites, cancellationToken);
        await Task.WhenAll(up, down).ConfigureAwait(false);
    }

    private static async Task CopyAsync(Stream from, Stream to, Action? done, CancellationToken cancellationToken)
    {
        try { await from.CopyToAsync(to, 16 * 1024, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
        try { done?.Invoke(); } catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { }
    }
}
