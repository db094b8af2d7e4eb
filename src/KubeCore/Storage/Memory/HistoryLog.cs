namespace KubeCore.Storage.Memory;

/// <summary>One retained write: the entry it produced, the entry it replaced, and its event once someone needed it.</summary>
internal struct HistoryRecord
{
    /// <summary>The entry written (for deletions, the last value stamped with the delete's revision).</summary>
    public StorageEntry Entry;

    /// <summary>The entry before the write; null for creations.</summary>
    public StorageEntry? Previous;

    /// <summary>What the write did.</summary>
    public StorageEventType Type;

    /// <summary>The watch event, created on first use and then shared by every watcher.</summary>
    public StorageEvent? Event;

    /// <summary>Returns the watch event for this record, creating it on first use.</summary>
    public StorageEvent GetEvent() =>
        Event ??= new StorageEvent(Type, Entry.Key, Entry.Value, Previous?.Value, Entry.ModRevision);
}

/// <summary>
/// A ring of the writes in the revision range (<see cref="CompactedRevision"/>, <see cref="LatestRevision"/>]:
/// one record per revision, so a revision's record is found by index. Not thread-safe: used under the backend lock.
/// </summary>
internal sealed class HistoryLog(int window)
{
    private HistoryRecord[] _ring = new HistoryRecord[Math.Min(window, 1024)];
    private int _head;
    private int _count;

    /// <summary>Every revision up to and including this one has been discarded.</summary>
    public long CompactedRevision { get; private set; }

    /// <summary>The revision of the newest record (equal to <see cref="CompactedRevision"/> when empty).</summary>
    public long LatestRevision => CompactedRevision + _count;

    /// <summary>Appends the record of revision <see cref="LatestRevision"/> + 1, discarding the oldest when the window is full.</summary>
    /// <returns>The stored record, so the caller can attach its event.</returns>
    public ref HistoryRecord Append(StorageEntry entry, StorageEntry? previous, StorageEventType type)
    {
        if (_count == window) DropOldest();
        else if (_count == _ring.Length) Grow();
        var index = _head + _count;
        if (index >= _ring.Length) index -= _ring.Length;
        ref var slot = ref _ring[index];
        slot.Entry = entry;
        slot.Previous = previous;
        slot.Type = type;
        slot.Event = null;
        _count++;
        return ref slot;
    }

    /// <summary>Returns the record of <paramref name="revision"/>, which must lie in (compacted, latest].</summary>
    public ref HistoryRecord At(long revision)
    {
        var index = _head + (int)(revision - CompactedRevision - 1);
        if (index >= _ring.Length) index -= _ring.Length;
        return ref _ring[index];
    }

    /// <summary>Discards every record up to and including <paramref name="revision"/>.</summary>
    public void CompactTo(long revision)
    {
        while (CompactedRevision < revision && _count > 0) DropOldest();
        if (CompactedRevision < revision) CompactedRevision = revision;
    }

    private void DropOldest()
    {
        _ring[_head] = default;
        if (++_head == _ring.Length) _head = 0;
        _count--;
        CompactedRevision++;
    }

    private void Grow()
    {
        var bigger = new HistoryRecord[(int)Math.Min((long)_ring.Length * 2, window)];
        for (var i = 0; i < _count; i++)
        {
            var index = _head + i;
            if (index >= _ring.Length) index -= _ring.Length;
            bigger[i] = _ring[index];
        }
        _ring = bigger;
        _head = 0;
    }
}
