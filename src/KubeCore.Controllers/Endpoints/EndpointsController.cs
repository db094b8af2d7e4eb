using KubeCore.Api;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Endpoints;

/// <summary>
/// Keeps the legacy <c>v1 Endpoints</c> object named like each Service with a selector (pkg/controller/endpoint), which
/// <c>kubectl describe service</c> and older clients read: ready pods under <c>addresses</c>, the others under
/// <c>notReadyAddresses</c>, in subsets grouped by the ports they resolve to.
/// </summary>
internal sealed class EndpointsController : Reconciler<Service>
{
    /// <summary>The controller's name.</summary>
    public const string Name = "endpoint-controller";

    private readonly TaskCompletionSource<KubeCluster> _cluster = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Lister<Service>? _services;
    private Lister<Models.Endpoints>? _endpoints;

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder)
    {
        var reconciler = new EndpointsController();
        builder.AddController(c => c.For<Service>().Named(Name)
            .Watches<Pod>(p => ServiceEndpoints.ServicesSelecting(reconciler._services, p))
            .Watches<Models.Endpoints>(e => [ReconcileRequest.For(e)]) // an Endpoints object edited or deleted by hand is put back
            .Reconcile(reconciler));
        builder.AddHostedComponent((cluster, _) =>
        {
            reconciler._services = cluster.Informers.GetInformer<Service>().Lister;
            reconciler._endpoints = cluster.Informers.GetInformer<Models.Endpoints>().Lister;
            reconciler._cluster.TrySetResult(cluster);
            return Task.FromResult<IAsyncDisposable>(new ServiceEndpoints.Detach(null));
        });
    }

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Service? service, CancellationToken cancellationToken)
    {
        var cluster = await _cluster.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var client = Client.Endpoints(request.Namespace);
        if (service is null)
        {
            // As upstream: the Service is gone, so is its Endpoints object (it carries no owner reference).
            if (_endpoints!.Get(request.Namespace, request.Name) is not null)
            {
                try { await client.DeleteAsync(request.Name, null, cancellationToken).ConfigureAwait(false); }
                catch (NotFoundException) { }
            }
            return ReconcileResult.Done;
        }
        // Services without a selector have user-managed Endpoints; ExternalName Services have none.
        if (!ServiceEndpoints.Managed(service) || service.Metadata.DeletionTimestamp is not null) return ReconcileResult.Done;

        var subsets = Subsets(service, ServiceEndpoints.Pods(cluster.Informers.GetInformer<Pod>().Lister, service,
            includeTerminating: ServiceEndpoints.PublishNotReady(service)));
        var labels = ServiceEndpoints.DerivedLabels(service);
        var current = await client.TryGetAsync(request.Name, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            await client.CreateAsync(new Models.Endpoints
            {
                Metadata = new ObjectMeta { Name = service.Metadata.Name, Namespace = service.Metadata.Namespace, Labels = labels },
                Subsets = subsets,
            }, null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        var wanted = current with { Metadata = current.Metadata with { Labels = labels }, Subsets = subsets };
        if (!ServiceEndpoints.SameJson(current, wanted)) await client.UpdateAsync(wanted, null, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>One subset per distinct set of resolved ports, addresses sorted by IP (as upstream's RepackSubsets leaves them).</summary>
    private static List<EndpointSubset> Subsets(Service service, List<Pod> pods)
    {
        var publish = ServiceEndpoints.PublishNotReady(service);
        var headlessWithoutPorts = service.Spec?.Ports is not { Count: > 0 } && ServiceEndpoints.Headless(service);
        var groups = new Dictionary<string, (List<ResolvedPort> Ports, List<EndpointAddress> Ready, List<EndpointAddress> NotReady)>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var ports = ServiceEndpoints.PortsFor(pod, service);
            if (ports.Count == 0 && !headlessWithoutPorts) continue;
            var key = ServiceEndpoints.PortsKey(ports);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = (ports, [], []);
            var address = new EndpointAddress
            {
                Ip = ServiceEndpoints.PodIP(pod)!,
                Hostname = ServiceEndpoints.Hostname(pod, service),
                NodeName = pod.Spec?.NodeName is { Length: > 0 } node ? node : null,
                TargetRef = ServiceEndpoints.TargetRef(pod),
            };
            (publish || ServiceEndpoints.PodReady(pod) ? group.Ready : group.NotReady).Add(address);
        }
        return [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new EndpointSubset
        {
            Addresses = g.Value.Ready.Count == 0 ? null : [.. g.Value.Ready.OrderBy(a => a.Ip, StringComparer.Ordinal).ThenBy(a => a.TargetRef?.Name, StringComparer.Ordinal)],
            NotReadyAddresses = g.Value.NotReady.Count == 0 ? null : [.. g.Value.NotReady.OrderBy(a => a.Ip, StringComparer.Ordinal).ThenBy(a => a.TargetRef?.Name, StringComparer.Ordinal)],
            Ports = g.Value.Ports.Count == 0 ? null : [.. g.Value.Ports.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Port)
                .Select(p => new EndpointPort { Name = p.Name.Length == 0 ? null : p.Name, Port = p.Port, Protocol = p.Protocol, AppProtocol = p.AppProtocol })],
        })];
    }
}
