using System.Threading.Channels;
using KubeCore.Models;

namespace KubeCore.Controllers.GarbageCollection;

/// <summary>
/// The garbage collector (pkg/controller/garbagecollector), as a component that runs with the cluster: informer
/// events of the common kinds, and a periodic resync on the cluster's clock, trigger a scan of every listable kind
/// that deletes dependents whose owners are gone and finishes Foreground and Orphan deletions.
/// </summary>
internal sealed class GarbageCollector : IAsyncDisposable
{
    private readonly KubeCluster _cluster;
    private readonly BuiltInControllersOptions _options;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _handlers = [];
    private Task _loop = Task.CompletedTask;

    private GarbageCollector(KubeCluster cluster, BuiltInControllersOptions options)
    {
        _cluster = cluster;
        _options = options;
    }

    /// <summary>Registers the garbage collector on <paramref name="builder"/>; it starts with the cluster.</summary>
    public static void Register(KubeClusterBuilder builder, BuiltInControllersOptions options) =>
        builder.AddHostedComponent((cluster, _) =>
        {
            var gc = new GarbageCollector(cluster, options);
            gc.Start();
            return Task.FromResult<IAsyncDisposable>(gc);
        });

    private void Start()
    {
        Watch<Pod>();
        Watch<ReplicaSet>();
        Watch<Deployment>();
        Watch<Job>();
        Watch<ConfigMap>();
        Watch<Secret>();
        Watch<Service>();
        _signal.Writer.TryWrite(true);
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    private void Watch<T>() where T : KubeObject
    {
        var informer = _cluster.Informers.GetInformer<T>();
        informer.Start(CancellationToken.None);
        _handlers.Add(informer.AddEventHandler(onAdd: Relevant, onUpdate: RelevantUpdate, onDelete: _ => Signal()));
    }

    // An update that keeps the owners and is not part of a deletion cannot create garbage or unblock a deletion: the
    // add (or the update that set those owners) already triggered a scan. Status churn (every pod start) skips the scan.
    private void RelevantUpdate(KubeObject old, KubeObject updated)
    {
        if (updated.Metadata.DeletionTimestamp is not null || !SameOwners(old.Metadata.OwnerReferences, updated.Metadata.OwnerReferences)) Relevant(updated);
    }

    private static bool SameOwners(IReadOnlyList<OwnerReference>? a, IReadOnlyList<OwnerReference>? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        for (var i = 0; i < (a?.Count ?? 0); i++)
            if (a![i] != b![i]) return false;
        return true;
    }

    // Only objects that own, depend on, or are finishing a propagated delete can need the collector.
    private void Relevant(KubeObject obj)
    {
        if (obj.Metadata.OwnerReferences is { Count: > 0 } || obj.Metadata.DeletionTimestamp is not null) Signal();
    }

    private void Signal() => _signal.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken ct)
    {
        var scanner = new GarbageCollectorScan(_cluster);
        while (!ct.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var signalled = _signal.Reader.WaitToReadAsync(wait.Token).AsTask();
                var resync = Task.Delay(_options.GarbageCollectorResyncPeriod, _cluster.TimeProvider, wait.Token);
                try { await Task.WhenAny(signalled, resync).ConfigureAwait(false); }
                finally { await wait.CancelAsync().ConfigureAwait(false); }
            }
            if (ct.IsCancellationRequested) break;
            _signal.Reader.TryRead(out _);
            try
            {
                if (await scanner.RunAsync(ct).ConfigureAwait(false)) Signal(); // changes made: look again for what they unblocked
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (KubeCore.Api.KubeApiException) { } // a failed write (conflict, race) is retried on the next event or resync
        }
    }

    /// <summary>Stops the collector and detaches from the informers.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var handler in _handlers) handler.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
