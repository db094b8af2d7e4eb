namespace KubeCore.Watch;

/// <summary>A bounded ring of the most recent cache events, in revision order. Not thread-safe: the cache locks.</summary>
internal sealed class EventHistory(int capacity)
{
    private readonly CacheEvent[] _ring = new CacheEvent[capacity];
    private int _start;
    private int _count;
    private long _listRevision;
    private bool _evictedSinceList;

    /// <summary>How many events are held.</summary>
    public int Count => _count;

    /// <summary>Forgets every event; the next events follow a list at <paramref name="listRevision"/>.</summary>
    public void Reset(long listRevision)
    {
        Array.Clear(_ring);
        _start = 0;
        _count = 0;
        _listRevision = listRevision;
        _evictedSinceList = false;
    }

    /// <summary>Appends an event, evicting the oldest when full.</summary>
    public void Add(CacheEvent e)
    {
        if (_count == _ring.Length)
        {
            _ring[_start] = e;
            _start = (_start + 1) % _ring.Length;
            _evictedSinceList = true;
            return;
        }
        _ring[(_start + _count) % _ring.Length] = e;
        _count++;
    }

    /// <summary>
    /// The oldest revision a watch can resume from (kube-apiserver's <c>oldest - 1</c>): the list revision until an
    /// event has been evicted, then one less than the oldest retained event.
    /// </summary>
    public long OldestResumable => _evictedSinceList ? _ring[_start].Revision - 1 : _listRevision;

    /// <summary>Copies the events with a revision greater than <paramref name="revision"/>, or null when too old.</summary>
    public CacheEvent[]? Since(long revision)
    {
        if (revision < OldestResumable) return null;
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ring[(_start + mid) % _ring.Length].Revision > revision) hi = mid; else lo = mid + 1;
        }
        var result = new CacheEvent[_count - lo];
        for (var i = 0; i < result.Length; i++) result[i] = _ring[(_start + lo + i) % _ring.Length];
        return result;
    }
}
