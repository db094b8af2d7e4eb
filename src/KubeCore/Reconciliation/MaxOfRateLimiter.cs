namespace KubeCore.Reconciliation;

/// <summary>Combines limiters: an item waits for the longest of their delays (client-go's <c>MaxOfRateLimiter</c>).</summary>
public sealed class MaxOfRateLimiter : IRateLimiter
{
    private readonly IRateLimiter[] _limiters;

    /// <summary>Creates the combination.</summary>
    public MaxOfRateLimiter(params IRateLimiter[] limiters)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        if (limiters.Length == 0) throw new ArgumentException("at least one rate limiter is required", nameof(limiters));
        _limiters = limiters;
    }

    /// <summary>The default controller limiter: max of per-item exponential backoff and an overall token bucket, from <paramref name="options"/>.</summary>
    public static IRateLimiter CreateDefault(WorkQueueOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MaxOfRateLimiter(
            new ExponentialBackoffRateLimiter(options.BaseDelay, options.MaxDelay),
            new TokenBucketRateLimiter(options.Qps, options.Burst, timeProvider));
    }

    /// <inheritdoc />
    public TimeSpan When(object item)
    {
        var max = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            var delay = limiter.When(item);
            if (delay > max) max = delay;
        }
        return max;
    }

    /// <inheritdoc />
    public void Forget(object item)
    {
        foreach (var limiter in _limiters) limiter.Forget(item);
    }

    /// <inheritdoc />
    public int NumRequeues(object item)
    {
        var max = 0;
        foreach (var limiter in _limiters) max = Math.Max(max, limiter.NumRequeues(item));
        return max;
    }
}
