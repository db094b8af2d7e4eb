using k8s;
using KubeCore.ApiServer;
using KubeCore.Client;
using KubeCore.ApiServer.Handlers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Testing;

/// <summary>
/// A Kubernetes cluster for one test: in-memory, on a virtual clock by default, started in milliseconds and gone when
/// disposed. Talk to it in-process (<see cref="Client"/>), through the official <c>KubernetesClient</c> without sockets
/// (<see cref="CreateKubernetesClient"/>), or over loopback HTTP (<see cref="CreateLoopbackKubernetesClientAsync"/>).
/// </summary>
/// <example><code>
/// await using var cluster = await TestCluster.StartAsync();
/// IKubernetes k8s = cluster.CreateKubernetesClient();
/// await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "settings" } }, "default");
/// </code></example>
public sealed partial class TestCluster : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TestServer? _inProcessServer;
    private HttpMessageHandler? _inProcessHandler;
    private KubeApiServer? _loopback;
    private readonly List<IDisposable> _clients = [];

    private TestCluster(KubeCluster cluster, FakeTimeProvider? virtualTime, TestClusterOptions options)
    {
        Cluster = cluster;
        VirtualTime = virtualTime;
        _options = options;
    }

    private readonly TestClusterOptions _options;

    /// <summary>
    /// Fault injection: the next N requests matching a verb, resource and name fail with a Kubernetes Status or are
    /// delayed on the cluster clock. Applies to both <see cref="CreateKubernetesClient"/> and the loopback server
    /// (every request through the HTTP pipeline), not to the in-process <see cref="Client"/> or the controllers.
    /// </summary>
    /// <example><code>cluster.Faults.When("update", "configmaps", "settings").FailNext(2, HttpStatusCode.Conflict);</code></example>
    public ApiFaults Faults { get; } = new();

    private KubeApiServerOptions ServerOptions() => new() { Faults = Faults };

    /// <summary>The underlying cluster (API, informers, controllers).</summary>
    public KubeCluster Cluster { get; }

    /// <summary>The in-process typed client.</summary>
    public KubeClient Client => Cluster.Client;

    /// <summary>The cluster clock (the virtual one by default): hand it to the code under test so its delays and timeouts run on it.</summary>
    public TimeProvider TimeProvider => Cluster.TimeProvider;

    /// <summary>The virtual clock, or null when the cluster runs on another <see cref="TimeProvider"/>.</summary>
    public FakeTimeProvider? VirtualTime { get; }

    /// <summary>Starts a cluster for a test.</summary>
    public static async Task<TestCluster> StartAsync(Action<TestClusterOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new TestClusterOptions();
        configure?.Invoke(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Nodes);
        var fake = options.TimeProvider is null ? new FakeTimeProvider(options.StartTime) : null;
        var builder = KubeCluster.CreateBuilder().UseTimeProvider(options.TimeProvider ?? fake!);
        if (options.Nodes > 0) builder.AddNodes(options.Nodes);
        if (options.Scheduler ?? options.Nodes > 0) builder.UseScheduler();
        if (options.Controllers) builder.AddBuiltInControllers();
        options.Configure?.Invoke(builder);
        var cluster = await builder.StartAsync(cancellationToken).ConfigureAwait(false);
        return new TestCluster(cluster, fake, options);
    }

    /// <summary>Moves the virtual clock forward (timers, leases, grace periods, back-offs fire as if that time passed).</summary>
    /// <exception cref="InvalidOperationException">The cluster does not run on a virtual clock.</exception>
    public void Advance(TimeSpan by)
    {
        if (VirtualTime is null) throw new InvalidOperationException("this cluster runs on a real clock; pass no TimeProvider to get a virtual one");
        VirtualTime.Advance(by);
    }

    /// <summary>
    /// The official client wired to this cluster in-process: requests go through the same pipeline as the HTTP server
    /// (routing, content negotiation, Status errors, watch streaming) with no sockets. Exec, attach and port-forward
    /// need a WebSocket, so use <see cref="CreateLoopbackKubernetesClientAsync"/> for those.
    /// </summary>
    public IKubernetes CreateKubernetesClient()
    {
        var handler = InProcessHandler();
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://kubecore.test" }, new ForwardingHandler(handler));
        lock (_clients) _clients.Add(client);
        return client;
    }

    /// <summary>The official client over real loopback HTTP (started on first use, stopped with the cluster).</summary>
    public async Task<IKubernetes> CreateLoopbackKubernetesClientAsync(CancellationToken cancellationToken = default)
    {
        var server = await LoopbackServerAsync(cancellationToken).ConfigureAwait(false);
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString() });
        lock (_clients) _clients.Add(client);
        return client;
    }

    /// <summary>The loopback HTTP server (started on first use), e.g. to point kubectl or another process at the cluster.</summary>
    public async Task<KubeApiServer> LoopbackServerAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { return _loopback ??= await KubeApiServer.StartAsync(Cluster, ServerOptions(), cancellationToken: cancellationToken).ConfigureAwait(false); }
        finally { _gate.Release(); }
    }

    private HttpMessageHandler InProcessHandler()
    {
        _gate.Wait();
        try
        {
            if (_inProcessHandler is not null) return _inProcessHandler;
            // A TestServer fed straight by the API pipeline: no web host to build, so it is ready at once.
            var server = new TestServer(EmptyServices, Options.Create(new TestServerOptions { PreserveExecutionContext = false }));
            var api = new KubeHttpApi(Cluster, ServerOptions(), NullLogger.Instance, CancellationToken.None);
            ((IServer)server).StartAsync(new PipelineApplication(api), CancellationToken.None).GetAwaiter().GetResult();
            _inProcessServer = server;
            return _inProcessHandler = server.CreateHandler();
        }
        finally { _gate.Release(); }
    }

    /// <summary>Stops the clients, servers and the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var c in _clients) c.Dispose();
            _clients.Clear();
        }
        if (_loopback is not null) await _loopback.DisposeAsync().ConfigureAwait(false);
        _inProcessServer?.Dispose();
        await Cluster.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private static readonly IServiceProvider EmptyServices = new ServiceCollection().BuildServiceProvider();

    /// <summary>The HTTP application the in-process server runs: every request goes to the API pipeline.</summary>
    private sealed class PipelineApplication(KubeHttpApi api) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => api.HandleAsync(context);

        public void DisposeContext(HttpContext context, Exception? exception) { }
    }

    /// <summary>Hands every request to the in-process pipeline instead of the network.</summary>
    private sealed class ForwardingHandler(HttpMessageHandler inner) : DelegatingHandler
    {
        private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _invoker.Dispose();
            base.Dispose(disposing);
        }
    }
}
