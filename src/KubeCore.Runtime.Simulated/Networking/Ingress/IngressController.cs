namespace KubeCore.Runtime.Simulated.Networking.Ingress;

using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using KubeCore.Api;
using KubeCore.Informers;
using KubeCore.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// A simulated ingress controller: serves the Ingresses of its IngressClass on a loopback HTTP port and routes each
/// request by host and path to a Service, through the backend handler (the cluster's service proxy). Writes
/// <c>status.loadBalancer.ingress</c> on the Ingresses it serves, so <c>kubectl get ingress</c> shows an ADDRESS.
/// Run it with <c>builder.UseIngressController()</c> and find it with <c>cluster.GetIngressController()</c>.
/// </summary>
public sealed class IngressController : IAsyncDisposable
{
    /// <summary>The field manager of the controller's status writes.</summary>
    public const string FieldManager = "kubecore-ingress-controller";

    private readonly KubeCluster _cluster;
    private readonly IngressControllerOptions _options;
    private readonly ILogger _logger;
    private readonly Lister<Models.Ingress> _ingresses;
    private readonly Lister<IngressClass> _classes;
    private readonly Lister<Service> _services;
    private readonly Lister<EndpointSlice> _slices;
    private readonly List<IDisposable> _registrations = [];
    private readonly Channel<bool> _statusWanted = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private IngressRouteTable _table = IngressRouteTable.Empty;
    private volatile bool _dirty = true;
    private HttpMessageHandler? _handler;
    private WebApplication? _app;
    private Task _statusLoop = Task.CompletedTask;

    private IngressController(KubeCluster cluster, IngressControllerOptions options, ILogger logger)
    {
        _cluster = cluster;
        _options = options;
        _logger = logger;
        _ingresses = cluster.Informers.GetInformer<Models.Ingress>().Lister;
        _classes = cluster.Informers.GetInformer<IngressClass>().Lister;
        _services = cluster.Informers.GetInformer<Service>().Lister;
        _slices = cluster.Informers.GetInformer<EndpointSlice>().Lister;
    }

    /// <summary>Where the controller listens, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The port the controller listens on (the one taken when <see cref="IngressControllerOptions.Port"/> is 0).</summary>
    public int Port => BaseAddress.Port;

    /// <summary>The controller's name (<c>spec.controller</c> of its IngressClasses).</summary>
    public string ControllerName => _options.ControllerName;

    /// <summary>The controller's IngressClass name.</summary>
    public string ClassName => _options.ClassName;

    /// <summary>Whether this controller serves <paramref name="ingress"/>, judged by its class as the controller sees the cluster now.</summary>
    public bool Serves(Models.Ingress ingress)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        return IngressClassSelector.Serves(ingress, _classes.List(), _options.ControllerName, _options.ClassName);
    }

    /// <summary>Starts a controller for <paramref name="cluster"/>: creates its IngressClass (if asked), waits for its caches, then listens.</summary>
    /// <exception cref="InvalidOperationException">The address or port cannot be listened on.</exception>
    public static async Task<IngressController> StartAsync(KubeCluster cluster, IngressControllerOptions? options = null, ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        options ??= new IngressControllerOptions();
        if (string.IsNullOrEmpty(options.ControllerName)) throw new ArgumentException("IngressControllerOptions.ControllerName is required", nameof(options));
        if (string.IsNullOrEmpty(options.ClassName)) throw new ArgumentException("IngressControllerOptions.ClassName is required", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        var controller = new IngressController(cluster, options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<IngressController>());
        try
        {
            await controller.RunAsync(loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await controller.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return controller;
    }

    private async Task RunAsync(ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        if (_options.CreateIngressClass) await EnsureIngressClassAsync(cancellationToken).ConfigureAwait(false);

        _registrations.Add(_cluster.Informers.GetInformer<Models.Ingress>().AddEventHandler(_ => Changed(true), (_, _) => Changed(true), _ => Changed(true)));
        _registrations.Add(_cluster.Informers.GetInformer<IngressClass>().AddEventHandler(_ => Changed(true), (_, _) => Changed(true), _ => Changed(true)));
        _registrations.Add(_cluster.Informers.GetInformer<Service>().AddEventHandler(_ => Changed(false), (_, _) => Changed(false), _ => Changed(false)));
        _registrations.Add(_cluster.Informers.GetInformer<EndpointSlice>().AddEventHandler(_ => Changed(false), (_, _) => Changed(false), _ => Changed(false)));
        _cluster.Informers.Start(); // informers start with the controller manager, which a cluster without controllers never runs
        await Task.WhenAll(
            _cluster.Informers.GetInformer<Models.Ingress>().WaitForSyncAsync(cancellationToken),
            _cluster.Informers.GetInformer<IngressClass>().WaitForSyncAsync(cancellationToken),
            _cluster.Informers.GetInformer<Service>().WaitForSyncAsync(cancellationToken),
            _cluster.Informers.GetInformer<EndpointSlice>().WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);

        _handler = _options.BackendHandler?.Invoke(_cluster) ?? _cluster.GetClusterNetwork().CreateHttpHandler();
        var domain = _options.ClusterDomain ?? _cluster.GetClusterNetwork().Options.ClusterDomain;
        var proxy = new IngressProxy(new HttpMessageInvoker(_handler, disposeHandler: false), domain, _logger);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(IngressController).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (loggerFactory is not null) builder.Services.AddSingleton(loggerFactory);
        var address = IPAddress.Parse(_options.Address);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address, _options.Port);
            k.Limits.MaxRequestBodySize = null; // nginx's client_max_body_size is ingress-nginx's business; forward whatever comes
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        var app = builder.Build();
        app.Run(context => proxy.ForwardAsync(context, Route(context.Request.Host.Value, context.Request.Path.Value ?? "/")));
        _app = app;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"the ingress controller cannot listen on {_options.Address}:{_options.Port}: {e.Message}", e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        _statusLoop = Task.Run(() => StatusLoopAsync(_stopping.Token), CancellationToken.None);
        _statusWanted.Writer.TryWrite(true);
    }

    /// <summary>Where a request for <paramref name="host"/> and <paramref name="path"/> goes, by the current routing table.</summary>
    internal IngressRoute Route(string? host, string path) => Table.Match(host, path);

    /// <summary>The routing table, rebuilt from the caches once after any change (not per request).</summary>
    internal IngressRouteTable Table
    {
        get
        {
            if (!_dirty) return Volatile.Read(ref _table);
            lock (_gate)
            {
                if (!_dirty) return _table;
                _dirty = false; // before reading the caches: a change during the build marks the table dirty again
                var classes = _classes.List();
                var served = _ingresses.List().Where(i => IngressClassSelector.Serves(i, classes, _options.ControllerName, _options.ClassName));
                var slices = _slices.List().ToLookup(s => (s.Metadata.Namespace ?? "", s.Metadata.Labels?.GetValueOrDefault(IngressRouteTable.ServiceNameLabel) ?? ""));
                var table = IngressRouteTable.Build(served, (ns, name) => _services.Get(ns, name), (ns, name) => slices[(ns, name)]);
                Volatile.Write(ref _table, table);
                return table;
            }
        }
    }

    private void Changed(bool ingresses)
    {
        _dirty = true;
        if (ingresses) _statusWanted.Writer.TryWrite(true);
    }

    private async Task EnsureIngressClassAsync(CancellationToken cancellationToken)
    {
        var classes = _cluster.Client.Resource<IngressClass>();
        var wanted = new IngressClass
        {
            Metadata = new ObjectMeta
            {
                Name = _options.ClassName,
                Annotations = _options.IsDefaultClass ? new Dictionary<string, string> { [IngressClassSelector.DefaultClassAnnotation] = "true" } : null,
            },
            Spec = new IngressClassSpec { Controller = _options.ControllerName },
        };
        try
        {
            await classes.CreateAsync(wanted, new CreateOptions { FieldManager = FieldManager }, cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            // Someone made it first (a manifest, or a previous run of a durable cluster): theirs stands.
            var existing = await classes.TryGetAsync(_options.ClassName, cancellationToken).ConfigureAwait(false);
            if (existing?.Spec?.Controller != _options.ControllerName)
                _logger.LogWarning("IngressClass {Class} exists for controller {Other}, not {Controller}; Ingresses of that class are not served",
                    _options.ClassName, existing?.Spec?.Controller, _options.ControllerName);
        }
    }

    private async Task StatusLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _statusWanted.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _statusWanted.Reader.TryRead(out _);
                try
                {
                    await SyncStatusAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next Ingress change retries; nothing here is worth a timer.
                    _logger.LogWarning(e, "updating Ingress status failed");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>What the controller writes to <c>status.loadBalancer.ingress</c>.</summary>
    private LoadBalancerIngress StatusEntry => new()
    {
        Ip = _options.StatusAddress ?? _options.Address,
        Ports = [new PortStatus { Port = Port, Protocol = "TCP" }],
    };

    private async Task SyncStatusAsync(CancellationToken cancellationToken)
    {
        var entry = StatusEntry;
        var classes = _classes.List();
        foreach (var ing in _ingresses.List())
        {
            var current = ing.Status?.LoadBalancer?.Ingress ?? [];
            var ours = current.Count == 1 && SameEntry(current[0], entry);
            var serves = IngressClassSelector.Serves(ing, classes, _options.ControllerName, _options.ClassName);
            string? patch = null;
            if (serves && !ours)
                patch = JsonSerializer.Serialize(new { status = new { loadBalancer = new { ingress = new[] { new { ip = entry.Ip, ports = new[] { new { port = Port, protocol = "TCP" } } } } } } });
            else if (!serves && ours)
                patch = """{"status":{"loadBalancer":{"ingress":null}}}"""; // no longer ours (class changed): withdraw the address, as ingress-nginx does
            if (patch is null) continue;
            try
            {
                await _cluster.Client.Ingresses(ing.Metadata.Namespace).PatchStatusAsync(ing.Metadata.Name!, PatchType.MergePatch, patch,
                    new PatchOptions { FieldManager = FieldManager }, cancellationToken).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                // deleted meanwhile
            }
        }
    }

    private static bool SameEntry(LoadBalancerIngress a, LoadBalancerIngress b) =>
        a.Ip == b.Ip && a.Hostname is null && (a.Ports ?? []).Select(p => (p.Port, p.Protocol)).SequenceEqual((b.Ports ?? []).Select(p => (p.Port, p.Protocol)));

    /// <summary>Stops listening (open requests are given up to 5 s) and releases the backend handler. Ingress status is left as it is.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var r in _registrations) r.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        await _statusLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _handler?.Dispose();
        _stopping.Dispose();
    }
}

/// <summary>A host lifetime that leaves process signals alone: the cluster decides when the controller stops.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
