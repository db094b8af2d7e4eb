namespace KubeCore.Reconciliation;

public sealed partial class WorkQueue<T>
{
    // Items waiting for their time, earliest first; _readyAt holds each item's earliest time, so an item waits once.
    private readonly PriorityQueue<T, DateTimeOffset> _waiting = new();
    private readonly Dictionary<T, DateTimeOffset> _readyAt = [];
    private ITimer? _timer;
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;

    /// <summary>Queues <paramref name="item"/> once <paramref name="delay"/> has passed on the clock; an item already waiting keeps the earlier time.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_gate)
        {
            if (_shuttingDown) return;
            var readyAt = _time.GetUtcNow() + delay;
            if (_readyAt.TryGetValue(item, out var existing) && existing <= readyAt) return;
            _readyAt[item] = readyAt;
            _waiting.Enqueue(item, readyAt);
            ScheduleTimer();
        }
        Delayed?.Invoke(item, delay);
    }

    /// <summary>Test hook: called after an item starts waiting for its delay.</summary>
    internal Action<T, TimeSpan>? Delayed { get; set; }

    /// <summary>How many items are waiting for their delay to pass.</summary>
    internal int DelayedCount
    {
        get { lock (_gate) return _readyAt.Count; }
    }

    private void OnTimer()
    {
        var ready = new List<T>();
        lock (_gate)
        {
            _timerDue = DateTimeOffset.MaxValue;
            if (_shuttingDown) return;
            var now = _time.GetUtcNow();
            while (_waiting.TryPeek(out var item, out var at) && at <= now)
            {
                _waiting.Dequeue();
                // Skip stale entries superseded by an earlier time for the same item.
                if (_readyAt.TryGetValue(item, out var current) && current == at)
                {
                    _readyAt.Remove(item);
                    ready.Add(item);
                }
            }
            ScheduleTimer();
        }
        foreach (var item in ready) Add(item);
    }

    private void ScheduleTimer()
    {
        // Under the lock: point the single timer at the earliest waiting item.
        while (_waiting.TryPeek(out var item, out var at) && (!_readyAt.TryGetValue(item, out var current) || current != at))
            _waiting.Dequeue();
        if (!_waiting.TryPeek(out _, out var next) || next >= _timerDue) return;
        _timerDue = next;
        var due = next - _time.GetUtcNow();
        if (due < TimeSpan.Zero) due = TimeSpan.Zero;
        if (_timer is null) _timer = _time.CreateTimer(_ => OnTimer(), null, due, Timeout.InfiniteTimeSpan);
        else _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void StopDelaying()
    {
        _timer?.Dispose();
        _timer = null;
        _waiting.Clear();
        _readyAt.Clear();
    }
}
