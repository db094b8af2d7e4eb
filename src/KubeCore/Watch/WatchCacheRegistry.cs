using System.Collections.Concurrent;
using KubeCore.Storage;

namespace KubeCore.Watch;

/// <summary>Creates, starts and owns one <see cref="WatchCache"/> per resource prefix, on demand.</summary>
/// <param name="backend">The storage every cache lists and watches.</param>
/// <param name="configure">Builds the options of the cache for a prefix (indexes, bookmark factory, clock); null = defaults.</param>
public sealed class WatchCacheRegistry(IStorageBackend backend, Func<string, WatchCacheOptions>? configure = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<WatchCache>> _caches = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>The prefixes that have a cache.</summary>
    public IReadOnlyCollection<string> Prefixes => [.. _caches.Keys];

    /// <summary>The started cache of <paramref name="prefix"/>, created on first use.</summary>
    /// <exception cref="ObjectDisposedException">The registry has been disposed.</exception>
    public WatchCache Get(string prefix)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var cache = _caches.GetOrAdd(prefix, p => new Lazy<WatchCache>(() =>
        {
            var c = new WatchCache(backend, p, configure?.Invoke(p));
            c.Start();
            return c;
        })).Value;
        if (_disposed)
        {
            _ = cache.DisposeAsync();
            throw new ObjectDisposedException(nameof(WatchCacheRegistry));
        }
        return cache;
    }

    /// <summary>The cache of <paramref name="prefix"/> once it has listed storage.</summary>
    public async ValueTask<WatchCache> GetReadyAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var cache = Get(prefix);
        await cache.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        return cache;
    }

    /// <summary>Disposes every cache, ending their watches.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var (_, lazy) in _caches)
            if (lazy.IsValueCreated) await lazy.Value.DisposeAsync().ConfigureAwait(false);
        _caches.Clear();
    }
}
