namespace KubeCore.Tests.Reconciliation;

/// <summary>Wraps a clock and signals every time a timer is created, so a test knows a component is parked in a delay before advancing time.</summary>
internal sealed class ObservedTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly SemaphoreSlim _timers = new(0);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();
    public override long GetTimestamp() => inner.GetTimestamp();
    public override long TimestampFrequency => inner.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits until the component has created its next timer (e.g. entered Task.Delay).</summary>
    public Task WaitForTimerAsync() => _timers.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t =>
    {
        if (!t.Result) throw new TimeoutException("no timer was created");
    }, TaskScheduler.Default);
}
