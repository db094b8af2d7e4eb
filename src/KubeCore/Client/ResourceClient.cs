using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Client;

/// <summary>
/// Typed operations on one resource, in one namespace (or cluster-wide): <c>client.Pods("default").CreateAsync(pod)</c>.
/// Failures surface as <see cref="KubeApiException"/> subclasses carrying the Kubernetes Status.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class ResourceClient<T> where T : KubeObject
{
    private readonly KubeApi _api;

    internal ResourceClient(KubeApi api, ResourceDefinition resource, string? @namespace)
    {
        _api = api;
        Resource = resource;
        Namespace = resource.Namespaced ? @namespace : null;
    }

    /// <summary>The API layer behind this client.</summary>
    public KubeApi Api => _api;

    /// <summary>The resource this client operates on.</summary>
    public ResourceDefinition Resource { get; }

    /// <summary>The namespace (null: all namespaces for list/watch, or a cluster-scoped resource).</summary>
    public string? Namespace { get; }

    /// <summary>Creates an object and returns it as stored.</summary>
    public async Task<T> CreateAsync(T obj, CreateOptions? options = null, CancellationToken cancellationToken = default) =>
        Cast(await _api.CreateAsync(Resource, NamespaceFor(obj), obj, options, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads an object.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public async Task<T> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Cast(await _api.GetAsync(Resource, RequireNamespace(), name, null, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads an object, or null when it does not exist.</summary>
    public async Task<T?> TryGetAsync(string name, CancellationToken cancellationToken = default)
    {
        try { return await GetAsync(name, cancellationToken).ConfigureAwait(false); }
        catch (NotFoundException) { return null; }
    }

    /// <summary>Lists objects, optionally filtered by label and field selectors.</summary>
    public Task<KubeList<T>> ListAsync(string? labelSelector = null, string? fieldSelector = null, CancellationToken cancellationToken = default) =>
        ListAsync(new ListOptions { LabelSelector = labelSelector, FieldSelector = fieldSelector }, cancellationToken);

    /// <summary>Lists objects with full list options (paging, resourceVersion).</summary>
    public async Task<KubeList<T>> ListAsync(ListOptions options, CancellationToken cancellationToken = default)
    {
        var page = await _api.ListAsync(Resource, Namespace, options, cancellationToken).ConfigureAwait(false);
        var items = new T[page.Items.Count];
        for (var i = 0; i < items.Length; i++) items[i] = Cast(page.Items[i]);
        return new KubeList<T>
        {
            ApiVersion = Resource.ApiVersion,
            Kind = Resource.ListKind,
            Metadata = new ListMeta { ResourceVersion = page.ResourceVersion, Continue = page.Continue, RemainingItemCount = page.RemainingItemCount },
            Items = items,
        };
    }

    /// <summary>Replaces an object; a set resourceVersion must match the stored one.</summary>
    /// <exception cref="ConflictException">The resourceVersion is stale.</exception>
    public async Task<T> UpdateAsync(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        Cast(await _api.UpdateAsync(Resource, NamespaceFor(obj), obj, options, cancellationToken).ConfigureAwait(false));

    /// <summary>Replaces an object's status through the status subresource.</summary>
    public async Task<T> UpdateStatusAsync(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        Cast(await _api.UpdateStatusAsync(Resource, NamespaceFor(obj), obj, options, cancellationToken).ConfigureAwait(false));

    /// <summary>Patches an object (JSON patch, merge patch or strategic merge patch).</summary>
    public async Task<T> PatchAsync(string name, PatchType type, string patch, PatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Cast(await _api.PatchAsync(Resource, RequireNamespace(), name, type, ParsePatch(patch), options, "", cancellationToken).ConfigureAwait(false));

    /// <summary>Patches an object's status.</summary>
    public async Task<T> PatchStatusAsync(string name, PatchType type, string patch, PatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Cast(await _api.PatchAsync(Resource, RequireNamespace(), name, type, ParsePatch(patch), options, "status", cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Server-side apply (<c>kubectl apply --server-side</c>): sends <paramref name="obj"/> as the whole intent of
    /// <paramref name="fieldManager"/>, which then owns exactly those fields; creates the object when it does not exist.
    /// Server-owned metadata (managedFields, resourceVersion, uid, timestamps) is left out of the configuration.
    /// </summary>
    /// <param name="obj">The configuration: only the fields the manager cares about should be set.</param>
    /// <param name="fieldManager">Who applies (required, at most 128 characters).</param>
    /// <param name="force">Take over fields other managers own instead of failing with a conflict.</param>
    /// <param name="dryRun">Run every step but store nothing.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ConflictException">Fields owned by other managers would change (Status reason Conflict, one FieldManagerConflict cause per field).</exception>
    public async Task<T> ServerSideApplyAsync(T obj, string fieldManager, bool force = false, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata.Name;
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("server-side apply needs metadata.name", nameof(obj));
        var ns = Resource.Namespaced ? Namespace ?? obj.Metadata.Namespace : null;
        var options = new PatchOptions { FieldManager = fieldManager, Force = force, DryRun = dryRun };
        return Cast(await _api.PatchAsync(Resource, ns, name, PatchType.Apply, ApplyConfiguration(Resource, obj), options, "", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Server-side apply to the <c>status</c> subresource: <paramref name="fieldManager"/> owns the status fields of <paramref name="obj"/>.</summary>
    /// <exception cref="NotFoundException">The object does not exist (apply to status does not create).</exception>
    public async Task<T> ServerSideApplyStatusAsync(T obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ns = Resource.Namespaced ? Namespace ?? obj.Metadata.Namespace : null;
        var options = new PatchOptions { FieldManager = fieldManager, Force = force };
        return Cast(await _api.PatchAsync(Resource, ns, obj.Metadata.Name ?? "", PatchType.Apply, ApplyConfiguration(Resource, obj), options, "status", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A typed object as an apply configuration: its JSON without server-owned metadata.</summary>
    internal static JsonObject ApplyConfiguration(ResourceDefinition resource, KubeObject obj)
    {
        var config = Serialization.KubeJson.ToJsonNode(obj);
        config["apiVersion"] = resource.ApiVersion;
        config["kind"] = resource.Kind;
        if (config["metadata"] is JsonObject meta)
            foreach (var f in (string[])["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"])
                meta.Remove(f);
        return config;
    }

    /// <summary>Reads or modifies an object with <paramref name="update"/>, retrying on conflicts until it sticks.</summary>
    public async Task<T> UpdateWithRetryAsync(string name, Func<T, T> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        while (true)
        {
            var current = await GetAsync(name, cancellationToken).ConfigureAwait(false);
            try { return await UpdateAsync(update(current), null, cancellationToken).ConfigureAwait(false); }
            catch (ConflictException) { }
        }
    }

    /// <summary>
    /// Deletes an object. Returns its last state, or its state with <c>deletionTimestamp</c> set when deletion waits
    /// for finalizers or a grace period.
    /// </summary>
    public async Task<T> DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        Cast((await _api.DeleteAsync(Resource, RequireNamespace(), name, options, cancellationToken).ConfigureAwait(false)).Object);

    /// <summary>Reads the scale subresource (replicas) of a scalable object.</summary>
    public Task<Scale> GetScaleAsync(string name, CancellationToken cancellationToken = default) =>
        _api.GetScaleAsync(Resource, RequireNamespace(), name, cancellationToken).AsTask();

    /// <summary>Sets the desired replicas through the scale subresource.</summary>
    public Task<Scale> ScaleAsync(string name, int replicas, CancellationToken cancellationToken = default) =>
        _api.UpdateScaleAsync(Resource, RequireNamespace(), name, replicas, null, cancellationToken).AsTask();

    /// <summary>Watches changes as an async stream, shaped like KubernetesClient's <c>WatchListXxxAsync</c>.</summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _api.WatchAsync<T>(Resource, Namespace, options, cancellationToken);

    /// <summary>Watches changes as an observable sequence (System.Reactive); disposing the subscription ends the watch.</summary>
    public IObservable<WatchEvent<T>> Watch(ListOptions? options = null) =>
        System.Reactive.Linq.Observable.Create<WatchEvent<T>>(async (observer, cancellationToken) =>
        {
            try
            {
                await foreach (var e in WatchAsync(options, cancellationToken).ConfigureAwait(false)) observer.OnNext(e);
                observer.OnCompleted();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
            catch (Exception e) { observer.OnError(e); }
        });

    private string? NamespaceFor(T obj) => Namespace ?? obj.Metadata.Namespace;

    private string? RequireNamespace()
    {
        if (Resource.Namespaced && Namespace is null)
            throw new InvalidOperationException($"{Resource.Plural} are namespaced: get a client for one namespace to read or write a single object");
        return Namespace;
    }

    private static JsonNode ParsePatch(string patch)
    {
        try { return JsonNode.Parse(patch) ?? throw ApiErrors.BadRequest("the patch is empty"); }
        catch (System.Text.Json.JsonException e) { throw ApiErrors.BadRequest("the patch is not valid JSON: " + e.Message); }
    }

    private T Cast(KubeObject obj) => obj as T ?? throw new InvalidOperationException(
        $"{Resource.GroupResource} returned {obj.GetType().Name}, not {typeof(T).Name}; register {typeof(T).Name} for {Resource.ApiVersion}/{Resource.Kind}");
}
