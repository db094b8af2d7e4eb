using System.Runtime.CompilerServices;
using KubeCore.Models;
using KubeCore.Storage;
using KubeCore.Storage.Memory;

namespace KubeCore.Controllers.Tests.ReplicaSets;

/// <summary>
/// The in-memory store, but pod changes reach watchers (and so the watch cache and every informer) only once
/// <see cref="Release"/> is called while the store is held: a slow informer, on demand.
/// </summary>
internal sealed class LaggingPodStorage : IStorageBackend
{
    private readonly InMemoryStorageBackend _inner = new();
    private volatile TaskCompletionSource _released = NewGate(open: true);

    public string Name => "lagging-memory";

    /// <summary>Holds back pod watch events from now on.</summary>
    public void Hold() => _released = NewGate(open: false);

    /// <summary>Lets the held pod watch events through.</summary>
    public void Release() => _released.TrySetResult();

    public ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken = default) => _inner.GetCurrentRevisionAsync(cancellationToken);
    public ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default) => _inner.GetCompactedRevisionAsync(cancellationToken);
    public ValueTask<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);
    public ValueTask<StorageListResult> ListAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, revision, cancellationToken);
    public ValueTask<StorageEntry> CreateAsync(string key, KubeObject value, CancellationToken cancellationToken = default) => _inner.CreateAsync(key, value, cancellationToken);
    public ValueTask<StorageEntry> UpdateAsync(string key, KubeObject value, long expectedRevision, CancellationToken cancellationToken = default) =>
        _inner.UpdateAsync(key, value, expectedRevision, cancellationToken);
    public ValueTask<StorageEntry> DeleteAsync(string key, long expectedRevision = 0, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(key, expectedRevision, cancellationToken);
    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default) => _inner.CompactAsync(revision, cancellationToken);
    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    public async IAsyncEnumerable<StorageEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _inner.WatchAsync(prefix, afterRevision, cancellationToken).ConfigureAwait(false))
        {
            if (e.Key.StartsWith("/registry/pods/", StringComparison.Ordinal)) await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            yield return e;
        }
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) gate.SetResult();
        return gate;
    }
}
