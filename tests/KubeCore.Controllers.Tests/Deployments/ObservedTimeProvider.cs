using System.Threading.Channels;

namespace KubeCore.Controllers.Tests.Deployments;

/// <summary>Wraps a clock and signals whenever a timer is armed, with its due time, so a test knows the controller has parked a requeue before advancing time.</summary>
internal sealed class ObservedTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();
    public override long GetTimestamp() => inner.GetTimestamp();
    public override long TimestampFrequency => inner.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(inner.CreateTimer(callback, state, dueTime, period), _armed.Writer);
        _armed.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until a timer is armed with a due time within <paramref name="min"/>..<paramref name="max"/>.</summary>
    public async Task WaitForTimerAsync(TimeSpan min, TimeSpan max)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var due = await _armed.Reader.ReadAsync(cts.Token);
            if (due >= min && due <= max) return;
        }
    }

    private sealed class ObservedTimer(ITimer inner, ChannelWriter<TimeSpan> armed) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var result = inner.Change(dueTime, period);
            armed.TryWrite(dueTime);
            return result;
        }

        public void Dispose() => inner.Dispose();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
