using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Client;

/// <summary>
/// The typed in-process client: <c>client.Pods("default").CreateAsync(pod)</c>, or generically
/// <c>client.CreateAsync(obj)</c>. Every call goes through the same API semantics as the HTTP API.
/// </summary>
public sealed partial class KubeClient
{
    private readonly KubeApi _api;

    /// <summary>Creates a client over an API layer.</summary>
    public KubeClient(KubeApi api) => _api = api ?? throw new ArgumentNullException(nameof(api));

    /// <summary>The API layer this client calls.</summary>
    public KubeApi Api => _api;

    /// <summary>A client for the resource modelled by <typeparamref name="T"/>, in <paramref name="namespace"/> (null: all namespaces or cluster-scoped).</summary>
    /// <exception cref="InvalidOperationException">No resource is registered for <typeparamref name="T"/>.</exception>
    public ResourceClient<T> Resource<T>(string? @namespace = null) where T : KubeObject =>
        new(_api, _api.Registry.Get<T>(), @namespace);

    /// <summary>A client for any registered resource by apiVersion and kind (custom resources included), as <see cref="GenericObject"/>.</summary>
    /// <exception cref="InvalidOperationException">No such resource is registered.</exception>
    public ResourceClient<KubeObject> Resource(string apiVersion, string kind, string? @namespace = null) =>
        _api.Registry.TryGetByApiVersionKind(apiVersion, kind, out var resource)
            ? new ResourceClient<KubeObject>(_api, resource, @namespace)
            : throw new InvalidOperationException($"the server doesn't have a resource type for {apiVersion}, Kind={kind}");

    /// <summary>Creates any object, choosing the resource from its apiVersion and kind.</summary>
    public async Task<T> CreateAsync<T>(T obj, CreateOptions? options = null, CancellationToken cancellationToken = default) where T : KubeObject =>
        (T)await _api.CreateAsync(ResourceOf(obj), obj.Metadata.Namespace, obj, options, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads an object of type <typeparamref name="T"/>.</summary>
    public Task<T> GetAsync<T>(string name, string? @namespace = null, CancellationToken cancellationToken = default) where T : KubeObject =>
        Resource<T>(@namespace).GetAsync(name, cancellationToken);

    /// <summary>Lists objects of type <typeparamref name="T"/>.</summary>
    public Task<KubeList<T>> ListAsync<T>(string? @namespace = null, string? labelSelector = null, string? fieldSelector = null,
        CancellationToken cancellationToken = default) where T : KubeObject =>
        Resource<T>(@namespace).ListAsync(labelSelector, fieldSelector, cancellationToken);

    /// <summary>Replaces any object, choosing the resource from its apiVersion and kind.</summary>
    public async Task<T> UpdateAsync<T>(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) where T : KubeObject =>
        (T)await _api.UpdateAsync(ResourceOf(obj), obj.Metadata.Namespace, obj, options, cancellationToken).ConfigureAwait(false);

    /// <summary>Replaces any object's status.</summary>
    public async Task<T> UpdateStatusAsync<T>(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) where T : KubeObject =>
        (T)await _api.UpdateStatusAsync(ResourceOf(obj), obj.Metadata.Namespace, obj, options, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes an object of type <typeparamref name="T"/>.</summary>
    public Task<T> DeleteAsync<T>(string name, string? @namespace = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) where T : KubeObject =>
        Resource<T>(@namespace).DeleteAsync(name, options, cancellationToken);

    /// <summary>Watches objects of type <typeparamref name="T"/>.</summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? @namespace = null, ListOptions? options = null, CancellationToken cancellationToken = default) where T : KubeObject =>
        Resource<T>(@namespace).WatchAsync(options, cancellationToken);

    private ResourceDefinition ResourceOf(KubeObject obj)
    {
        if (_api.Registry.TryGetByType(obj.GetType(), out var byType)) return byType;
        if (!string.IsNullOrEmpty(obj.ApiVersion) && !string.IsNullOrEmpty(obj.Kind) &&
            _api.Registry.TryGetByApiVersionKind(obj.ApiVersion, obj.Kind, out var byKind)) return byKind;
        throw new InvalidOperationException($"no resource is registered for {obj.ApiVersion}/{obj.Kind} ({obj.GetType().Name})");
    }
}
