using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Queue;

/// <summary>
/// kube-scheduler's priority queue: <b>activeQ</b> (highest priority first, then arrival), <b>backoffQ</b> (per-pod
/// backoff doubling from <see cref="SchedulerOptions.PodInitialBackoff"/> to <see cref="SchedulerOptions.PodMaxBackoff"/>),
/// and <b>unschedulable pods</b> that wait for a cluster event, or are flushed after
/// <see cref="SchedulerOptions.PodMaxInUnschedulablePodsDuration"/>. Backoff is flushed every second and leftovers every
/// 30 seconds, on the scheduler's clock.
/// </summary>
public sealed class SchedulingQueue : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly TimeSpan _maxUnschedulable;
    private readonly SortedSet<QueuedPodInfo> _active = new(ActiveOrder.Instance);
    private readonly Dictionary<string, QueuedPodInfo> _activeByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _backoff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pod> _gated = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ITimer _backoffTimer;
    private readonly ITimer _leftoverTimer;
    private long _sequence;
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;

    /// <summary>Creates a queue on a clock.</summary>
    public SchedulingQueue(TimeProvider time, TimeSpan initialBackoff, TimeSpan maxBackoff, TimeSpan maxInUnschedulable)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _initialBackoff = initialBackoff;
        _maxBackoff = maxBackoff;
        _maxUnschedulable = maxInUnschedulable;
        _backoffTimer = time.CreateTimer(_ => FlushBackoffCompleted(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _leftoverTimer = time.CreateTimer(_ => FlushUnschedulableLeftover(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    /// <summary>The number of pods popped so far (the scheduling cycle).</summary>
    public long SchedulingCycle
    {
        get { lock (_gate) return _schedulingCycle; }
    }

    /// <summary>Adds a new pending pod to activeQ (pods with scheduling gates wait until the gates are removed).</summary>
    public void Add(Pod pod)
    {
        var key = PodKeys.Of(pod);
        lock (_gate)
        {
            if (pod.Spec?.SchedulingGates is { Count: > 0 }) { _gated[key] = pod; return; }
            _gated.Remove(key);
            if (_activeByKey.ContainsKey(key) || _backoff.ContainsKey(key) || _unschedulable.ContainsKey(key) || _inFlight.ContainsKey(key))
            {
                UpdateLocked(pod, key);
                return;
            }
            PushActive(new QueuedPodInfo(pod, _time.GetUtcNow(), ++_sequence));
        }
    }

    /// <summary>Updates a pending pod; a spec or label change moves an unschedulable pod back to be retried.</summary>
    public void Update(Pod oldPod, Pod newPod)
    {
        var key = PodKeys.Of(newPod);
        lock (_gate)
        {
            if (_gated.ContainsKey(key) && newPod.Spec?.SchedulingGates is not { Count: > 0 })
            {
                _gated.Remove(key);
                PushActive(new QueuedPodInfo(newPod, _time.GetUtcNow(), ++_sequence));
                return;
            }
            if (_unschedulable.TryGetValue(key, out var info))
            {
                info.Pod = newPod;
                if (Changed(oldPod, newPod))
                {
                    _unschedulable.Remove(key);
                    if (IsBackingOff(info)) _backoff[key] = info; else PushActive(info);
                }
                return;
            }
            if (!UpdateLocked(newPod, key)) Add(newPod);
        }
    }

    /// <summary>Removes a pod from every sub-queue.</summary>
    public void Delete(Pod pod)
    {
        var key = PodKeys.Of(pod);
        lock (_gate)
        {
            if (_activeByKey.Remove(key, out var info)) _active.Remove(info);
            _backoff.Remove(key);
            _unschedulable.Remove(key);
            _gated.Remove(key);
            _inFlight.Remove(key);
        }
    }

    /// <summary>Waits for the next pod in activeQ and marks it in flight.</summary>
    public async Task<QueuedPodInfo> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_active.Count == 0) continue;
                var info = _active.Min!;
                _active.Remove(info);
                _activeByKey.Remove(info.Key);
                _inFlight[info.Key] = info;
                info.Attempts++;
                _schedulingCycle++;
                return info;
            }
        }
    }

    /// <summary>
    /// Returns a pod that failed: to backoffQ when a move request happened during its cycle (or <paramref name="toBackoff"/>),
    /// otherwise to the unschedulable pods.
    /// </summary>
    public void AddUnschedulable(QueuedPodInfo info, long podSchedulingCycle, bool toBackoff = false)
    {
        lock (_gate)
        {
            if (!_inFlight.Remove(info.Key)) return; // deleted or bound meanwhile
            info.Timestamp = _time.GetUtcNow();
            if (toBackoff || _moveRequestCycle >= podSchedulingCycle) _backoff[info.Key] = info;
            else _unschedulable[info.Key] = info;
        }
    }

    /// <summary>Marks a pod as done (bound).</summary>
    public void Done(Pod pod)
    {
        lock (_gate) _inFlight.Remove(PodKeys.Of(pod));
    }

    /// <summary>A cluster event that may make unschedulable pods schedulable: moves them to activeQ, or to backoffQ while backing off.</summary>
    /// <param name="clusterEvent">What happened (e.g. <c>NodeAdd</c>), for diagnostics.</param>
    /// <param name="affected">Which unschedulable pods the event may help (default: all).</param>
    public void MoveAllToActiveOrBackoff(string clusterEvent, Func<QueuedPodInfo, bool>? affected = null)
    {
        lock (_gate)
        {
            LastClusterEvent = clusterEvent;
            foreach (var info in _unschedulable.Values.ToList())
            {
                if (affected is not null && !affected(info)) continue;
                _unschedulable.Remove(info.Key);
                if (IsBackingOff(info)) _backoff[info.Key] = info; else PushActive(info);
            }
            _moveRequestCycle = _schedulingCycle;
        }
    }

    /// <summary>The last cluster event that moved pods.</summary>
    public string? LastClusterEvent { get; private set; }

    /// <summary>The backoff a pod with <paramref name="attempts"/> failed attempts waits: initial, doubling, capped.</summary>
    public TimeSpan BackoffDuration(int attempts)
    {
        var duration = _initialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            duration *= 2;
            if (duration > _maxBackoff) return _maxBackoff;
        }
        return duration;
    }

    /// <summary>The pods in each sub-queue.</summary>
    public PendingPods Pending()
    {
        lock (_gate)
        {
            return new PendingPods(_active.Select(i => i.Pod).ToList(), _backoff.Values.Select(i => i.Pod).ToList(),
                _unschedulable.Values.Select(i => i.Pod).Concat(_gated.Values).ToList(), _inFlight.Values.Select(i => i.Pod).ToList());
        }
    }

    /// <summary>Stops the flush timers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _backoffTimer.DisposeAsync().ConfigureAwait(false);
        await _leftoverTimer.DisposeAsync().ConfigureAwait(false);
    }

    internal void FlushBackoffCompleted()
    {
        lock (_gate)
        {
            foreach (var info in _backoff.Values.Where(i => !IsBackingOff(i)).OrderBy(i => BackoffExpiry(i)).ToList())
            {
                _backoff.Remove(info.Key);
                PushActive(info);
            }
        }
    }

    internal void FlushUnschedulableLeftover()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var info in _unschedulable.Values.Where(i => now - i.Timestamp > _maxUnschedulable).ToList())
            {
                _unschedulable.Remove(info.Key);
                if (IsBackingOff(info)) _backoff[info.Key] = info; else PushActive(info);
            }
        }
    }

    private bool UpdateLocked(Pod pod, string key)
    {
        if (_activeByKey.TryGetValue(key, out var a))
        {
            _active.Remove(a);
            a.Pod = pod;
            _active.Add(a);
            return true;
        }
        if (_backoff.TryGetValue(key, out var b)) { b.Pod = pod; return true; }
        if (_unschedulable.TryGetValue(key, out var u)) { u.Pod = pod; return true; }
        if (_inFlight.TryGetValue(key, out var f)) { f.Pod = pod; return true; }
        return false;
    }

    private void PushActive(QueuedPodInfo info)
    {
        info.Sequence = ++_sequence;
        info.Timestamp = _time.GetUtcNow();
        _active.Add(info);
        _activeByKey[info.Key] = info;
        _signal.Release();
    }

    private DateTimeOffset BackoffExpiry(QueuedPodInfo info) => info.Timestamp + BackoffDuration(info.Attempts);

    private bool IsBackingOff(QueuedPodInfo info) => info.Attempts > 0 && BackoffExpiry(info) > _time.GetUtcNow();

    private static bool Changed(Pod oldPod, Pod newPod)
    {
        if (oldPod.Metadata.Generation != newPod.Metadata.Generation) return true;
        if (!System.Text.Json.JsonSerializer.Serialize(oldPod.Spec).Equals(System.Text.Json.JsonSerializer.Serialize(newPod.Spec), StringComparison.Ordinal)) return true;
        var a = oldPod.Metadata.Labels ?? new Dictionary<string, string>();
        var b = newPod.Metadata.Labels ?? new Dictionary<string, string>();
        return a.Count != b.Count || a.Any(kv => !b.TryGetValue(kv.Key, out var v) || v != kv.Value);
    }

    private sealed class ActiveOrder : IComparer<QueuedPodInfo>
    {
        public static ActiveOrder Instance { get; } = new();

        public int Compare(QueuedPodInfo? x, QueuedPodInfo? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            var byPriority = PodKeys.PriorityOf(y!.Pod).CompareTo(PodKeys.PriorityOf(x!.Pod));
            if (byPriority != 0) return byPriority;
            var byTime = x.Timestamp.CompareTo(y.Timestamp);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
