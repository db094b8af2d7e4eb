using KubeCore.Models;
using KubeCore.Storage;
using KubeCore.Watch;

namespace KubeCore.Tests.Watch;

public class WatchCacheFanOutTests
{
    [Fact]
    public async Task A_watcher_that_cannot_keep_up_is_ended_with_410_while_others_keep_receiving()
    {
        await using var h = await CacheHarness.StartAsync(o => o.WatcherBufferCapacity = 5);
        var from = h.Cache.Revision.ToString();
        using var slow = h.Cache.Watch(new WatchRequest { ResourceVersion = from });
        using var fast = h.Cache.Watch(new WatchRequest { ResourceVersion = from });
        await using var fastReader = new WatchReader(fast);

        for (var i = 0; i < 10; i++)
        {
            await h.CreateAsync(TestPod.Create("a", "p" + i));
            WatchAssert.Event(WatchEventType.Added, "p" + i, await fastReader.NextAsync());
        }

        await using var slowReader = new WatchReader(slow);
        var error = await slowReader.NextAsync();
        WatchAssert.Expired(error, "fell behind");
        Assert.Contains("re-list", error.Error!.Message);
        Assert.True(await slowReader.EndedAsync());
        Assert.Equal(1, h.Cache.WatcherCount);

        await h.CreateAsync(TestPod.Create("a", "after"));
        WatchAssert.Event(WatchEventType.Added, "after", await fastReader.NextAsync());
    }

    [Fact]
    public async Task A_thousand_watchers_each_receive_every_event_exactly_once_in_order()
    {
        const int Watchers = 1000;
        const int Events = 1000;
        await using var h = await CacheHarness.StartAsync();
        var from = h.Cache.Revision;
        var watches = Enumerable.Range(0, Watchers).Select(_ => h.Cache.Watch(new WatchRequest { ResourceVersion = from.ToString() })).ToList();
        var consumers = watches.Select(w => Task.Run(async () =>
        {
            var revisions = new List<long>(Events);
            await foreach (var e in w)
            {
                Assert.Equal(WatchEventType.Added, e.Type);
                revisions.Add(KubeObjectRevisionExtensions.ParseResourceVersion(e.Object!.Metadata.ResourceVersion));
                if (revisions.Count == Events) break;
            }
            return revisions;
        })).ToList();

        var expected = new List<long>(Events);
        for (var i = 0; i < Events; i++) expected.Add(await h.CreateAsync(TestPod.Create("a", "p" + i)));

        var received = await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var revisions in received) Assert.Equal(expected, revisions);
        Assert.All(watches, w => Assert.Null(w.Error));
        Assert.Equal(0, h.Cache.WatcherCount);
    }

    [Fact]
    public async Task Watchers_share_one_event_instance_per_change()
    {
        await using var h = await CacheHarness.StartAsync();
        var from = h.Cache.Revision.ToString();
        using var a = h.Cache.Watch(new WatchRequest { ResourceVersion = from });
        using var b = h.Cache.Watch(new WatchRequest { ResourceVersion = from });
        await using var ra = new WatchReader(a);
        await using var rb = new WatchReader(b);

        await h.CreateAsync(TestPod.Create("a", "p1"));

        Assert.Same(await ra.NextAsync(), await rb.NextAsync());
    }
}
