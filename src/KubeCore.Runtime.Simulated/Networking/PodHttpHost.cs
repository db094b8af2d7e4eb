using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>
/// One Kestrel server that speaks HTTP/1.1 for every in-process workload's HTTP port, over in-memory connections instead of
/// sockets: a connection to a pod's port is a pair of pipes handed to Kestrel, and each request goes to the
/// <see cref="RequestDelegate"/> of the port the connection was opened to. So what reaches a workload is real HTTP, parsed
/// once, whether it came from the in-process client, a loopback socket or the ingress controller.
/// </summary>
internal sealed class PodHttpHost : IAsyncDisposable
{
    private readonly InMemoryTransport _transport = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private KestrelServer? _server;
    private ServiceProvider? _services;

    /// <summary>Opens a connection to <paramref name="listener"/>'s HTTP app; the result is the client's end.</summary>
    public async ValueTask<Stream> ConnectAsync(PodListener listener, EndPoint remote, Action? onClose, CancellationToken cancellationToken)
    {
        if (_server is null) await StartAsync(cancellationToken).ConfigureAwait(false);
        return _transport.Connect(listener, remote, onClose);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_server is not null) return;
            _services = new ServiceCollection().AddLogging().BuildServiceProvider();
            var options = new KestrelServerOptions { ApplicationServices = _services, AddServerHeader = false };
            options.Listen(new InMemoryEndPoint(), o => o.Protocols = HttpProtocols.Http1);
            // Kestrel's request limits are a server's business, not a simulation's: a workload sees what the client sent.
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MinResponseDataRate = null;
            var server = new KestrelServer(Options.Create(options), _transport, NullLoggerFactory.Instance);
            await server.StartAsync(new Application(), cancellationToken).ConfigureAwait(false);
            _server = server;
        }
        finally { _startGate.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await server.StopAsync(timeout.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
            server.Dispose();
        }
        if (_services is not null) await _services.DisposeAsync().ConfigureAwait(false);
        _startGate.Dispose();
    }

    /// <summary>Dispatches each request to the app of the pod port its connection was opened to.</summary>
    private sealed class Application : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public async Task ProcessRequestAsync(HttpContext context)
        {
            if (context.Features.Get<PodListenerFeature>()?.Listener is not { Http: { } app } listener)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return;
            }
            // A port that is closing answers the requests already on a connection and then closes it, like a server draining.
            if (listener.Closing) context.Response.Headers.Connection = "close";
            await app(context).ConfigureAwait(false);
        }

        public void DisposeContext(HttpContext context, Exception? exception) { }
    }

    /// <summary>Carries the pod port a connection belongs to, found again per request through the connection's features.</summary>
    internal sealed record PodListenerFeature(PodListener Listener);

    private sealed class InMemoryEndPoint : EndPoint
    {
        public override string ToString() => "kubecore-pods";
    }

    /// <summary>Kestrel's transport for in-memory connections: <see cref="Connect"/> queues the server's end for Kestrel to accept.</summary>
    private sealed class InMemoryTransport : IConnectionListenerFactory, IConnectionListenerFactorySelector, IConnectionListener
    {
        private readonly Channel<ConnectionContext> _accepts = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleReader = false });
        private long _ids;

        public EndPoint EndPoint { get; private set; } = new InMemoryEndPoint();

        public bool CanBind(EndPoint endpoint) => endpoint is InMemoryEndPoint;

        public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
        {
            EndPoint = endpoint;
            return ValueTask.FromResult<IConnectionListener>(this);
        }

        public Stream Connect(PodListener listener, EndPoint remote, Action? onClose)
        {
            var toServer = new Pipe();
            var toClient = new Pipe();
            var connection = new InMemoryConnection("kubecore-" + Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture),
                new Duplex(toServer.Reader, toClient.Writer), listener.EndPoint, remote);
            connection.Features.Set(new PodListenerFeature(listener));
            connection.Owner = listener;
            listener.Track(connection);
            if (!_accepts.Writer.TryWrite(connection)) throw NetworkErrors.Refused(listener.EndPoint);
            return new DuplexPipeStream(toClient.Reader, toServer.Writer, onClose);
        }

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try { return await _accepts.Reader.ReadAsync(cancellationToken).ConfigureAwait(false); }
            catch (ChannelClosedException) { return null; }
            catch (OperationCanceledException) { return null; }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            _accepts.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _accepts.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>The server's end of an in-memory connection.</summary>
    internal sealed class InMemoryConnection : ConnectionContext
    {
        private readonly CancellationTokenSource _closed = new();

        public InMemoryConnection(string id, IDuplexPipe transport, EndPoint local, EndPoint remote)
        {
            ConnectionId = id;
            Transport = transport;
            LocalEndPoint = local;
            RemoteEndPoint = remote;
            ConnectionClosed = _closed.Token;
        }

        public override string ConnectionId { get; set; }
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
        public override IDuplexPipe Transport { get; set; }
        /// <summary>The pod port the connection was opened to.</summary>
        public PodListener? Owner { get; set; }

        /// <summary>Asks Kestrel to finish the request in flight and close (idle connections close at once).</summary>
        public void RequestClose() => Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();

        public override void Abort(ConnectionAbortedException abortReason)
        {
            Transport.Input.CancelPendingRead();
            Transport.Output.Complete(abortReason);
            try { _closed.Cancel(); } catch (ObjectDisposedException) { }
        }

        public override ValueTask DisposeAsync()
        {
            Owner?.Untrack(this);
            Transport.Input.Complete();
            Transport.Output.Complete();
            try { _closed.Cancel(); } catch (ObjectDisposedException) { }
            _closed.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
