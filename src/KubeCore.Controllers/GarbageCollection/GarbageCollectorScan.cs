using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Controllers.GarbageCollection;

/// <summary>
/// One pass of the garbage collector over every listable kind: orphans and foreground-deletes for owners that are
/// being deleted, then deletes (or trims) dependents whose owners no longer exist, matching owners by uid.
/// </summary>
internal sealed class GarbageCollectorScan(KubeCluster cluster)
{
    private readonly record struct Item(ResourceDefinition Resource, KubeObject Object);

    /// <summary>Runs a pass; true when it wrote anything (so another pass may find more to do).</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        var items = await ListEverythingAsync(ct).ConfigureAwait(false);
        var byUid = new Dictionary<string, Item>(StringComparer.Ordinal);
        var dependents = new Dictionary<string, List<Item>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Object.Metadata.Uid is { } uid) byUid[uid] = item;
            foreach (var owner in item.Object.Metadata.OwnerReferences ?? [])
            {
                if (!dependents.TryGetValue(owner.Uid, out var list)) dependents[owner.Uid] = list = [];
                list.Add(item);
            }
        }
        var changed = false;
        foreach (var owner in items)
        {
            if (owner.Object.Metadata.DeletionTimestamp is null || owner.Object.Metadata.Finalizers is not { Count: > 0 } finalizers) continue;
            var uid = owner.Object.Metadata.Uid ?? "";
            var deps = dependents.GetValueOrDefault(uid) ?? [];
            if (finalizers.Contains(KubeApi.OrphanFinalizer))
                changed |= await OrphanAsync(owner, deps, ct).ConfigureAwait(false);
            else if (finalizers.Contains(KubeApi.ForegroundDeletionFinalizer))
                changed |= await ForegroundAsync(owner, deps, ct).ConfigureAwait(false);
        }
        foreach (var item in items)
        {
            if (item.Object.Metadata.OwnerReferences is not { Count: > 0 } || item.Object.Metadata.DeletionTimestamp is not null) continue;
            changed |= await CollectIfOrphanedAsync(item, byUid, ct).ConfigureAwait(false);
        }
        return changed;
    }

    private async Task<List<Item>> ListEverythingAsync(CancellationToken ct)
    {
        var items = new List<Item>();
        foreach (var resource in cluster.Resources.All)
        {
            if (!resource.Verbs.Contains("list") || resource.Kind == "Event") continue;
            var list = await cluster.Client.Resource(resource.ApiVersion, resource.Kind).ListAsync(cancellationToken: ct).ConfigureAwait(false);
            foreach (var obj in list.Items) items.Add(new Item(resource, obj));
        }
        return items;
    }

    // Orphan: strip the owner's reference from every dependent, then let the owner go.
    private async Task<bool> OrphanAsync(Item owner, List<Item> deps, CancellationToken ct)
    {
        var uid = owner.Object.Metadata.Uid;
        foreach (var dep in deps)
            await UpdateAsync(dep, o => o with { Metadata = o.Metadata with { OwnerReferences = Without(o.Metadata.OwnerReferences, r => r.Uid == uid) } }, ct).ConfigureAwait(false);
        await RemoveFinalizerAsync(owner, KubeApi.OrphanFinalizer, ct).ConfigureAwait(false);
        return true;
    }

    // Foreground: delete the dependents first (in foreground too, so grandchildren go before them); the owner's
    // finalizer goes once no dependent that blocks owner deletion is left.
    private async Task<bool> ForegroundAsync(Item owner, List<Item> deps, CancellationToken ct)
    {
        var uid = owner.Object.Metadata.Uid;
        var changed = false;
        foreach (var dep in deps.Where(d => d.Object.Metadata.DeletionTimestamp is null))
        {
            await DeleteAsync(dep, PropagationPolicy.Foreground, ct).ConfigureAwait(false);
            changed = true;
        }
        var blocking = deps.Any(d => d.Object.Metadata.OwnerReferences!.Any(r => r.Uid == uid && r.BlockOwnerDeletion == true));
        if (blocking) return changed;
        await RemoveFinalizerAsync(owner, KubeApi.ForegroundDeletionFinalizer, ct).ConfigureAwait(false);
        return true;
    }

    // Background: a dependent whose owners are all gone is deleted; one that lost only some owners drops those references.
    private async Task<bool> CollectIfOrphanedAsync(Item item, Dictionary<string, Item> byUid, CancellationToken ct)
    {
        var owners = item.Object.Metadata.OwnerReferences!;
        var absent = new List<string>();
        foreach (var owner in owners)
            if (!byUid.ContainsKey(owner.Uid) && !await OwnerExistsAsync(item, owner, ct).ConfigureAwait(false)) absent.Add(owner.Uid);
        if (absent.Count == 0) return false;
        if (absent.Count == owners.Count)
            await DeleteAsync(item, PropagationPolicy.Background, ct).ConfigureAwait(false);
        else
            await UpdateAsync(item, o => o with { Metadata = o.Metadata with { OwnerReferences = Without(o.Metadata.OwnerReferences, r => absent.Contains(r.Uid)) } }, ct)
                .ConfigureAwait(false);
        return true;
    }

    // The scan lists kind by kind, so an owner created after its kind was listed must be confirmed live before acting.
    private async Task<bool> OwnerExistsAsync(Item dependent, OwnerReference owner, CancellationToken ct)
    {
        if (!cluster.Resources.TryGetByApiVersionKind(owner.ApiVersion, owner.Kind, out var resource)) return true; // unknown kind: never guess
        var ns = resource.Namespaced ? dependent.Object.Metadata.Namespace : null;
        if (resource.Namespaced && string.IsNullOrEmpty(ns)) return false; // a cluster-scoped object cannot have a namespaced owner
        try
        {
            var live = await cluster.Client.Resource(resource.ApiVersion, resource.Kind, ns).GetAsync(owner.Name, ct).ConfigureAwait(false);
            return live.Metadata.Uid == owner.Uid;
        }
        catch (NotFoundException) { return false; }
    }

    private async Task DeleteAsync(Item item, string policy, CancellationToken ct)
    {
        try
        {
            await Client(item).DeleteAsync(item.Object.Metadata.Name!, new DeleteOptions
            {
                PropagationPolicy = policy,
                Preconditions = new Preconditions { Uid = item.Object.Metadata.Uid },
            }, ct).ConfigureAwait(false);
        }
        catch (NotFoundException) { }
        catch (ConflictException) { } // replaced by a new object of the same name: not ours to delete
    }

    private async Task RemoveFinalizerAsync(Item item, string finalizer, CancellationToken ct) =>
        await UpdateAsync(item, o => o with { Metadata = o.Metadata with { Finalizers = [.. (o.Metadata.Finalizers ?? []).Where(f => f != finalizer)] } }, ct)
            .ConfigureAwait(false);

    private async Task UpdateAsync(Item item, Func<KubeObject, KubeObject> update, CancellationToken ct)
    {
        var uid = item.Object.Metadata.Uid;
        try
        {
            await Client(item).UpdateWithRetryAsync(item.Object.Metadata.Name!, current => current.Metadata.Uid == uid ? update(current) : current, ct)
                .ConfigureAwait(false);
        }
        catch (NotFoundException) { }
    }

    private Client.ResourceClient<KubeObject> Client(Item item) =>
        cluster.Client.Resource(item.Resource.ApiVersion, item.Resource.Kind, item.Resource.Namespaced ? item.Object.Metadata.Namespace : null);

    private static IReadOnlyList<OwnerReference>? Without(IReadOnlyList<OwnerReference>? refs, Func<OwnerReference, bool> drop)
    {
        var kept = (refs ?? []).Where(r => !drop(r)).ToList();
        return kept.Count == 0 ? null : kept;
    }
}
