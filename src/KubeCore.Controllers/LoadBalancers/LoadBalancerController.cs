using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.LoadBalancers;

/// <summary>
/// A load balancer provider for <c>type: LoadBalancer</c> Services, shaped like a cloud provider's service controller
/// (k8s.io/cloud-provider's service controller) with MetalLB-style address pools: each Service without a
/// <c>loadBalancerClass</c> (or with this controller's class) gets an external IP from the pool — its
/// <c>spec.loadBalancerIP</c> when that is free in the pool — written to <c>status.loadBalancer.ingress</c>, and keeps
/// the cleanup finalizer until the address is released (on delete or when the Service stops being a LoadBalancer).
/// An exhausted pool leaves the Service pending with a warning event and retries when another address is released.
/// </summary>
internal sealed class LoadBalancerController : Reconciler<Service>
{
    /// <summary>The controller's name.</summary>
    public const string Name = "service-lb-controller";

    /// <summary>The finalizer cloud providers' service controllers keep on load balancer Services.</summary>
    public const string CleanupFinalizer = "service.kubernetes.io/load-balancer-cleanup";

    private readonly object _lock = new();
    private readonly LoadBalancerAddressPool _pool;
    private readonly string? _class;
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private bool _seeded;

    private LoadBalancerController(LoadBalancerAddressPool pool, string? loadBalancerClass)
    {
        _pool = pool;
        _class = loadBalancerClass;
    }

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options)
    {
        var reconciler = new LoadBalancerController(new LoadBalancerAddressPool(options.LoadBalancerAddressPool), options.LoadBalancerClass);
        builder.AddController(c => c.For<Service>().Named(Name)
            // A released address may let a pending Service through: any Service change retries the pending ones.
            .Watches<Service>(_ => reconciler.PendingRequests())
            .Reconcile(reconciler));
    }

    private List<ReconcileRequest> PendingRequests()
    {
        lock (_lock)
            return [.. _pending.Select(key => key.Split('/', 2)).Select(p => new ReconcileRequest(p[0], p[1]))];
    }

    /// <summary>Whether this controller provides the Service's load balancer.</summary>
    private bool Serves(Service svc) =>
        svc.Spec?.Type == "LoadBalancer" && (svc.Spec.LoadBalancerClass is null || svc.Spec.LoadBalancerClass == _class);

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Service? svc, CancellationToken cancellationToken)
    {
        var key = request.Namespace + "/" + request.Name;
        Seed();
        if (svc is null)
        {
            lock (_lock)
            {
                _pool.Release(key);
                _pending.Remove(key);
            }
            return ReconcileResult.Done;
        }

        var hasFinalizer = svc.Metadata.Finalizers?.Contains(CleanupFinalizer) == true;
        if (!Serves(svc) || svc.Metadata.DeletionTimestamp is not null)
        {
            string? released;
            lock (_lock)
            {
                released = _pool.Release(key);
                _pending.Remove(key);
            }
            if (released is null && !hasFinalizer) return ReconcileResult.Done;
            Recorder.Record(svc, EventTypes.Normal, "DeletingLoadBalancer", "Deleting load balancer");
            if (hasFinalizer) await RemoveFinalizerAsync(svc, cancellationToken).ConfigureAwait(false);
            Recorder.Record(svc, EventTypes.Normal, "DeletedLoadBalancer", "Deleted load balancer");
            return ReconcileResult.Done;
        }

        if (!hasFinalizer)
            svc = await Client.Services(svc.Metadata.Namespace).UpdateWithRetryAsync(svc.Metadata.Name!, s => s.Metadata.Finalizers?.Contains(CleanupFinalizer) == true ? s
                : s with { Metadata = s.Metadata with { Finalizers = [.. s.Metadata.Finalizers ?? [], CleanupFinalizer] } }, cancellationToken).ConfigureAwait(false);

        string? ip;
        string? problem = null;
        lock (_lock)
        {
            var requested = svc.Spec!.LoadBalancerIP;
            var current = svc.Status?.LoadBalancer?.Ingress?.FirstOrDefault()?.Ip;
            if (!string.IsNullOrEmpty(requested))
            {
                ip = _pool.TryHold(key, requested) ? requested : null;
                if (ip is null)
                    problem = _pool.Contains(requested)
                        ? $"requested loadBalancerIP {requested} is already in use by another Service"
                        : $"requested loadBalancerIP {requested} is not in the address pool {_pool.Spec}";
            }
            else
            {
                ip = _pool.HeldBy(key) ?? (current is not null && _pool.TryHold(key, current) ? current : _pool.HoldNext(key));
                if (ip is null) problem = $"no available IPs in the address pool {_pool.Spec}";
            }
            if (ip is null) _pending.Add(key);
            else _pending.Remove(key);
        }
        if (ip is null)
        {
            Recorder.Record(svc, EventTypes.Warning, "SyncLoadBalancerFailed", "Error syncing load balancer: failed to ensure load balancer: " + problem);
            return ReconcileResult.Done;
        }

        if (svc.Status?.LoadBalancer?.Ingress is [{ } only] && only.Ip == ip && only.Hostname is null) return ReconcileResult.Done;
        Recorder.Record(svc, EventTypes.Normal, "EnsuringLoadBalancer", "Ensuring load balancer");
        var status = (svc.Status ?? new ServiceStatus()) with
        {
            LoadBalancer = new LoadBalancerStatus { Ingress = [new LoadBalancerIngress { Ip = ip, IpMode = "VIP" }] },
        };
        await Client.Services(svc.Metadata.Namespace).UpdateStatusAsync(svc with { Status = status }, null, cancellationToken).ConfigureAwait(false);
        Recorder.Record(svc, EventTypes.Normal, "EnsuredLoadBalancer", "Ensured load balancer");
        return ReconcileResult.Done;
    }

    private async Task RemoveFinalizerAsync(Service svc, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Services(svc.Metadata.Namespace).UpdateWithRetryAsync(svc.Metadata.Name!, s => s.Metadata.Finalizers?.Contains(CleanupFinalizer) != true ? s
                : s with { Metadata = s.Metadata with { Finalizers = [.. s.Metadata.Finalizers.Where(f => f != CleanupFinalizer)] } }, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException) { }
    }

    /// <summary>
    /// Takes back the addresses the Services already show (after a restart), before handing out new ones, so a
    /// Service reconciled first never gets another's address.
    /// </summary>
    private void Seed()
    {
        lock (_lock)
        {
            if (_seeded) return;
            _seeded = true;
            foreach (var svc in Lister.List())
                if (Serves(svc) && svc.Metadata.DeletionTimestamp is null && svc.Status?.LoadBalancer?.Ingress?.FirstOrDefault()?.Ip is { } ip)
                    _pool.TryHold(svc.Metadata.Namespace + "/" + svc.Metadata.Name, ip);
        }
    }
}
