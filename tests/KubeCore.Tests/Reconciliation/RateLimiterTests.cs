using KubeCore.Reconciliation;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Tests.Reconciliation;

public class RateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public void Exponential_backoff_doubles_per_item_up_to_the_cap()
    {
        var limiter = new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("a").TotalMilliseconds).ToArray();
        Assert.Equal([5, 10, 20, 40, 80], delays);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b"));
        for (var i = 0; i < 40; i++) limiter.When("a");
        Assert.Equal(TimeSpan.FromSeconds(1000), limiter.When("a"));
    }

    [Fact]
    public void Token_bucket_lets_a_burst_of_100_through_then_spaces_items_at_10_qps()
    {
        var limiter = new TokenBucketRateLimiter(10, 100, _time);

        for (var i = 0; i < 100; i++) Assert.Equal(TimeSpan.Zero, limiter.When(i));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("x"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When("y"));

        _time.Advance(TimeSpan.FromSeconds(10)); // refills the bucket
        Assert.Equal(TimeSpan.Zero, limiter.When("z"));
    }

    [Fact]
    public void Default_controller_limiter_takes_the_longer_of_backoff_and_bucket()
    {
        var limiter = MaxOfRateLimiter.CreateDefault(new WorkQueueOptions { Burst = 1, Qps = 1 }, _time);

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));   // bucket had a token; backoff 5 ms
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.When("b"));        // bucket empty: 1 s
        Assert.Equal(1, limiter.NumRequeues("a"));
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
    }
}
