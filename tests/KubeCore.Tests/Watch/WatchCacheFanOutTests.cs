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

public class WatchCacheIndexedDispatchTests
{
    private static bool OnN1(KubeCore.Models.KubeObject o) => ((TestPod)o).Spec?.NodeName == "n1";

    private static Task<CacheHarness> StartAsync(int buffer) => CacheHarness.StartAsync(o =>
    {
        o.WatcherBufferCapacity = buffer;
        o.AddFieldIndex("spec.nodeName", p => ((TestPod)p).Spec?.NodeName is { } n ? [n] : []);
    });

    [Fact]
    public async Task A_watcher_hinted_to_one_node_is_not_handed_other_nodes_changes()
    {
        await using var h = await StartAsync(buffer: 2);
        var request = new WatchRequest
        {
            ResourceVersion = h.Cache.Revision.ToString(),
            Filter = OnN1,
            IndexHints = [IndexQuery.Field("spec.nodeName", "n1")],
        };
        using var kubelet = h.Cache.Watch(request);

        // Far more changes than its buffer holds, none for its node: it is not overflowed, so it was never handed them.
        for (var i = 0; i < 20; i++) await h.CreateAsync(TestPod.Create("a", "other-" + i, node: "n2"));
        await h.CreateAsync(TestPod.Create("a", "mine", node: "n1"));

        await using var reader = new WatchReader(kubelet);
        WatchAssert.Event(WatchEventType.Added, "mine", await reader.NextAsync());
        Assert.Null(kubelet.Error);
    }

    [Fact]
    public async Task A_pod_moving_off_the_hinted_node_is_deleted_for_that_watcher()
    {
        await using var h = await StartAsync(buffer: 100);
        await h.CreateFreshAsync(TestPod.Create("a", "p1", node: "n1"));
        using var kubelet = h.Cache.Watch(new WatchRequest
        {
            ResourceVersion = h.Cache.Revision.ToString(),
            Filter = OnN1,
            IndexHints = [IndexQuery.Field("spec.nodeName", "n1")],
        });
        await using var reader = new WatchReader(kubelet);

        await h.UpdateAsync(TestPod.Create("a", "p1", node: "n2"));
        WatchAssert.Event(WatchEventType.Deleted, "p1", await reader.NextAsync());
        await h.UpdateAsync(TestPod.Create("a", "p1", node: "n1"));
        WatchAssert.Event(WatchEventType.Added, "p1", await reader.NextAsync());
        await h.DeleteAsync("a", "p1");
        WatchAssert.Event(WatchEventType.Deleted, "p1", await reader.NextAsync());
    }
}
