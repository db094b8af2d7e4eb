using System.Collections.Concurrent;
using KubeCore.Models;

namespace KubeCore.Storage.Memory;

/// <summary>
/// The embedded default <see cref="IStorageBackend"/>: keeps the very object instances it is given (stamped with
/// their revision), with MVCC history over a bounded window of revisions.
/// </summary>
/// <remarks>
/// Writes are serialized under one lock whose critical section only checks, links and publishes; every operation
/// completes synchronously. <see cref="GetAsync"/> takes no lock. Lists and watch replays hold the lock while they
/// copy references (lists at an older revision also undo the newer writes), so they are O(items + revisions undone).
/// </remarks>
public sealed partial class InMemoryStorageBackend : IStorageBackend
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, KeyState> _byKey = new(StringComparer.Ordinal);
    private readonly SortedSet<KeyState> _ordered = new(KeyStateComparer.Instance);
    private readonly HistoryLog _history;
    private readonly int _watchBufferSize;
    private MemoryWatcher[] _watchers = [];
    private long _revision;
    private bool _disposed;

    /// <summary>Creates an empty store at revision 0.</summary>
    /// <param name="options">Settings; null uses the documented defaults of <see cref="InMemoryStorageOptions"/>.</param>
    public InMemoryStorageBackend(InMemoryStorageOptions? options = null)
    {
        options ??= new InMemoryStorageOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryWindow, 1, nameof(options.HistoryWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WatchBufferSize, 1, nameof(options.WatchBufferSize));
        _history = new HistoryLog(options.HistoryWindow);
        _watchBufferSize = options.WatchBufferSize;
    }

    /// <inheritdoc/>
    public string Name => "memory";

    /// <inheritdoc/>
    public ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken = default) =>
        new(Volatile.Read(ref _revision));

    /// <inheritdoc/>
    public ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return new(_history.CompactedRevision);
    }

    /// <inheritdoc/>
    public ValueTask<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new(_byKey.TryGetValue(key, out var state) ? state.Current : null);
    }

    /// <inheritdoc/>
    public ValueTask<StorageListResult> ListAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<StorageListResult>(cancellationToken);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var current = _revision;
            if (revision == 0) revision = current;
            else if (revision > current) return ValueTask.FromException<StorageListResult>(new StorageRevisionNotYetReachedException(revision, current));
            else if (revision < _history.CompactedRevision)
                return ValueTask.FromException<StorageListResult>(new StorageRevisionCompactedException(revision, _history.CompactedRevision));

            var items = new List<StorageEntry>();
            foreach (var state in Range(prefix)) items.Add(state.Current);
            if (revision < current) UndoNewerThan(revision, current, prefix, items);
            return new(new StorageListResult(items, revision));
        }
    }

    /// <inheritdoc/>
    public ValueTask<StorageEntry> CreateAsync(string key, KubeObject value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<StorageEntry>(cancellationToken);
        // Stamp outside the lock with the revision this write will most likely get; re-stamp only if another write won.
        var guess = Volatile.Read(ref _revision) + 1;
        var stamped = value.WithResourceVersion(guess);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var revision = _revision + 1;
            if (revision != guess) stamped = value.WithResourceVersion(revision);
            var entry = new StorageEntry(key, stamped, revision, revision);
            var state = new KeyState(entry);
            if (!_byKey.TryAdd(key, state)) return ValueTask.FromException<StorageEntry>(new StorageKeyExistsException(key));
            _ordered.Add(state);
            Commit(entry, null, StorageEventType.Added);
            return new(entry);
        }
    }

    /// <inheritdoc/>
    public ValueTask<StorageEntry> UpdateAsync(string key, KubeObject value, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<StorageEntry>(cancellationToken);
        var guess = Volatile.Read(ref _revision) + 1;
        var stamped = value.WithResourceVersion(guess);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_byKey.TryGetValue(key, out var state)) return ValueTask.FromException<StorageEntry>(new StorageKeyNotFoundException(key));
            var previous = state.Current;
            if (previous.ModRevision != expectedRevision)
                return ValueTask.FromException<StorageEntry>(new StorageConflictException(key, expectedRevision, previous));
            var revision = _revision + 1;
            if (revision != guess) stamped = value.WithResourceVersion(revision);
            var entry = new StorageEntry(key, stamped, previous.CreateRevision, revision);
            state.Current = entry;
            Commit(entry, previous, StorageEventType.Modified);
            return new(entry);
        }
    }

    /// <inheritdoc/>
    public ValueTask<StorageEntry> DeleteAsync(string key, long expectedRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<StorageEntry>(cancellationToken);
        // Stamp the last value outside the lock when it is likely to still be the last value at commit.
        var guess = Volatile.Read(ref _revision) + 1;
        var seen = _byKey.TryGetValue(key, out var seenState) ? seenState.Current : null;
        var stamped = seen?.Value.WithResourceVersion(guess);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_byKey.TryGetValue(key, out var state)) return ValueTask.FromException<StorageEntry>(new StorageKeyNotFoundException(key));
            var previous = state.Current;
            if (expectedRevision != 0 && previous.ModRevision != expectedRevision)
                return ValueTask.FromException<StorageEntry>(new StorageConflictException(key, expectedRevision, previous));
            var revision = _revision + 1;
            if (revision != guess || !ReferenceEquals(previous, seen)) stamped = previous.Value.WithResourceVersion(revision);
            var entry = new StorageEntry(key, stamped!, previous.CreateRevision, revision);
            _byKey.TryRemove(key, out _);
            _ordered.Remove(state);
            Commit(entry, previous, StorageEventType.Deleted);
            return new(entry);
        }
    }

    /// <inheritdoc/>
    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (revision > _revision) return ValueTask.FromException(new StorageRevisionNotYetReachedException(revision, _revision));
            _history.CompactTo(revision);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Ends every watch (their enumerations finish after the buffered events) and rejects further calls.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            foreach (var watcher in _watchers) watcher.End(null);
            _watchers = [];
            EndFeeds();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Records a write in the history, publishes the revision and hands the event to matching watchers. Under the lock.</summary>
    private void Commit(StorageEntry entry, StorageEntry? previous, StorageEventType type)
    {
        ref var record = ref _history.Append(entry, previous, type);
        // Feeds first: a revision read outside the lock has then been applied by every feed (the watch cache's
        // catch-up relies on it).
        if (_feeds.Length > 0) PublishToFeeds(entry.Key, ref record);
        Volatile.Write(ref _revision, entry.ModRevision);
        var watchers = _watchers;
        if (watchers.Length == 0) return;
        var change = record.GetEvent();
        foreach (var watcher in watchers)
        {
            if (entry.Key.StartsWith(watcher.Prefix, StringComparison.Ordinal) && !watcher.TryPublish(change))
                Overflow(watcher);
        }
    }

    /// <summary>The live keys starting with <paramref name="prefix"/>, in ordinal key order. Under the lock.</summary>
    private SortedSet<KeyState> Range(string prefix) =>
        prefix.Length == 0
            ? _ordered
            : _ordered.GetViewBetween(new KeyState(prefix, isPrefixUpperBound: false), new KeyState(prefix, isPrefixUpperBound: true));

    /// <summary>
    /// Turns <paramref name="items"/> (the current state under <paramref name="prefix"/>) into the state at
    /// <paramref name="revision"/>: the oldest newer write of each key tells what that key held back then. Under the lock.
    /// </summary>
    private void UndoNewerThan(long revision, long current, string prefix, List<StorageEntry> items)
    {
        var before = new Dictionary<string, StorageEntry?>(StringComparer.Ordinal);
        for (var r = revision + 1; r <= current; r++)
        {
            ref var record = ref _history.At(r);
            if (record.Entry.Key.StartsWith(prefix, StringComparison.Ordinal)) before.TryAdd(record.Entry.Key, record.Previous);
        }
        if (before.Count == 0) return;
        var kept = 0;
        for (var i = 0; i < items.Count; i++)
        {
            StorageEntry? item = items[i];
            if (before.Remove(item.Key, out var old)) item = old;
            if (item is not null) items[kept++] = item;
        }
        items.RemoveRange(kept, items.Count - kept);
        var added = false;
        foreach (var old in before.Values)
        {
            if (old is null) continue;
            items.Add(old);
            added = true;
        }
        if (added) items.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
    }
}
