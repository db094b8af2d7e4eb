using KubeCore.Api;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Endpoints;

/// <summary>
/// Keeps <c>discovery.k8s.io/v1</c> EndpointSlices for every Service with a selector (pkg/controller/endpointslice):
/// endpoints grouped by their resolved ports, at most <see cref="MaxEndpointsPerSlice"/> per slice, owned by the Service.
/// </summary>
internal sealed class EndpointSliceController : Reconciler<Service>
{
    /// <summary>The controller's name, also the value of the managed-by label.</summary>
    public const string Name = "endpointslice-controller.k8s.io";
    /// <summary>Upstream's default <c>--max-endpoints-per-slice</c>.</summary>
    public const int MaxEndpointsPerSlice = 100;

    private readonly TaskCompletionSource<KubeCluster> _cluster = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Lister<Service>? _services;

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder)
    {
        var reconciler = new EndpointSliceController();
        builder.AddController(c => c.For<Service>().Owns<EndpointSlice>().Named("endpointslice-controller")
            .Watches<Pod>(p => ServiceEndpoints.ServicesSelecting(reconciler._services, p))
            .Reconcile(reconciler));
        builder.AddHostedComponent((cluster, _) =>
        {
            reconciler._services = cluster.Informers.GetInformer<Service>().Lister;
            reconciler._cluster.TrySetResult(cluster);
            return Task.FromResult<IAsyncDisposable>(new ServiceEndpoints.Detach(null));
        });
    }

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Service? service, CancellationToken cancellationToken)
    {
        if (service is null) return ReconcileResult.Done; // the garbage collector removes slices owned by a deleted Service
        var cluster = await _cluster.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var slices = Client.EndpointSlices(request.Namespace);
        // Read our slices from the API rather than the cache: a slice created by the previous sync may not be cached yet,
        // and creating it twice is worse than one list (upstream keeps an endpointSliceTracker for the same reason).
        var existing = (await slices.ListAsync($"{ServiceEndpoints.ServiceNameLabel}={request.Name},{ServiceEndpoints.ManagedByLabel}={Name}", null, cancellationToken).ConfigureAwait(false))
            .Items.Where(s => s.AddressType == "IPv4" && s.Metadata.OwnerReferences?.Any(o => o.Uid == service.Metadata.Uid) == true)
            .OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList();
        if (!ServiceEndpoints.Managed(service) || service.Metadata.DeletionTimestamp is not null)
        {
            foreach (var slice in existing) await DeleteAsync(slice, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        // Desired endpoints, grouped by the ports they resolve to.
        var groups = new Dictionary<string, (List<EndpointSlicePort> Ports, List<EndpointSliceEndpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in ServiceEndpoints.Pods(cluster.Informers.GetInformer<Pod>().Lister, service, includeTerminating: true))
        {
            var ports = ServiceEndpoints.PortsFor(pod, service);
            var key = ServiceEndpoints.PortsKey(ports);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = ([.. ports.Select(p => new EndpointSlicePort { Name = p.Name, Port = p.Port, Protocol = p.Protocol, AppProtocol = p.AppProtocol })], []);
            group.Endpoints.Add(EndpointFor(pod, service));
        }

        var labels = ServiceEndpoints.DerivedLabels(service);
        labels[ServiceEndpoints.ServiceNameLabel] = service.Metadata.Name!;
        labels[ServiceEndpoints.ManagedByLabel] = Name;

        var unused = new List<EndpointSlice>(existing);
        var updates = new List<EndpointSlice>();
        var creates = new List<EndpointSlice>();
        if (groups.Count == 0)
        {
            // Upstream keeps one placeholder slice (no endpoints, no ports) so consumers can tell "no endpoints" from "not synced".
            var placeholder = unused.FirstOrDefault();
            if (placeholder is not null) unused.Remove(placeholder);
            Plan(service, labels, [], [], placeholder is null ? [] : [placeholder], updates, creates, unused, allowEmpty: true);
        }
        else
        {
            foreach (var (key, group) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var matching = unused.Where(s => PortsKeyOf(s) == key).ToList();
                foreach (var s in matching) unused.Remove(s);
                Plan(service, labels, group.Ports, group.Endpoints, matching, updates, creates, unused, allowEmpty: false);
            }
        }

        foreach (var slice in updates) await slices.UpdateAsync(slice, null, cancellationToken).ConfigureAwait(false);
        foreach (var slice in creates) await slices.CreateAsync(slice, null, cancellationToken).ConfigureAwait(false);
        foreach (var slice in unused) await DeleteAsync(slice, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Distributes one port group's endpoints over its existing slices with the least churn: endpoints stay in the slice
    /// that has them (refreshed), new ones fill free room before new slices are created, slices left empty are deleted.
    /// </summary>
    private static void Plan(Service service, Dictionary<string, string> labels, List<EndpointSlicePort> ports, List<EndpointSliceEndpoint> desired,
        List<EndpointSlice> existing, List<EndpointSlice> updates, List<EndpointSlice> creates, List<EndpointSlice> deletes, bool allowEmpty)
    {
        var pending = desired.ToDictionary(EndpointKey, StringComparer.Ordinal);
        var kept = new List<(EndpointSlice Slice, List<EndpointSliceEndpoint> Endpoints)>();
        foreach (var slice in existing)
        {
            var endpoints = new List<EndpointSliceEndpoint>();
            foreach (var e in slice.Endpoints ?? [])
                if (endpoints.Count < MaxEndpointsPerSlice && pending.Remove(EndpointKey(e), out var fresh)) endpoints.Add(fresh);
            kept.Add((slice, endpoints));
        }
        var rest = new Queue<EndpointSliceEndpoint>(desired.Where(e => pending.ContainsKey(EndpointKey(e))));
        foreach (var (_, endpoints) in kept.OrderByDescending(k => k.Endpoints.Count))
            while (rest.Count > 0 && endpoints.Count < MaxEndpointsPerSlice) endpoints.Add(rest.Dequeue());
        foreach (var (slice, endpoints) in kept)
        {
            if (endpoints.Count == 0 && !allowEmpty) { deletes.Add(slice); continue; }
            var wanted = slice with
            {
                Metadata = slice.Metadata with { Labels = labels, OwnerReferences = [OwnerRefFor(service)] },
                AddressType = "IPv4", Endpoints = endpoints, Ports = ports,
            };
            if (!ServiceEndpoints.SameJson(slice, wanted)) updates.Add(wanted);
        }
        while (rest.Count > 0)
        {
            var endpoints = new List<EndpointSliceEndpoint>();
            while (rest.Count > 0 && endpoints.Count < MaxEndpointsPerSlice) endpoints.Add(rest.Dequeue());
            creates.Add(NewSlice(service, labels, ports, endpoints));
        }
        if (existing.Count == 0 && allowEmpty) creates.Add(NewSlice(service, labels, ports, []));
    }

    private static EndpointSlice NewSlice(Service service, Dictionary<string, string> labels, List<EndpointSlicePort> ports, List<EndpointSliceEndpoint> endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            GenerateName = service.Metadata.Name + "-", Namespace = service.Metadata.Namespace,
            Labels = labels, OwnerReferences = [OwnerRefFor(service)],
        },
        AddressType = "IPv4", Endpoints = endpoints, Ports = ports,
    };

    private async Task DeleteAsync(EndpointSlice slice, CancellationToken ct)
    {
        try
        {
            await Client.EndpointSlices(slice.Metadata.Namespace).DeleteAsync(slice.Metadata.Name!,
                new DeleteOptions { Preconditions = new Preconditions { Uid = slice.Metadata.Uid } }, ct).ConfigureAwait(false);
        }
        catch (NotFoundException) { }
    }

    /// <summary>An endpoint as upstream's podToEndpoint builds it.</summary>
    private static EndpointSliceEndpoint EndpointFor(Pod pod, Service service)
    {
        var publish = ServiceEndpoints.PublishNotReady(service);
        var serving = publish || ServiceEndpoints.PodReady(pod);
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        return new EndpointSliceEndpoint
        {
            Addresses = [ServiceEndpoints.PodIP(pod)!],
            Conditions = new EndpointConditions { Ready = publish || (serving && !terminating), Serving = serving, Terminating = terminating },
            Hostname = ServiceEndpoints.Hostname(pod, service),
            NodeName = pod.Spec?.NodeName is { Length: > 0 } node ? node : null,
            TargetRef = ServiceEndpoints.TargetRef(pod),
        };
    }

    private static string EndpointKey(EndpointSliceEndpoint e) => e.TargetRef?.Uid ?? string.Join(",", e.Addresses ?? []);

    private static string PortsKeyOf(EndpointSlice slice) => ServiceEndpoints.PortsKey((slice.Ports ?? [])
        .Select(p => new ResolvedPort(p.Name ?? "", p.Port ?? 0, p.Protocol ?? "TCP", p.AppProtocol)));

    private static OwnerReference OwnerRefFor(Service service) => new()
    {
        ApiVersion = "v1", Kind = "Service", Name = service.Metadata.Name ?? "", Uid = service.Metadata.Uid ?? "",
        Controller = true, BlockOwnerDeletion = true,
    };
}
