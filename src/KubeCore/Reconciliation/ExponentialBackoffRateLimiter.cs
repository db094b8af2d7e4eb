namespace KubeCore.Reconciliation;

/// <summary>Per-item exponential backoff: <c>baseDelay * 2^failures</c>, capped at <c>maxDelay</c> (client-go's <c>ItemExponentialFailureRateLimiter</c>).</summary>
public sealed class ExponentialBackoffRateLimiter : IRateLimiter
{
    private readonly object _gate = new();
    private readonly Dictionary<object, int> _failures = new();

    /// <summary>Creates the limiter.</summary>
    public ExponentialBackoffRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (baseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(baseDelay));
        if (maxDelay < baseDelay) throw new ArgumentOutOfRangeException(nameof(maxDelay));
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>The delay after the first failure.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The longest delay.</summary>
    public TimeSpan MaxDelay { get; }

    /// <inheritdoc />
    public TimeSpan When(object item)
    {
        int exponent;
        lock (_gate)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <inheritdoc />
    public void Forget(object item)
    {
        lock (_gate) _failures.Remove(item);
    }

    /// <inheritdoc />
    public int NumRequeues(object item)
    {
        lock (_gate) return _failures.GetValueOrDefault(item);
    }
}
