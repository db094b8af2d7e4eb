using System.Collections.Concurrent;
using KubeCore.Reconciliation;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Tests.Reconciliation;

public class WorkQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task Hundred_adds_of_one_key_before_processing_hand_it_out_once()
    {
        using var queue = new WorkQueue<string>(_time);
        for (var i = 0; i < 100; i++) queue.Add("default/a");

        Assert.Equal(1, queue.Len);
        var (item, shutDown) = await queue.GetAsync();
        Assert.Equal("default/a", item);
        Assert.False(shutDown);
        queue.Done(item);
        Assert.Equal(0, queue.Len);
    }

    [Fact]
    public async Task A_key_added_while_processing_waits_for_Done_instead_of_going_to_another_worker()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var (item, _) = await queue.GetAsync();

        queue.Add("a");
        var second = queue.GetAsync();
        Assert.Equal(0, queue.Len);
        Assert.False(second.IsCompleted);

        queue.Done(item);
        Assert.Equal("a", (await second.WaitAsync(Timeout)).Item);
    }

    [Fact]
    public async Task Concurrent_workers_never_process_the_same_key_at_once()
    {
        using var queue = new WorkQueue<int>(_time);
        var inFlight = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        var processed = 0;
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shutDown) = await queue.GetAsync();
                if (shutDown) return;
                if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps);
                await Task.Yield();
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        })).ToArray();
        var adders = Enumerable.Range(0, 4).Select(a => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                queue.Add((i + a) % 5);
                if (i % 100 == 0) await Task.Yield();
            }
        })).ToArray();

        await Task.WhenAll(adders).WaitAsync(Timeout);
        await queue.ShutDownWithDrainAsync().WaitAsync(Timeout);
        await Task.WhenAll(workers).WaitAsync(Timeout);

        Assert.Equal(0, overlaps);
        Assert.InRange(processed, 5, 20_000);
    }

    [Fact]
    public void AddAfter_queues_the_item_only_once_the_delay_has_passed_on_the_clock()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.AddAfter("a", TimeSpan.FromSeconds(5)); // keeps the earlier time

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Len);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Len);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Len);
    }

    [Fact]
    public void AddAfter_with_an_earlier_time_moves_a_waiting_item_forward()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Len);
    }

    [Fact]
    public void AddRateLimited_backs_off_5_10_20_ms_and_Forget_resets_the_item()
    {
        using var queue = new WorkQueue<string>(_time);
        foreach (var expected in new[] { 5, 10, 20, 40 })
        {
            queue.AddRateLimited("a");
            _time.Advance(TimeSpan.FromMilliseconds(expected - 1));
            Assert.Equal(0, queue.Len);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, queue.Len);
            DrainOne(queue);
        }
        Assert.Equal(4, queue.NumRequeues("a"));

        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
        queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, queue.Len);
    }

    [Fact]
    public async Task ShutDown_wakes_idle_workers_and_ignores_later_adds()
    {
        using var queue = new WorkQueue<string>(_time);
        var waiting = queue.GetAsync();

        queue.ShutDown();
        queue.Add("a");

        Assert.True((await waiting.WaitAsync(Timeout)).ShutDown);
        Assert.True((await queue.GetAsync()).ShutDown);
        Assert.Equal(0, queue.Len);
    }

    [Fact]
    public async Task ShutDownWithDrain_completes_only_after_items_in_process_are_Done()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var (item, _) = await queue.GetAsync();

        var drained = queue.ShutDownWithDrainAsync();
        Assert.False(drained.IsCompleted);

        queue.Done(item);
        await drained.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_cancelled_GetAsync_does_not_swallow_a_later_item()
    {
        using var queue = new WorkQueue<string>(_time);
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        queue.Add("a");
        Assert.Equal("a", (await queue.GetAsync().WaitAsync(Timeout)).Item);
    }

    private static void DrainOne(WorkQueue<string> queue)
    {
        var got = queue.GetAsync();
        Assert.True(got.IsCompletedSuccessfully);
        queue.Done(got.Result.Item);
    }
}
