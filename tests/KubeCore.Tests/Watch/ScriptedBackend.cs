using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KubeCore.Models;
using KubeCore.Storage;

namespace KubeCore.Tests.Watch;

/// <summary>
/// A minimal storage backend for watch cache tests that can also break its watches on demand (overflow, compaction),
/// which a real backend only does under load.
/// </summary>
internal sealed class ScriptedBackend : IStorageBackend
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, StorageEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<StorageEvent> _log = [];
    private readonly List<(string Prefix, Channel<StorageEvent> Channel)> _watches = [];
    private long _revision;
    private long _compacted;

    public string Name => "scripted";

    public int ListCalls { get; private set; }

    public int ActiveWatches { get { lock (_lock) return _watches.Count; } }

    public ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken = default) { lock (_lock) return ValueTask.FromResult(_revision); }

    public ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default) { lock (_lock) return ValueTask.FromResult(_compacted); }

    public ValueTask<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(_entries.GetValueOrDefault(key));
    }

    /// <summary>When set, lists wait for it (to observe a cache that has not listed yet).</summary>
    public TaskCompletionSource? ListGate { get; set; }

    public async ValueTask<StorageListResult> ListAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default)
    {
        if (ListGate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        return List(prefix);
    }

    private StorageListResult List(string prefix)
    {
        lock (_lock)
        {
            ListCalls++;
            var items = _entries.Values.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            return new StorageListResult(items, _revision);
        }
    }

    public ValueTask<StorageEntry> CreateAsync(string key, KubeObject value, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.ContainsKey(key)) throw new StorageKeyExistsException(key);
            var rev = ++_revision;
            var entry = new StorageEntry(key, value.WithResourceVersion(rev), rev, rev);
            _entries[key] = entry;
            PublishLocked(new StorageEvent(StorageEventType.Added, key, entry.Value, null, rev));
            return ValueTask.FromResult(entry);
        }
    }

    public ValueTask<StorageEntry> UpdateAsync(string key, KubeObject value, long expectedRevision, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var current)) throw new StorageKeyNotFoundException(key);
            if (expectedRevision != 0 && current.ModRevision != expectedRevision) throw new StorageConflictException(key, expectedRevision, current);
            var rev = ++_revision;
            var entry = new StorageEntry(key, value.WithResourceVersion(rev), current.CreateRevision, rev);
            _entries[key] = entry;
            PublishLocked(new StorageEvent(StorageEventType.Modified, key, entry.Value, current.Value, rev));
            return ValueTask.FromResult(entry);
        }
    }

    public ValueTask<StorageEntry> DeleteAsync(string key, long expectedRevision = 0, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var current)) throw new StorageKeyNotFoundException(key);
            if (expectedRevision != 0 && current.ModRevision != expectedRevision) throw new StorageConflictException(key, expectedRevision, current);
            var rev = ++_revision;
            _entries.Remove(key);
            var last = current.Value.WithResourceVersion(rev);
            PublishLocked(new StorageEvent(StorageEventType.Deleted, key, last, current.Value, rev));
            return ValueTask.FromResult(current with { Value = last, ModRevision = rev });
        }
    }

    public IAsyncEnumerable<StorageEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<StorageEvent>();
        lock (_lock)
        {
            if (afterRevision != 0 && afterRevision < _compacted)
                return Throwing(new StorageRevisionCompactedException(afterRevision, _compacted));
            foreach (var e in _log)
                if (e.Revision > afterRevision && e.Key.StartsWith(prefix, StringComparison.Ordinal)) channel.Writer.TryWrite(e);
            _watches.Add((prefix, channel));
        }
        return Read(channel, cancellationToken);
    }

    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _compacted = Math.Max(_compacted, revision);
            _log.RemoveAll(e => e.Revision < revision);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends every open watch with <paramref name="error"/>, as a backend does when a consumer falls behind.</summary>
    public void BreakWatches(Exception error)
    {
        lock (_lock)
        {
            foreach (var (_, channel) in _watches) channel.Writer.TryComplete(error);
            _watches.Clear();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void PublishLocked(StorageEvent e)
    {
        _log.Add(e);
        foreach (var (prefix, channel) in _watches)
            if (e.Key.StartsWith(prefix, StringComparison.Ordinal)) channel.Writer.TryWrite(e);
    }

    private async IAsyncEnumerable<StorageEvent> Read(Channel<StorageEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken)) yield return e;
        }
        finally
        {
            lock (_lock) _watches.RemoveAll(w => w.Channel == channel);
        }
    }

#pragma warning disable CS1998
    private static async IAsyncEnumerable<StorageEvent> Throwing(Exception error)
    {
        throw error;
#pragma warning disable CS0162
        yield break;
    }
}
