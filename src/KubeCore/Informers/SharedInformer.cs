using Microsoft.Extensions.Logging;
using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Informers;

/// <summary>
/// Keeps an up-to-date cache of one kind by listing and then watching it, and tells registered handlers about every
/// add, update and delete (client-go's SharedIndexInformer). On a 410 or a broken watch it re-lists and delivers the
/// difference, so handlers see a consistent sequence. Handlers run one at a time, in event order: keep them fast
/// (e.g. enqueue a key for a reconciler).
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class SharedInformer<T> : IInformer where T : KubeObject
{
    private readonly ResourceClient<T> _client;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly List<InformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private ITimer? _resyncTimer;

    private readonly Microsoft.Extensions.Logging.ILogger _logger;

    internal SharedInformer(ResourceClient<T> client, TimeProvider time, TimeSpan resyncPeriod, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _client = client;
        _time = time;
        ResyncPeriod = resyncPeriod;
        Lister = new Lister<T>(this);
    }

    /// <summary>How often every cached object is re-delivered to handlers as an update (zero: never).</summary>
    public TimeSpan ResyncPeriod { get; }

    /// <summary>Reads from this informer's cache.</summary>
    public Lister<T> Lister { get; }

    /// <summary>Whether the first list has been applied to the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion of the last event applied.</summary>
    public string? LastSyncResourceVersion { get; private set; }

    /// <summary>
    /// Registers handlers. Objects already in the cache are delivered to <paramref name="onAdd"/> first.
    /// Dispose the result to unregister.
    /// </summary>
    public IDisposable AddEventHandler(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null)
    {
        var handler = new InformerHandler<T>(onAdd, onUpdate, onDelete);
        lock (_gate)
        {
            _handlers.Add(handler);
            if (onAdd is not null) foreach (var item in _items.Values) Invoke(() => onAdd(item), "add", item);
        }
        return new Registration(this, handler);
    }

    /// <summary>Starts listing and watching (idempotent).</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_run is not null) return;
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            _run = Task.Run(() => RunAsync(linked.Token), CancellationToken.None);
            if (ResyncPeriod > TimeSpan.Zero) _resyncTimer = _time.CreateTimer(_ => Resync(), null, ResyncPeriod, ResyncPeriod);
        }
    }

    /// <summary>Completes once the first list has been applied.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Stops the informer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_resyncTimer is not null) await _resyncTimer.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            try { await _run.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        _stop.Dispose();
    }

    internal T? Get(string key)
    {
        lock (_gate) return _items.GetValueOrDefault(key);
    }

    internal List<T> Snapshot(Func<T, bool>? predicate)
    {
        lock (_gate)
        {
            var result = new List<T>(_items.Count);
            foreach (var item in _items.Values) if (predicate is null || predicate(item)) result.Add(item);
            return result;
        }
    }

    internal static string KeyOf(KubeObject obj) =>
        string.IsNullOrEmpty(obj.Metadata.Namespace) ? obj.Metadata.Name ?? "" : obj.Metadata.Namespace + "/" + obj.Metadata.Name;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await _client.ListAsync(new ListOptions(), cancellationToken).ConfigureAwait(false);
                    Replace(list.Items);
                    resourceVersion = list.Metadata.ResourceVersion;
                    LastSyncResourceVersion = resourceVersion;
                    _synced.TrySetResult();
                }
                await foreach (var e in _client.WatchAsync(new ListOptions { ResourceVersion = resourceVersion, AllowWatchBookmarks = true }, cancellationToken).ConfigureAwait(false))
                {
                    if (e.Type == WatchEventType.Error)
                    {
                        resourceVersion = null; // 410 or a watcher that fell behind: re-list.
                        break;
                    }
                    if (e.Object is null) continue;
                    resourceVersion = e.Object.Metadata.ResourceVersion ?? resourceVersion;
                    LastSyncResourceVersion = resourceVersion;
                    Apply(e.Type, e.Object);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (ExpiredException) { resourceVersion = null; }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Transient failure: back off briefly on the cluster clock, then re-list.
                resourceVersion = null;
                try { await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        var key = KeyOf(obj);
        lock (_gate)
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    if (_items.TryGetValue(key, out var old)) { _items[key] = obj; Notify(h => h.OnUpdate?.Invoke(old, obj), "update", obj); }
                    else { _items[key] = obj; Notify(h => h.OnAdd?.Invoke(obj), "add", obj); }
                    break;
                case WatchEventType.Deleted:
                    if (_items.Remove(key, out var last)) Notify(h => h.OnDelete?.Invoke(obj.Metadata.ResourceVersion is null ? last : obj), "delete", obj);
                    break;
            }
        }
    }

    private void Replace(IReadOnlyList<T> items)
    {
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var key = KeyOf(item);
                seen.Add(key);
                if (_items.TryGetValue(key, out var old))
                {
                    _items[key] = item;
                    if (old.Metadata.ResourceVersion != item.Metadata.ResourceVersion) Notify(h => h.OnUpdate?.Invoke(old, item), "update", item);
                }
                else { _items[key] = item; Notify(h => h.OnAdd?.Invoke(item), "add", item); }
            }
            foreach (var key in _items.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _items.Remove(key, out var gone);
                Notify(h => h.OnDelete?.Invoke(gone!), "delete", gone!);
            }
        }
    }

    private void Resync()
    {
        lock (_gate)
        {
            foreach (var item in _items.Values) Notify(h => h.OnUpdate?.Invoke(item, item), "resync", item);
        }
    }

    private void Notify(Action<InformerHandler<T>> deliver, string what, KubeObject obj)
    {
        foreach (var handler in _handlers) Invoke(() => deliver(handler), what, obj);
    }

    private void Invoke(Action action, string what, KubeObject obj)
    {
        // A failing handler must not stop the informer or the other handlers; it is logged, not lost.
        try { action(); }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "{Kind} informer handler failed on {Event} of {Key}", typeof(T).Name, what, KeyOf(obj));
        }
    }

    private sealed class Registration(SharedInformer<T> informer, InformerHandler<T> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (informer._gate) informer._handlers.Remove(handler);
        }
    }
}

/// <summary>One set of handlers registered with an informer.</summary>
internal sealed record InformerHandler<T>(Action<T>? OnAdd, Action<T, T>? OnUpdate, Action<T>? OnDelete) where T : KubeObject;
