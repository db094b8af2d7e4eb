namespace KubeCore.Reconciliation;

/// <summary>Settings of a <see cref="WorkQueue{T}"/> and its default rate limiter (client-go's <c>DefaultControllerRateLimiter</c>).</summary>
public sealed class WorkQueueOptions
{
    /// <summary>The name used to tag the queue's metrics (usually the controller's name).</summary>
    /// <value>The default is <c>""</c>.</value>
    public string Name { get; set; } = "";

    /// <summary>The first per-item retry delay; each further failure of the same item doubles it.</summary>
    /// <value>The default is 5 ms.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest per-item retry delay.</summary>
    /// <value>The default is 1000 s.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>The sustained rate of rate-limited re-adds across all items, per second (token bucket refill).</summary>
    /// <value>The default is 10.</value>
    public double Qps { get; set; } = 10;

    /// <summary>How many rate-limited re-adds may happen at once before <see cref="Qps"/> applies (token bucket size).</summary>
    /// <value>The default is 100.</value>
    public int Burst { get; set; } = 100;

    /// <summary>A custom rate limiter for <c>AddRateLimited</c>; when null the max of exponential backoff and token bucket is used.</summary>
    /// <value>The default is null.</value>
    public Func<TimeProvider, IRateLimiter>? RateLimiterFactory { get; set; }
}
