using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Storage;

namespace KubeCore;

/// <summary>
/// An embedded Kubernetes control plane: storage, API semantics, a typed client and shared informers, on one clock.
/// Create one with <see cref="CreateBuilder"/> (or <c>services.AddKubeCore()</c>) and dispose it to stop everything.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await KubeCluster.CreateBuilder().StartAsync();
/// await cluster.Client.ConfigMaps("default").CreateAsync(new ConfigMap { Metadata = new() { Name = "settings" } });
/// </code>
/// </example>
public sealed class KubeCluster : IAsyncDisposable
{
    private readonly IReadOnlyList<IAsyncDisposable> _owned;
    private readonly List<Func<KubeCluster, CancellationToken, Task<IAsyncDisposable>>> _hostedStarters = [];
    private readonly List<IAsyncDisposable> _hosted = [];
    private int _started;
    private int _disposed;

    internal KubeCluster(KubeApi api, SharedInformerFactory informers, IReadOnlyList<IAsyncDisposable> owned,
        ControllerManagerOptions? controllerOptions = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        Api = api;
        Client = new KubeClient(api);
        Informers = informers;
        _owned = owned;
        Controllers = new ControllerManager(this, controllerOptions, loggerFactory);
        _crdController = new CustomResources.CustomResourceDefinitionController(api,
            loggerFactory is null ? null : Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<CustomResources.CustomResourceDefinitionController>(loggerFactory));
    }

    private readonly CustomResources.CustomResourceDefinitionController _crdController;

    /// <summary>Starts composing a cluster.</summary>
    public static KubeClusterBuilder CreateBuilder() => new();

    /// <summary>The API layer every caller goes through.</summary>
    public KubeApi Api { get; }

    /// <summary>The typed in-process client.</summary>
    public KubeClient Client { get; }

    /// <summary>Shared informers: one watch per kind, fanned out to handlers, with listers over their caches.</summary>
    public SharedInformerFactory Informers { get; }

    /// <summary>The controllers added with <see cref="KubeClusterBuilder.AddController"/>; <see cref="StartAsync"/> starts them.</summary>
    public ControllerManager Controllers { get; }

    /// <summary>The node agents' streaming APIs (logs, exec, attach) by node name; simulated nodes register here.</summary>
    public Nodes.KubeletRegistry Kubelets { get; } = new();

    /// <summary>The resources this cluster serves.</summary>
    public ResourceRegistry Resources => Api.Registry;

    /// <summary>The cluster's clock (a <c>FakeTimeProvider</c> makes everything run on virtual time).</summary>
    public TimeProvider TimeProvider => Api.TimeProvider;

    /// <summary>Starts the watch caches and creates the system namespaces (<c>default</c>, <c>kube-system</c>, <c>kube-public</c>, <c>kube-node-lease</c>). Idempotent.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        await Api.StartAsync(cancellationToken).ConfigureAwait(false);
        // The apiextensions server: CRDs already stored are served before StartAsync returns.
        await _crdController.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in SystemNamespaces)
        {
            try { await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } }, null, cancellationToken).ConfigureAwait(false); }
            catch (AlreadyExistsException) { }
        }
        foreach (var (name, value) in SystemPriorityClasses)
        {
            try
            {
                await Client.Resource<PriorityClass>().CreateAsync(new PriorityClass
                {
                    Metadata = new ObjectMeta { Name = name },
                    Value = value,
                    Description = "Used for system critical pods that must not be moved from their current node.",
                }, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException) { }
        }
        await Services.KubernetesService.EnsureAsync(Client, Api.ServiceNetwork, Api.ServiceAllocator.FirstIP, cancellationToken).ConfigureAwait(false);
        if (Controllers.HasControllers) await Controllers.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var start in _hostedStarters) _hosted.Add(await start(this, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Adds a component started after the cluster (in order) and disposed before it (in reverse order).</summary>
    internal void AddHostedComponent(Func<KubeCluster, CancellationToken, Task<IAsyncDisposable>> start) => _hostedStarters.Add(start);

    /// <summary>The priority classes kube-apiserver creates at start-up, with their values.</summary>
    public static IReadOnlyList<(string Name, int Value)> SystemPriorityClasses { get; } =
        [("system-node-critical", 2_000_001_000), ("system-cluster-critical", 2_000_000_000)];

    /// <summary>The namespaces every cluster starts with.</summary>
    public static IReadOnlyList<string> SystemNamespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Stops hosted components (e.g. the scheduler), controllers, informers and watches, and releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        for (var i = _hosted.Count - 1; i >= 0; i--) await _hosted[i].DisposeAsync().ConfigureAwait(false);
        await Controllers.DisposeAsync().ConfigureAwait(false);
        await _crdController.DisposeAsync().ConfigureAwait(false);
        await Informers.DisposeAsync().ConfigureAwait(false);
        await Api.DisposeAsync().ConfigureAwait(false);
        foreach (var owned in _owned) await owned.DisposeAsync().ConfigureAwait(false);
    }
}
