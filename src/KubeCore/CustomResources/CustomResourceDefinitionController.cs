using System.Text.Json;
using System.Threading.Channels;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Watch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeCore.CustomResources;

/// <summary>
/// kube-apiserver's apiextensions controllers in one serial loop: the naming controller (<c>status.acceptedNames</c>,
/// <c>NamesAccepted</c>), the establishing controller (<c>Established</c>, after the resource is registered so the API,
/// watch cache, informers and discovery serve it) and the finalizer controller (a deleted CRD's custom resources are
/// deleted, then its cleanup finalizer removed and its resource unregistered). Started by <see cref="KubeCluster"/>.
/// </summary>
internal sealed class CustomResourceDefinitionController : IAsyncDisposable
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);

    private readonly KubeApi _api;
    private readonly ResourceDefinition _crds;
    private readonly ILogger _logger;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Registration> _registered = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _watch;
    private Task? _worker;

    private sealed record Registration(string Group, string Plural, string Key);

    public CustomResourceDefinitionController(KubeApi api, ILogger? logger = null)
    {
        _api = api;
        _crds = api.Registry.Get<CustomResourceDefinition>();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Serves every existing CRD before returning (so stored custom resources are served at start-up), then follows changes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var list = await _api.ListAsync(_crds, null, null, cancellationToken).ConfigureAwait(false);
        foreach (var item in list.Items) await ReconcileSafelyAsync(item.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        _watch = Task.Run(() => WatchLoopAsync(list.ResourceVersion, _stop.Token), CancellationToken.None);
        _worker = Task.Run(() => WorkLoopAsync(_stop.Token), CancellationToken.None);
    }

    private async Task WatchLoopAsync(string? resourceVersion, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in _api.WatchAsync(_crds, null, new ListOptions { ResourceVersion = resourceVersion }, ct).ConfigureAwait(false))
                {
                    if (e.Type == WatchEventType.Error || e.Object is null) { resourceVersion = null; break; }
                    resourceVersion = e.Object.Metadata.ResourceVersion;
                    if (e.Type == WatchEventType.Bookmark) continue;
                    Enqueue(e.Object.Metadata.Name!);
                    if (e.Type == WatchEventType.Deleted && e.Object is CustomResourceDefinition deleted)
                    {
                        // Freed names: the other CRDs of the group may now be accepted.
                        foreach (var other in (await _api.ListAsync(_crds, null, null, ct).ConfigureAwait(false)).Items.OfType<CustomResourceDefinition>())
                            if (other.Spec?.Group == deleted.Spec?.Group) Enqueue(other.Metadata.Name!);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (KubeApiException e)
            {
                _logger.LogDebug(e, "CustomResourceDefinition watch ended; restarting");
                resourceVersion = null;
            }
        }
    }

    private void Enqueue(string name)
    {
        lock (_queued)
        {
            if (!_queued.Add(name)) return;
        }
        _queue.Writer.TryWrite(name);
    }

    private async Task WorkLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var name in _queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                lock (_queued) _queued.Remove(name);
                await ReconcileSafelyAsync(name, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task ReconcileSafelyAsync(string name, CancellationToken ct)
    {
        try
        {
            if (!await ReconcileAsync(name, ct).ConfigureAwait(false)) RequeueLater(name, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (ConflictException)
        {
            Enqueue(name); // changed meanwhile: read it again
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "reconciling CustomResourceDefinition {Name} failed; retrying", name);
            RequeueLater(name, ct);
        }
    }

    private void RequeueLater(string name, CancellationToken ct) =>
        _ = Task.Delay(s_retryDelay, _api.TimeProvider, ct).ContinueWith(t => { if (!t.IsCanceled) Enqueue(name); }, TaskScheduler.Default);

    /// <summary>Brings one CRD's status and registration up to date; false when it must be looked at again later.</summary>
    private async Task<bool> ReconcileAsync(string name, CancellationToken ct)
    {
        CustomResourceDefinition crd;
        try { crd = (CustomResourceDefinition)await _api.GetAsync(_crds, null, name, null, ct).ConfigureAwait(false); }
        catch (NotFoundException)
        {
            Unregister(name);
            return true;
        }
        if (crd.Metadata.DeletionTimestamp is not null) return await FinalizeAsync(crd, ct).ConfigureAwait(false);

        var others = (await _api.ListAsync(_crds, null, null, ct).ConfigureAwait(false)).Items.OfType<CustomResourceDefinition>()
            .Where(o => o.Metadata.Name != name && o.Spec?.Group == crd.Spec?.Group).ToList();
        var updated = ComputeNames(crd, others, KubeTime.Now(_api.TimeProvider));
        var established = Condition(updated, "Established")?.Status == "True";
        var namesAccepted = Condition(updated, "NamesAccepted")?.Status == "True";
        if (namesAccepted || established)
        {
            if (Register(updated) && !established)
                updated = CustomResourceDefinitionStrategy.SetCondition(updated, "Established", "True", "InitialNamesAccepted",
                    "the initial names have been accepted", KubeTime.Now(_api.TimeProvider));
        }
        if (!Serialization.StructuralEquality.JsonEquals(updated.Status, crd.Status))
            await _api.UpdateStatusAsync(_crds, null, updated, null, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>The naming controller: accepted names and the NamesAccepted condition, against the group's other CRDs.</summary>
    private static CustomResourceDefinition ComputeNames(CustomResourceDefinition crd, IReadOnlyList<CustomResourceDefinition> others, KubeTime now)
    {
        var requested = crd.Spec?.Names ?? new CustomResourceDefinitionNames();
        var accepted = crd.Status?.AcceptedNames ?? new CustomResourceDefinitionNames();
        var resources = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in others)
        {
            if (other.Status?.AcceptedNames is not { } n) continue;
            resources.Add(n.Plural);
            if (n.Singular is { } s) resources.Add(s);
            foreach (var sn in n.ShortNames ?? []) resources.Add(sn);
            kinds.Add(n.Kind);
            if (n.ListKind is { } lk) kinds.Add(lk);
        }

        string? reason = null, message = null;
        var result = accepted;
        if (Conflict(requested.Plural, accepted.Plural, resources) is { } pe) (reason, message) = ("PluralConflict", pe);
        else result = result with { Plural = requested.Plural };
        if (Conflict(requested.Singular ?? "", accepted.Singular ?? "", resources) is { } se) (reason, message) = ("SingularConflict", se);
        else result = result with { Singular = requested.Singular };
        if (!(requested.ShortNames ?? []).SequenceEqual(accepted.ShortNames ?? []))
        {
            var mine = new HashSet<string>(accepted.ShortNames ?? [], StringComparer.Ordinal);
            var errors = (requested.ShortNames ?? []).Where(sn => !mine.Contains(sn)).Select(sn => Conflict(sn, "", resources)).OfType<string>().ToList();
            if (errors.Count > 0) (reason, message) = ("ShortNamesConflict", errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]");
            else result = result with { ShortNames = requested.ShortNames };
        }
        if (Conflict(requested.Kind, accepted.Kind, kinds) is { } ke) (reason, message) = ("KindConflict", ke);
        else result = result with { Kind = requested.Kind };
        if (Conflict(requested.ListKind ?? "", accepted.ListKind ?? "", kinds) is { } le) (reason, message) = ("ListKindConflict", le);
        else result = result with { ListKind = requested.ListKind };
        result = result with { Categories = requested.Categories };

        crd = crd with { Status = (crd.Status ?? new CustomResourceDefinitionStatus()) with { AcceptedNames = result } };
        crd = reason is null
            ? CustomResourceDefinitionStrategy.SetCondition(crd, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now)
            : CustomResourceDefinitionStrategy.SetCondition(crd, "NamesAccepted", "False", reason, message!, now);
        if (Condition(crd, "Established") is not { Status: "True" })
        {
            crd = reason is null
                ? CustomResourceDefinitionStrategy.SetCondition(crd, "Established", "False", "Installing", "the initial names have been accepted", now)
                : CustomResourceDefinitionStrategy.SetCondition(crd, "Established", "False", "NotAccepted", "not all names are accepted", now);
        }
        return crd;
    }

    private static string? Conflict(string requested, string accepted, HashSet<string> used) =>
        requested == accepted || !used.Contains(requested) ? null : $"\"{requested}\" is already in use";

    private static CustomResourceDefinitionCondition? Condition(CustomResourceDefinition crd, string type) =>
        crd.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>The finalizer controller: delete every instance, then release the CRD.</summary>
    private async Task<bool> FinalizeAsync(CustomResourceDefinition crd, CancellationToken ct)
    {
        var name = crd.Metadata.Name!;
        if (crd.Metadata.Finalizers?.Contains(CustomResourceDefinitionStrategy.CleanupFinalizer) != true)
        {
            Unregister(name); // other finalizers hold it; nothing is served any more
            return true;
        }
        var now = KubeTime.Now(_api.TimeProvider);
        if (Condition(crd, "Established")?.Status == "True")
        {
            Register(crd); // refuse new instances from now on
            var inProgress = CustomResourceDefinitionStrategy.SetCondition(crd, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", now);
            if (!ReferenceEquals(inProgress, crd))
                crd = (CustomResourceDefinition)await _api.UpdateStatusAsync(_crds, null, inProgress, null, ct).ConfigureAwait(false);
            if (_registered.TryGetValue(name, out var registration) &&
                _api.Registry.TryGetByResource(registration.Group, registration.Plural, out var resource))
            {
                var items = (await _api.ListAsync(resource, null, null, ct).ConfigureAwait(false)).Items;
                foreach (var item in items)
                {
                    if (item.Metadata.DeletionTimestamp is not null) continue;
                    try { await _api.DeleteAsync(resource, item.Metadata.Namespace, item.Metadata.Name!, null, ct).ConfigureAwait(false); }
                    catch (NotFoundException) { }
                }
                if ((await _api.ListAsync(resource, null, null, ct).ConfigureAwait(false)).Items.Count > 0)
                    return false; // instances with finalizers of their own: look again later
            }
            crd = CustomResourceDefinitionStrategy.SetCondition(crd, "Terminating", "False", "InstanceDeletionCompleted", "removed all instances", now);
        }
        else
        {
            crd = CustomResourceDefinitionStrategy.SetCondition(crd, "Terminating", "False", "NeverEstablished", "resource was never established", now);
        }
        crd = (CustomResourceDefinition)await _api.UpdateStatusAsync(_crds, null, crd, null, ct).ConfigureAwait(false);
        Unregister(name);
        var finalizers = (crd.Metadata.Finalizers ?? []).Where(f => f != CustomResourceDefinitionStrategy.CleanupFinalizer).ToList();
        await _api.UpdateAsync(_crds, null, crd with { Metadata = crd.Metadata with { Finalizers = finalizers } }, null, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Registers (or re-registers after a change) the CRD's resource; false when it cannot be served.</summary>
    private bool Register(CustomResourceDefinition crd)
    {
        var name = crd.Metadata.Name!;
        var spec = crd.Spec;
        var names = crd.Status?.AcceptedNames;
        if (spec is null || names is null || names.Plural.Length == 0 || names.Kind.Length == 0) return false;
        var version = spec.Versions?.FirstOrDefault(v => v.Storage && v.Served) ?? spec.Versions?.FirstOrDefault(v => v.Served);
        if (version is null)
        {
            Unregister(name);
            return true; // nothing served, yet established (as upstream)
        }
        var key = string.Join('|', crd.Metadata.Uid, crd.Metadata.Generation, version.Name, JsonSerializer.Serialize(names, CrdJson.Names),
            crd.Metadata.DeletionTimestamp is null ? "" : "terminating");
        if (_registered.TryGetValue(name, out var existing) && existing.Key == key) return true;
        if (_api.Registry.TryGetByResource(spec.Group, names.Plural, out var present) && present.Strategy is not CustomResourceStrategy)
        {
            _logger.LogWarning("CustomResourceDefinition {Name} overlaps the built-in resource {Resource}; not served", name, present.GroupResource);
            return false;
        }
        if (existing is not null && (existing.Group, existing.Plural) != (spec.Group, names.Plural)) _api.Registry.Remove(existing.Group, existing.Plural);
        var subresources = new List<string>();
        if (version.Subresources?.Status is not null) subresources.Add("status");
        if (version.Subresources?.Scale is not null) subresources.Add("scale");
        _api.Registry.Add(new ResourceDefinition
        {
            Group = spec.Group,
            Version = version.Name,
            Kind = names.Kind,
            ListKind = names.ListKind ?? names.Kind + "List",
            Plural = names.Plural,
            Singular = names.Singular ?? names.Kind.ToLowerInvariant(),
            Namespaced = spec.Scope == "Namespaced",
            ShortNames = names.ShortNames ?? [],
            Categories = names.Categories ?? [],
            Subresources = subresources,
            ClrType = typeof(GenericObject),
            Strategy = new CustomResourceStrategy(crd, version.Name),
        });
        _registered[name] = new Registration(spec.Group, names.Plural, key);
        return true;
    }

    private void Unregister(string name)
    {
        if (!_registered.Remove(name, out var registration)) return;
        if (_api.Registry.TryGetByResource(registration.Group, registration.Plural, out var d) && d.Strategy is CustomResourceStrategy)
            _api.Registry.Remove(registration.Group, registration.Plural);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        foreach (var task in new[] { _watch, _worker })
        {
            if (task is null) continue;
            try { await task.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _stop.Dispose();
    }

    private static class CrdJson
    {
        public static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<CustomResourceDefinitionNames> Names =
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<CustomResourceDefinitionNames>)Serialization.KubeJson.GetTypeInfo(typeof(CustomResourceDefinitionNames));
    }
}
