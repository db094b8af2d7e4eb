using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Reconciliation;

namespace KubeCore.Controllers.Namespaces;

/// <summary>
/// Empties Terminating namespaces and then finalizes them (pkg/controller/namespace/deletion): deletes every namespaced
/// object in the namespace, waits until none is left, then clears the <c>kubernetes</c> finalizer through the
/// <c>finalize</c> subresource so the API server removes the namespace.
/// </summary>
internal sealed class NamespaceController(BuiltInControllersOptions options) : Reconciler<Namespace>
{
    /// <summary>The finalizer the namespace controller owns.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    /// <summary>The controller's name, also the source of its events.</summary>
    public const string Name = "namespace-controller";

    /// <summary>Registers the controller on <paramref name="builder"/>.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options) =>
        builder.AddController(c => c.For<Namespace>().Named(Name).Reconcile(new NamespaceController(options)));

    /// <inheritdoc />
    protected override async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Namespace? ns, CancellationToken cancellationToken)
    {
        if (ns?.Metadata.DeletionTimestamp is null || ns.Spec?.Finalizers?.Contains(KubernetesFinalizer) != true) return ReconcileResult.Done;
        var name = ns.Metadata.Name!;
        var remaining = 0;
        List<string> failures = [];
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in Client.Api.Registry.All)
        {
            if (!resource.Namespaced || !resource.Verbs.Contains("list") || !resource.Verbs.Contains("delete")) continue;
            var objects = Client.Resource(resource.ApiVersion, resource.Kind, name);
            KubeList<KubeObject> items;
            try { items = await objects.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false); }
            catch (KubeApiException e) { failures.Add($"{resource.Plural}: {e.Message}"); continue; }
            if (items.Items.Count > 0) counts[resource.Plural + (resource.Group.Length == 0 ? "." : "." + resource.Group)] = items.Items.Count;
            foreach (var item in items.Items)
            {
                remaining++;
                if (item.Metadata.DeletionTimestamp is not null) continue;
                try
                {
                    await objects.DeleteAsync(item.Metadata.Name!, new DeleteOptions { PropagationPolicy = PropagationPolicy.Background }, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (NotFoundException) { }
                catch (KubeApiException e) { failures.Add($"{resource.Plural}/{item.Metadata.Name}: {e.Message}"); }
            }
        }
        if (remaining > 0)
        {
            await SetConditionsAsync(ns, failures, counts, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(options.NamespaceRecheckInterval);
        }
        var finalized = ns with { Spec = (ns.Spec ?? new NamespaceSpec()) with { Finalizers = [.. ns.Spec!.Finalizers!.Where(f => f != KubernetesFinalizer)] } };
        try
        {
            await Client.Api.UpdateSubresourceAsync(Client.Api.Registry.Get<Namespace>(), null, finalized, "finalize", null, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException) { }
        return ReconcileResult.Done;
    }

    // Upstream reports progress as namespace conditions: whether deletes failed, and what is still there.
    private async Task SetConditionsAsync(Namespace ns, List<string> failures, SortedDictionary<string, int> counts, CancellationToken ct)
    {
        NamespaceCondition[] wanted =
        [
            new()
            {
                Type = "NamespaceDeletionContentFailure",
                Status = failures.Count > 0 ? "True" : "False",
                Reason = failures.Count > 0 ? "ContentDeletionFailed" : "ContentDeleted",
                Message = failures.Count > 0 ? "Failed to delete all resource types: " + string.Join("; ", failures) : "All content successfully deleted, may be waiting on finalization",
            },
            new()
            {
                Type = "NamespaceContentRemaining",
                Status = "True",
                Reason = "SomeResourcesRemain",
                Message = "Some resources are remaining: " + string.Join(", ", counts.Select(c => $"{c.Key} has {c.Value} resource instances")),
            },
        ];
        var now = KubeTime.Now(Client.Api.TimeProvider);
        var conditions = (ns.Status?.Conditions ?? []).ToList();
        var changed = false;
        foreach (var condition in wanted)
        {
            var existing = conditions.FirstOrDefault(c => c.Type == condition.Type);
            if (existing is not null && existing.Status == condition.Status && existing.Reason == condition.Reason && existing.Message == condition.Message) continue;
            conditions.Remove(existing!);
            conditions.Add(condition with { LastTransitionTime = existing?.Status == condition.Status ? existing.LastTransitionTime : now });
            changed = true;
        }
        if (!changed) return;
        try { await Client.Namespaces().UpdateStatusAsync(ns with { Status = (ns.Status ?? new NamespaceStatus()) with { Conditions = conditions } }, null, ct).ConfigureAwait(false); }
        catch (KubeApiException) { } // a newer version will be reconciled again
    }
}
