namespace KubeCore.Controllers.NodeLifecycle;

/// <summary>
/// A token bucket of burst 1 on the cluster clock: how many nodes of one zone may get a NoExecute taint per second
/// (upstream's per-zone eviction rate limiter). A rate of 0 admits nothing.
/// </summary>
internal sealed class ZoneTokenBucket(double ratePerSecond, DateTimeOffset now)
{
    private double _tokens = 1;
    private DateTimeOffset _last = now;

    public double Rate { get; private set; } = ratePerSecond;

    public void SetRate(double rate, DateTimeOffset now)
    {
        Refill(now);
        Rate = rate;
    }

    /// <summary>Takes a token if one is available at <paramref name="now"/>.</summary>
    public bool TryAccept(DateTimeOffset now)
    {
        Refill(now);
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }

    /// <summary>How long until a token is available; null when the rate is 0.</summary>
    public TimeSpan? UntilNextToken(DateTimeOffset now)
    {
        Refill(now);
        if (_tokens >= 1) return TimeSpan.Zero;
        return Rate <= 0 ? null : TimeSpan.FromSeconds((1 - _tokens) / Rate);
    }

    private void Refill(DateTimeOffset now)
    {
        if (now > _last && Rate > 0) _tokens = Math.Min(1, _tokens + (now - _last).TotalSeconds * Rate);
        if (now > _last) _last = now;
    }
}
