using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KubeCore.Models;
using KubeCore.Storage;
using KubeCore.Watch;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    private WatchCacheRegistry? _caches;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _lastWrite = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts a watch cache for every registered resource (and for resources registered later), as kube-apiserver
    /// does at start-up, so a watch can resume from any revision written since. Idempotent.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _cachesStarted, 1) == 1) return;
        Registry.Changed += resource =>
        {
            if (Registry.TryGetByResource(resource.Group, resource.Plural, out _)) WatchCaches.Get(resource.KeyPrefix);
        };
        foreach (var resource in Registry.All)
            await WatchCaches.GetReadyAsync(resource.KeyPrefix, cancellationToken).ConfigureAwait(false);
        await LoadServiceAddressesAsync(cancellationToken).ConfigureAwait(false);
    }

    private int _cachesStarted;

    /// <summary>The watch caches that serve lists and watches, one per resource.</summary>
    public WatchCacheRegistry WatchCaches => _caches ??= CreateCaches();

    /// <summary>
    /// Watches a resource (in one namespace, or all when null) with Kubernetes' semantics: resourceVersion unset or
    /// <c>0</c> starts with ADDED events for the current state, N resumes after N (or ends with a 410 ERROR when N is
    /// too old), <c>sendInitialEvents</c> adds the initial-events-end bookmark, <c>timeoutSeconds</c> ends the watch
    /// cleanly on the cluster clock. Selectors apply as for lists; objects moving out of a selector arrive as DELETED.
    /// </summary>
    /// <exception cref="BadRequestException">A selector or the resourceVersion is invalid.</exception>
    public IAsyncEnumerable<WatchEvent<KubeObject>> WatchAsync(ResourceDefinition resource, string? @namespace,
        ListOptions? options = null, CancellationToken cancellationToken = default) =>
        WatchAsync<KubeObject>(resource, @namespace, options, cancellationToken);

    /// <summary>Watches a resource as typed events (see the untyped overload for the semantics).</summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceDefinition resource, string? @namespace,
        ListOptions? options = null, CancellationToken cancellationToken = default) where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(resource);
        options ??= new ListOptions();
        return new ApiWatch<T>(async token =>
        {
            var watch = await OpenWatchAsync(resource, @namespace, options, token).ConfigureAwait(false);
            var timeout = options.TimeoutSeconds is > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds.Value), _time) : null;
            return new ApiWatch<T>.Opened(watch, timeout);
        }, cancellationToken);
    }

    private async ValueTask<CacheWatch> OpenWatchAsync(ResourceDefinition resource, string? @namespace, ListOptions options, CancellationToken cancellationToken)
    {
        var filter = ListFilter.Create(resource, options);
        var requested = options.ResourceVersion is null or "" or "0" ? 0 : ResourceVersions.Parse(options.ResourceVersion);
        var cache = await WatchCaches.GetReadyAsync(resource.KeyPrefix, cancellationToken).ConfigureAwait(false);
        cache.CatchUpWithBackend();

        string? resourceVersion = options.ResourceVersion;
        if (string.IsNullOrEmpty(resourceVersion))
        {
            // "Most recent": every write acknowledged so far is visible before the watch starts.
            await cache.WaitUntilFreshAsync(LastWriteRevision(resource), cancellationToken).ConfigureAwait(false);
        }
        else if (requested > cache.Revision)
        {
            // A revision from another resource (or a storage-served list): the cache is current once it has applied
            // this resource's last write, and nothing of this resource happened in between.
            var current = await _storage.GetCurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (requested > current) throw ApiErrors.TooLargeResourceVersion(requested, current);
            await cache.WaitUntilFreshAsync(Math.Min(requested, LastWriteRevision(resource)), cancellationToken).ConfigureAwait(false);
            if (requested > cache.Revision) resourceVersion = cache.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return cache.Watch(new WatchRequest
        {
            KeyPrefix = resource.KeyPrefixFor(@namespace),
            Filter = filter.AsPredicate(),
            IndexHints = filter.IndexQueries.Count > 0 ? filter.IndexQueries : null,
            ResourceVersion = resourceVersion,
            SendInitialEvents = options.SendInitialEvents,
            AllowWatchBookmarks = options.AllowWatchBookmarks,
        });
    }

    /// <summary>Lists from the watch cache, at least as fresh as <paramref name="atLeast"/> (0: as cached).</summary>
    private async ValueTask<ObjectList> ListFromCacheAsync(ResourceDefinition resource, string? @namespace, ListFilter filter,
        long atLeast, CancellationToken cancellationToken)
    {
        var cache = await WatchCaches.GetReadyAsync(resource.KeyPrefix, cancellationToken).ConfigureAwait(false);
        cache.CatchUpWithBackend();
        if (atLeast > 0) await cache.WaitUntilFreshAsync(Math.Min(atLeast, LastWriteRevision(resource)), cancellationToken).ConfigureAwait(false);
        var result = cache.List(resource.KeyPrefixFor(@namespace), filter.AsPredicate(), filter.IndexQueries.Count > 0 ? filter.IndexQueries : null);
        return new ObjectList(result.Items, result.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The revision of the last write this API made to <paramref name="resource"/>.</summary>
    private long LastWriteRevision(ResourceDefinition resource) =>
        _lastWrite.TryGetValue(resource.KeyPrefix, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Records a write so later consistent reads wait for the cache to have applied it.</summary>
    private KubeObject Track(ResourceDefinition resource, StorageEntry entry)
    {
        var box = _lastWrite.GetOrAdd(resource.KeyPrefix, static _ => new StrongBox<long>());
        var revision = entry.ModRevision;
        var seen = Volatile.Read(ref box.Value);
        while (revision > seen)
        {
            var previous = Interlocked.CompareExchange(ref box.Value, revision, seen);
            if (previous == seen) break;
            seen = previous;
        }
        return entry.Value;
    }

    private WatchCacheRegistry CreateCaches() => new(_storage, prefix =>
    {
        var resource = Registry.All.FirstOrDefault(r => r.KeyPrefix == prefix);
        var options = new WatchCacheOptions { TimeProvider = _time };
        if (resource is null) return options;
        options.BookmarkObjectFactory = () => BlankOf(resource);
        foreach (var field in resource.Strategy.IndexedFields)
        {
            var strategy = resource.Strategy;
            options.AddFieldIndex(field, o => strategy.GetSelectableField(o, field) is { } v ? [v] : []);
        }
        return options;
    });

    private static KubeObject BlankOf(ResourceDefinition resource)
    {
        var blank = resource.ClrType == typeof(GenericObject) ? new GenericObject() : (KubeObject)Activator.CreateInstance(resource.ClrType)!;
        return blank with { ApiVersion = resource.ApiVersion, Kind = resource.Kind };
    }
}
