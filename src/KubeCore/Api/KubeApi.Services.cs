using KubeCore.Models;
using KubeCore.Services;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    private ServiceAllocator? _serviceAllocator;

    /// <summary>The cluster IP and node port ranges Services are allocated from.</summary>
    public ServiceNetworkOptions ServiceNetwork => _options.ServiceNetwork;

    /// <summary>The cluster IPs and node ports of Services (created with the API, so bad ranges fail at construction).</summary>
    internal ServiceAllocator ServiceAllocator => _serviceAllocator ??= new ServiceAllocator(_options.ServiceNetwork, _random);

    private static bool IsServices(ResourceDefinition resource) => resource.Plural == "services" && string.IsNullOrEmpty(resource.Group);

    /// <summary>Reserves a new Service's cluster IP and node ports (upstream's BeginCreate for services).</summary>
    private async ValueTask<(KubeObject Object, ServiceAllocator.Transaction? Transaction)> AllocateServiceCreateAsync(
        ResourceDefinition resource, KubeObject obj, bool dryRun, CancellationToken cancellationToken)
    {
        if (!IsServices(resource) || obj is not Service svc) return (obj, null);
        await ServiceAllocator.EnsureLoadedAsync(_storage, resource.KeyPrefix, cancellationToken).ConfigureAwait(false);
        var txn = ServiceAllocator.AllocateCreate(ref svc, dryRun);
        return (svc, txn);
    }

    /// <summary>Reserves what an updated Service newly needs and schedules the release of what it gave up (BeginUpdate).</summary>
    private async ValueTask<(KubeObject Object, ServiceAllocator.Transaction? Transaction)> AllocateServiceUpdateAsync(
        ResourceDefinition resource, string subresource, KubeObject updated, KubeObject current, bool dryRun, CancellationToken cancellationToken)
    {
        if (subresource.Length > 0 || !IsServices(resource) || updated is not Service svc || current is not Service old) return (updated, null);
        await ServiceAllocator.EnsureLoadedAsync(_storage, resource.KeyPrefix, cancellationToken).ConfigureAwait(false);
        var txn = ServiceAllocator.AllocateUpdate(ref svc, old, dryRun);
        return (svc, txn);
    }

    /// <summary>Gives back the addresses of a Service that left storage.</summary>
    private void ReleaseServiceAddresses(ResourceDefinition resource, KubeObject deleted)
    {
        if (IsServices(resource) && deleted is Service svc && _serviceAllocator is { } allocator) allocator.Release(svc);
    }

    /// <summary>An exception filter that gives back a failed write's reservations and never catches.</summary>
    private static bool RevertOnFailure(ServiceAllocator.Transaction? txn)
    {
        txn?.Revert();
        return false;
    }

    /// <summary>Rebuilds the service address state from storage (also done lazily before the first Service write).</summary>
    private async Task LoadServiceAddressesAsync(CancellationToken cancellationToken)
    {
        if (Registry.TryGetByResource("", "services", out var services))
            await ServiceAllocator.EnsureLoadedAsync(_storage, services.KeyPrefix, cancellationToken).ConfigureAwait(false);
    }
}
