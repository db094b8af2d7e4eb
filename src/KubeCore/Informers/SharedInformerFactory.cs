using System.Collections.Concurrent;
using KubeCore.Client;
using KubeCore.Models;

namespace KubeCore.Informers;

/// <summary>
/// Hands out one <see cref="SharedInformer{T}"/> per kind and namespace, so every controller interested in a kind
/// shares a single watch and a single cache (client-go's SharedInformerFactory).
/// </summary>
public sealed class SharedInformerFactory : IAsyncDisposable
{
    private readonly KubeClient _client;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(Type Type, string Namespace), IInformer> _informers = new();
    private readonly Microsoft.Extensions.Logging.ILogger? _logger;
    private volatile bool _started;
    private CancellationToken _startToken;

    /// <summary>Creates a factory over a client.</summary>
    /// <param name="client">The client whose list/watch feeds the informers.</param>
    /// <param name="timeProvider">The clock for resync periods.</param>
    /// <param name="defaultResyncPeriod">How often informers re-deliver every cached object as an update; zero disables.</param>
    /// <param name="logger">Where failing handlers are logged.</param>
    public SharedInformerFactory(KubeClient client, TimeProvider? timeProvider = null, TimeSpan defaultResyncPeriod = default,
        Microsoft.Extensions.Logging.ILogger<SharedInformerFactory>? logger = null)
    {
        _logger = logger;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = timeProvider ?? TimeProvider.System;
        DefaultResyncPeriod = defaultResyncPeriod;
    }

    /// <summary>The resync period of informers created without one.</summary>
    public TimeSpan DefaultResyncPeriod { get; }

    /// <summary>
    /// The shared informer for <typeparamref name="T"/> in <paramref name="namespace"/> (null: all namespaces).
    /// Informers requested after <see cref="Start"/> start at once.
    /// </summary>
    public SharedInformer<T> GetInformer<T>(string? @namespace = null) where T : KubeObject
    {
        var informer = (SharedInformer<T>)_informers.GetOrAdd((typeof(T), @namespace ?? ""),
            _ => new SharedInformer<T>(_client.Resource<T>(@namespace), _time, DefaultResyncPeriod, _logger));
        if (_started) informer.Start(_startToken);
        return informer;
    }

    /// <summary>Starts every informer created so far (and any created later).</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        _startToken = cancellationToken;
        _started = true;
        foreach (var informer in _informers.Values) informer.Start(cancellationToken);
    }

    /// <summary>Completes when every started informer has listed its kind once.</summary>
    public async Task WaitForCacheSyncAsync(CancellationToken cancellationToken = default)
    {
        foreach (var informer in _informers.Values) await informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every informer.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var informer in _informers.Values) await informer.DisposeAsync().ConfigureAwait(false);
        _informers.Clear();
    }
}

/// <summary>What the factory needs of an informer regardless of its type.</summary>
internal interface IInformer : IAsyncDisposable
{
    void Start(CancellationToken cancellationToken);
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
