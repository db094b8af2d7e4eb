namespace KubeCore.Controllers.ReplicaSets;

/// <summary>
/// Creations and deletions a controller issued but has not yet seen in its informer cache, per owner key (upstream's
/// UIDTrackingControllerExpectations): while any are outstanding the owner is not synced again, so a lagging cache
/// never makes it create or delete twice. Outstanding expectations lapse after a timeout on the cluster's clock.
/// </summary>
internal sealed class ReplicaSetExpectations(TimeProvider time, TimeSpan timeout)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="key"/> has nothing outstanding (or its expectations timed out).</summary>
    public bool Satisfied(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var e)) return true;
            if (e.Adds <= 0 && e.Deletes.Count == 0) return true;
            if (time.GetUtcNow() - e.SetAt < timeout) return false;
            _entries.Remove(key);
            return true;
        }
    }

    /// <summary>Expects <paramref name="count"/> pod creations for <paramref name="key"/>.</summary>
    public void ExpectCreations(string key, int count)
    {
        lock (_gate) _entries[key] = new Entry { Adds = count, SetAt = time.GetUtcNow() };
    }

    /// <summary>Expects the deletion of the pods with <paramref name="uids"/> for <paramref name="key"/>.</summary>
    public void ExpectDeletions(string key, IEnumerable<string> uids)
    {
        lock (_gate) _entries[key] = new Entry { Deletes = [.. uids], SetAt = time.GetUtcNow() };
    }

    /// <summary>One creation was observed (or will never happen because it failed).</summary>
    public void CreationObserved(string key)
    {
        lock (_gate) if (_entries.TryGetValue(key, out var e)) e.Adds--;
    }

    /// <summary>The deletion of the pod <paramref name="uid"/> was observed (or failed).</summary>
    public void DeletionObserved(string key, string uid)
    {
        lock (_gate) if (_entries.TryGetValue(key, out var e)) e.Deletes.Remove(uid);
    }

    /// <summary>Forgets <paramref name="key"/> (its owner is gone).</summary>
    public void Forget(string key)
    {
        lock (_gate) _entries.Remove(key);
    }

    private sealed class Entry
    {
        public int Adds;
        public HashSet<string> Deletes = new(StringComparer.Ordinal);
        public DateTimeOffset SetAt;
    }
}
