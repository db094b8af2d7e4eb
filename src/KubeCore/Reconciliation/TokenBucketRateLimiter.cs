namespace KubeCore.Reconciliation;

/// <summary>
/// An overall token bucket shared by every item (client-go's <c>BucketRateLimiter</c>): up to <c>burst</c> re-adds
/// pass at once, then they are spaced <c>1/qps</c> apart. Tokens refill on the <see cref="TimeProvider"/> clock.
/// </summary>
public sealed class TokenBucketRateLimiter : IRateLimiter
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private double _tokens;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucketRateLimiter(double qps, int burst, TimeProvider timeProvider)
    {
        if (qps <= 0) throw new ArgumentOutOfRangeException(nameof(qps));
        if (burst < 1) throw new ArgumentOutOfRangeException(nameof(burst));
        Qps = qps;
        Burst = burst;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _tokens = burst;
        _last = _time.GetTimestamp();
    }

    /// <summary>The refill rate, per second.</summary>
    public double Qps { get; }

    /// <summary>The bucket size.</summary>
    public int Burst { get; }

    /// <inheritdoc />
    public TimeSpan When(object item)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * Qps);
            _last = now;
            _tokens -= 1; // reserve a token, possibly one that has yet to be refilled
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / Qps);
        }
    }

    /// <inheritdoc />
    public void Forget(object item) { }

    /// <inheritdoc />
    public int NumRequeues(object item) => 0;
}
