using KubeCore.Api;
using KubeCore.Informers;
using KubeCore.Reconciliation;
using KubeCore.Storage;
using KubeCore.Storage.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeCore;

/// <summary>Composes a <see cref="KubeCluster"/> in code; every method returns the builder so calls read as a sentence.</summary>
public sealed class KubeClusterBuilder
{
    private TimeProvider _time = TimeProvider.System;
    private Func<TimeProvider, IStorageBackend>? _storageFactory;
    private bool _ownsStorage = true;
    private readonly KubeApiOptions _apiOptions = new();
    private readonly InMemoryStorageOptions _memoryOptions = new();
    private readonly List<IMutatingAdmissionPlugin> _mutating = [];
    private readonly List<IValidatingAdmissionPlugin> _validating = [];
    private readonly List<ResourceDefinition> _resources = [];
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private readonly List<Action<ControllerBuilder>> _controllers = [];
    private readonly ControllerManagerOptions _controllerOptions = new();

    /// <summary>Runs the cluster on <paramref name="timeProvider"/> (e.g. a <c>FakeTimeProvider</c> for virtual time).</summary>
    public KubeClusterBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        return this;
    }

    /// <summary>Keeps state in memory (the default), with optional settings such as the history window.</summary>
    public KubeClusterBuilder UseInMemoryStore(Action<InMemoryStorageOptions>? configure = null)
    {
        configure?.Invoke(_memoryOptions);
        _storageFactory = null;
        _ownsStorage = true;
        return this;
    }

    /// <summary>Uses a storage backend created by <paramref name="factory"/>; the cluster disposes it.</summary>
    public KubeClusterBuilder UseStore(Func<TimeProvider, IStorageBackend> factory)
    {
        _storageFactory = factory ?? throw new ArgumentNullException(nameof(factory));
        _ownsStorage = true;
        return this;
    }

    /// <summary>Uses an existing storage backend; the caller keeps ownership of it.</summary>
    public KubeClusterBuilder UseStore(IStorageBackend storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storageFactory = _ => storage;
        _ownsStorage = false;
        return this;
    }

    /// <summary>Adjusts the API layer's settings.</summary>
    public KubeClusterBuilder ConfigureApi(Action<KubeApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_apiOptions);
        return this;
    }

    /// <summary>Adds a mutating admission plugin (runs after defaulting, before validation).</summary>
    public KubeClusterBuilder AddMutatingAdmission(IMutatingAdmissionPlugin plugin)
    {
        _mutating.Add(plugin ?? throw new ArgumentNullException(nameof(plugin)));
        return this;
    }

    /// <summary>Adds a validating admission plugin (runs after validation).</summary>
    public KubeClusterBuilder AddValidatingAdmission(IValidatingAdmissionPlugin plugin)
    {
        _validating.Add(plugin ?? throw new ArgumentNullException(nameof(plugin)));
        return this;
    }

    /// <summary>Serves an additional resource, e.g. a custom resource modelled by your own record type.</summary>
    public KubeClusterBuilder AddResource(ResourceDefinition resource)
    {
        _resources.Add(resource ?? throw new ArgumentNullException(nameof(resource)));
        return this;
    }

    /// <summary>Logs through <paramref name="loggerFactory"/>.</summary>
    public KubeClusterBuilder UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        return this;
    }

    /// <summary>
    /// Adds a controller that the cluster runs once started:
    /// <c>AddController(c =&gt; c.For&lt;ConfigMap&gt;().Owns&lt;Secret&gt;().Reconcile(new MyReconciler()))</c>.
    /// </summary>
    public KubeClusterBuilder AddController(Action<ControllerBuilder> configure)
    {
        _controllers.Add(configure ?? throw new ArgumentNullException(nameof(configure)));
        return this;
    }

    /// <summary>Adjusts how controllers run, e.g. <c>o =&gt; o.UseLeaderElection()</c>.</summary>
    public KubeClusterBuilder ConfigureControllers(Action<ControllerManagerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_controllerOptions);
        return this;
    }

    /// <summary>
    /// Adds a component that starts with the cluster (after the system namespaces and controllers) and is disposed
    /// with it — the hook that packages such as KubeCore.Scheduling use for <c>UseScheduler()</c>.
    /// </summary>
    /// <param name="start">Starts the component on the started cluster and returns what stops it.</param>
    public KubeClusterBuilder AddHostedComponent(Func<KubeCluster, CancellationToken, Task<IAsyncDisposable>> start)
    {
        _hostedComponents.Add(start ?? throw new ArgumentNullException(nameof(start)));
        return this;
    }

    private readonly List<Func<KubeCluster, CancellationToken, Task<IAsyncDisposable>>> _hostedComponents = [];

    /// <summary>Builds the cluster without starting it (no system namespaces yet).</summary>
    public KubeCluster Build()
    {
        var storage = _storageFactory?.Invoke(_time) ?? new InMemoryStorageBackend(_memoryOptions);
        var registry = BuiltInResources.CreateRegistry();
        foreach (var r in _resources) registry.Add(r);
        var api = new KubeApi(storage, registry, _time, _apiOptions, _mutating, _validating, _loggerFactory.CreateLogger<KubeApi>());
        var informers = new SharedInformerFactory(new Client.KubeClient(api), _time, default, _loggerFactory.CreateLogger<SharedInformerFactory>());
        var cluster = new KubeCluster(api, informers, _ownsStorage ? [storage] : Array.Empty<IAsyncDisposable>(), _controllerOptions, _loggerFactory);
        foreach (var configure in _controllers) cluster.Controllers.AddController(configure);
        foreach (var start in _hostedComponents) cluster.AddHostedComponent(start);
        return cluster;
    }

    /// <summary>Builds and starts the cluster.</summary>
    public async Task<KubeCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var cluster = Build();
        await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        return cluster;
    }
}
