using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>
/// Who gets a batch: watchers without index hints get every batch; watchers with a hint (e.g. a kubelet's
/// <c>spec.nodeName=n1</c>) only get batches holding an event whose new or previous object yields the hinted value,
/// so thousands of narrowly scoped watchers are not woken by every change (kube-apiserver's indexed triggers).
/// Immutable: rebuilt when watchers come and go, read by the dispatcher without locking.
/// </summary>
internal sealed class DispatchPlan
{
    public static readonly DispatchPlan Empty = new([], []);

    private DispatchPlan(CacheWatch[] all, Trigger[] triggers)
    {
        All = all;
        Untriggered = triggers.Length == 0 ? all : [.. all.Where(w => w.Trigger is null)];
        Triggers = triggers;
    }

    /// <summary>Every registered watcher.</summary>
    public CacheWatch[] All { get; }

    /// <summary>Watchers that get every batch.</summary>
    public CacheWatch[] Untriggered { get; }

    /// <summary>Per hinted index: the extractor and the watchers by hinted value.</summary>
    public Trigger[] Triggers { get; }

    /// <summary>Builds the plan for <paramref name="watchers"/>.</summary>
    public static DispatchPlan Create(CacheWatch[] watchers, Func<string, Func<KubeObject, IEnumerable<string>>> extractorOf)
    {
        var byIndex = new Dictionary<string, Dictionary<string, List<CacheWatch>>>(StringComparer.Ordinal);
        foreach (var w in watchers)
        {
            if (w.Trigger is not { } hint) continue;
            if (!byIndex.TryGetValue(hint.IndexName, out var byValue))
                byIndex[hint.IndexName] = byValue = new Dictionary<string, List<CacheWatch>>(StringComparer.Ordinal);
            if (!byValue.TryGetValue(hint.Value, out var list)) byValue[hint.Value] = list = [];
            list.Add(w);
        }
        var triggers = byIndex.Select(i => new Trigger(extractorOf(i.Key), i.Value.ToDictionary(v => v.Key, v => v.Value.ToArray(), StringComparer.Ordinal))).ToArray();
        return new DispatchPlan(watchers, triggers);
    }

    /// <summary>Hands <paramref name="batch"/> to every watcher that may be interested, each at most once.</summary>
    public void Dispatch(WatchItem batch, ref int stamp)
    {
        foreach (var w in Untriggered) w.Deliver(batch);
        if (Triggers.Length == 0) return;
        var current = ++stamp;
        foreach (var trigger in Triggers) trigger.Dispatch(batch, current);
    }

    internal sealed class Trigger(Func<KubeObject, IEnumerable<string>> extract, Dictionary<string, CacheWatch[]> watchersByValue)
    {
        /// <summary>Hands the batch to every watcher whose hinted value one of its events touches, charging each for those events only.</summary>
        public void Dispatch(WatchItem batch, int stamp)
        {
            Dictionary<CacheWatch, (int LastEvent, int Count)>? charges = null;
            var events = batch.Events!;
            for (var i = 0; i < batch.Count; i++)
            {
                Count(events[i].Object, i, ref charges);
                if (events[i].Previous is { } previous) Count(previous, i, ref charges);
            }
            if (charges is null) return;
            foreach (var (w, charge) in charges)
            {
                if (w.DispatchStamp == stamp) continue;
                w.DispatchStamp = stamp;
                w.Deliver(batch, charge.Count);
            }
        }

        private void Count(KubeObject value, int eventIndex, ref Dictionary<CacheWatch, (int LastEvent, int Count)>? charges)
        {
            foreach (var v in extract(value))
            {
                if (!watchersByValue.TryGetValue(v, out var watchers)) continue;
                charges ??= new Dictionary<CacheWatch, (int, int)>(ReferenceEqualityComparer.Instance);
                foreach (var w in watchers)
                {
                    var seen = charges.TryGetValue(w, out var counted) ? counted : (LastEvent: -1, Count: 0);
                    if (seen.LastEvent != eventIndex) charges[w] = (eventIndex, seen.Count + 1);
                }
            }
        }
    }
}
