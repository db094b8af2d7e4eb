using System.Collections.Concurrent;
using KubeCore.Models;

namespace KubeCore.Controllers.Jobs;

/// <summary>
/// The pod failure backoff of each Job (upstream's backoffStore): failures since the last success and when the latest
/// failure happened. A replacement pod waits 10 s after the first failure, doubling with each further one, up to 6 minutes.
/// </summary>
internal sealed class JobBackoff
{
    /// <summary>The wait after the first failure.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(6);

    private readonly ConcurrentDictionary<string, Record> _records = new(StringComparer.Ordinal);

    /// <summary>A Job's failure history.</summary>
    public sealed record Record(int FailuresAfterLastSuccess, DateTimeOffset? LastFailureTime);

    /// <summary>The record after counting the newly finished pods (not stored until <see cref="Store"/>).</summary>
    public Record Next(string key, IReadOnlyList<Pod> newSucceeded, IReadOnlyList<Pod> newFailed, DateTimeOffset now)
    {
        var record = _records.GetValueOrDefault(key) ?? new Record(0, null);
        if (newSucceeded.Count == 0)
        {
            if (newFailed.Count == 0) return record;
            var last = newFailed.Max(p => JobPods.FinishTime(p, now));
            return new Record(record.FailuresAfterLastSuccess + newFailed.Count,
                record.LastFailureTime is { } previous && previous > last ? previous : last);
        }
        var lastSuccess = newSucceeded.Max(p => JobPods.FinishTime(p, now));
        var after = newFailed.Where(p => JobPods.FinishTime(p, now) > lastSuccess).ToList();
        return new Record(after.Count, after.Count == 0 ? null : after.Max(p => JobPods.FinishTime(p, now)));
    }

    /// <summary>Remembers <paramref name="record"/> once the pods it counted are recorded in the Job's status.</summary>
    public void Store(string key, Record record) => _records[key] = record;

    /// <summary>Forgets a Job (finished or deleted).</summary>
    public void Remove(string key) => _records.TryRemove(key, out _);

    /// <summary>How long pod creation must still wait under <paramref name="record"/> (zero when it need not).</summary>
    public static TimeSpan Remaining(Record record, DateTimeOffset now)
    {
        if (record.FailuresAfterLastSuccess == 0 || record.LastFailureTime is not { } last) return TimeSpan.Zero;
        var backoff = Initial;
        for (var i = 1; i < record.FailuresAfterLastSuccess && backoff < Max; i++) backoff *= 2;
        if (backoff > Max) backoff = Max;
        var elapsed = now - last;
        if (elapsed < TimeSpan.Zero) return backoff;
        return elapsed >= backoff ? TimeSpan.Zero : backoff - elapsed;
    }
}
