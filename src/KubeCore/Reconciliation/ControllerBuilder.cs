using KubeCore.Models;
using Microsoft.Extensions.DependencyInjection;

namespace KubeCore.Reconciliation;

/// <summary>
/// Composes a controller the way controller-runtime's builder does:
/// <c>c.For&lt;ConfigMap&gt;().Owns&lt;Secret&gt;().WithEventFilter(Predicates.GenerationChanged).Reconcile(new MyReconciler())</c>.
/// Every method returns the builder.
/// </summary>
public sealed class ControllerBuilder
{
    private readonly ControllerOptions _options = new();
    private readonly List<EventPredicate> _globalPredicates = [];
    private readonly List<Func<ControllerContext, IReadOnlyList<EventPredicate>, IWatchSource>> _sources = [];
    private Func<ControllerContext, IReconciler>? _reconciler;
    private Action<IReconciler, ControllerContext, string>? _bind;
    private Type? _forType;
    private Func<ControllerContext, (string Group, string Kind)>? _forKind;

    internal IServiceProvider? Services { get; set; }

    /// <summary>Reconciles objects of <typeparamref name="T"/>: their adds, updates and deletes enqueue their own key. Required, once.</summary>
    /// <param name="predicates">Filters for this kind's events only.</param>
    public ControllerBuilder For<T>(params EventPredicate[] predicates) where T : KubeObject
    {
        if (_forType is not null) throw new InvalidOperationException($"For<{_forType.Name}>() was already called; a controller reconciles one kind");
        _forType = typeof(T);
        _forKind = ctx => { var r = ctx.Resources.Get<T>(); return (r.Group, r.Kind); };
        _sources.Add((_, global) => new WatchSource<T>(o => [ReconcileRequest.For(o)], [.. global, .. predicates]));
        _bind = (reconciler, ctx, name) =>
        {
            if (reconciler is Reconciler<T> typed) typed.Bind(ctx.Client, ctx.Informers.GetInformer<T>().Lister, ctx.RecorderFor(name));
            else if (TypedKindOf(reconciler.GetType()) is { } other)
                throw new InvalidOperationException($"{reconciler.GetType().Name} reconciles {other.Name}, but the controller is For<{typeof(T).Name}>()");
        };
        return this;
    }

    /// <summary>
    /// Also watches <typeparamref name="TChild"/>: a child's events enqueue its controlling owner — the owner reference
    /// with <c>controller: true</c> whose kind and API group are the <c>For</c> kind's — in the child's namespace.
    /// </summary>
    /// <param name="predicates">Filters for this kind's events only.</param>
    public ControllerBuilder Owns<TChild>(params EventPredicate[] predicates) where TChild : KubeObject
    {
        _sources.Add((ctx, global) =>
        {
            var (group, kind) = (_forKind ?? throw NoFor())(ctx);
            return new WatchSource<TChild>(child => ControllingOwner(child, group, kind), [.. global, .. predicates]);
        });
        return this;
    }

    /// <summary>Also watches <typeparamref name="TOther"/>, enqueuing whatever requests <paramref name="map"/> returns for an object that changed.</summary>
    /// <param name="map">Maps a changed object (old and new, for updates) to the keys to reconcile.</param>
    /// <param name="predicates">Filters for this kind's events only.</param>
    public ControllerBuilder Watches<TOther>(Func<TOther, IEnumerable<ReconcileRequest>> map, params EventPredicate[] predicates) where TOther : KubeObject
    {
        ArgumentNullException.ThrowIfNull(map);
        _sources.Add((_, global) => new WatchSource<TOther>(map, [.. global, .. predicates]));
        return this;
    }

    /// <summary>Filters the events of every watched kind (added to each kind's own predicates).</summary>
    public ControllerBuilder WithEventFilter(EventPredicate predicate)
    {
        _globalPredicates.Add(predicate ?? throw new ArgumentNullException(nameof(predicate)));
        return this;
    }

    /// <summary>Names the controller (logs, metrics, event source); defaults to the lower-case <c>For</c> kind.</summary>
    public ControllerBuilder Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _options.Name = name;
        return this;
    }

    /// <summary>Lets up to <paramref name="count"/> different keys be reconciled at the same time (default 1).</summary>
    public ControllerBuilder WithMaxConcurrentReconciles(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _options.MaxConcurrentReconciles = count;
        return this;
    }

    /// <summary>Adjusts any other setting (rate limiting, leader election).</summary>
    public ControllerBuilder WithOptions(Action<ControllerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_options);
        return this;
    }

    /// <summary>Runs the controller whether or not its manager leads (default: only while leading, when leader election is on).</summary>
    public ControllerBuilder WithoutLeaderElection()
    {
        _options.NeedLeaderElection = false;
        return this;
    }

    /// <summary>Reconciles with <paramref name="reconciler"/>; a <see cref="Reconciler{T}"/> for the <c>For</c> kind is bound to its lister, client and recorder.</summary>
    public ControllerBuilder Reconcile(IReconciler reconciler)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        _reconciler = _ => reconciler;
        return this;
    }

    /// <summary>Reconciles with a function.</summary>
    public ControllerBuilder Reconcile(Func<ReconcileRequest, CancellationToken, Task<ReconcileResult>> reconcile)
    {
        ArgumentNullException.ThrowIfNull(reconcile);
        _reconciler = _ => new FuncReconciler(reconcile);
        return this;
    }

    /// <summary>Reconciles with a <typeparamref name="TReconciler"/> resolved from DI when available, else created with its constructor's services.</summary>
    public ControllerBuilder Reconcile<TReconciler>() where TReconciler : IReconciler
    {
        _reconciler = ctx => ctx.Services is null
            ? Activator.CreateInstance<TReconciler>()
            : ActivatorUtilities.GetServiceOrCreateInstance<TReconciler>(ctx.Services);
        return this;
    }

    internal Controller Build(ControllerContext context)
    {
        if (_forType is null || _forKind is null || _bind is null) throw NoFor();
        if (_reconciler is null) throw new InvalidOperationException($"the controller for {_forType.Name} has no reconciler: call Reconcile(...)");
        context = context with { Services = Services ?? context.Services };
        var name = _options.Name ?? _forKind(context).Kind.ToLowerInvariant();
        var reconciler = _reconciler(context);
        _bind(reconciler, context, name);
        var sources = _sources.Select(s => s(context, _globalPredicates)).ToList();
        foreach (var source in sources) source.EnsureInformer(context.Informers);
        return new Controller(name, _options, reconciler, sources, context.Informers, context.TimeProvider,
            context.LoggerFactory.CreateLogger("KubeCore.Reconciliation.Controller." + name));
    }

    private static IEnumerable<ReconcileRequest> ControllingOwner(KubeObject child, string group, string kind)
    {
        if (child.Metadata.OwnerReferences is not { } owners) yield break;
        foreach (var owner in owners)
        {
            if (owner.Controller != true || owner.Kind != kind || GroupOf(owner.ApiVersion) != group) continue;
            yield return new ReconcileRequest(child.Metadata.Namespace, owner.Name);
            yield break; // at most one controlling owner
        }
    }

    private static Type? TypedKindOf(Type? type)
    {
        for (; type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Reconciler<>)) return type.GetGenericArguments()[0];
        return null;
    }

    private static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }

    private static InvalidOperationException NoFor() => new("a controller needs For<T>() before Owns/Build");

    private sealed class FuncReconciler(Func<ReconcileRequest, CancellationToken, Task<ReconcileResult>> reconcile) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken) => reconcile(request, cancellationToken);
    }
}
