using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using KubeCore.Models;
using KubeCore.Storage;
using KubeCore.Watch;

namespace KubeCore.Tests.Watch;

public class WatchCacheLifecycleTests
{
    [Fact]
    public async Task When_the_backend_watch_overflows_the_cache_relists_and_ends_watchers_with_410()
    {
        var backend = new ScriptedBackend();
        await using var h = await CacheHarness.StartAsync(backend: backend);
        var before = await h.CreateFreshAsync(TestPod.Create("a", "p1"));
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = before.ToString() });
        await using var reader = new WatchReader(watch);

        backend.BreakWatches(new StorageWatchOverflowException("consumer too slow"));

        WatchAssert.Expired(await reader.NextAsync(), "re-list");
        Assert.True(await reader.EndedAsync());
        await h.Cache.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, backend.ListCalls);

        // The cache follows the backend again and serves new watches.
        using var again = h.Cache.Watch(new WatchRequest { ResourceVersion = h.Cache.Revision.ToString() });
        await using var againReader = new WatchReader(again);
        await h.CreateAsync(TestPod.Create("a", "p2"));
        WatchAssert.Event(WatchEventType.Added, "p2", await againReader.NextAsync());
        Assert.Equal(2, h.Cache.List().Items.Count);
    }

    [Fact]
    public async Task After_a_relist_caused_by_compaction_resuming_from_before_the_list_is_410()
    {
        var backend = new ScriptedBackend();
        await using var h = await CacheHarness.StartAsync(backend: backend);
        var before = await h.CreateFreshAsync(TestPod.Create("a", "p1"));
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = before.ToString() });
        await using var reader = new WatchReader(watch);

        var deleted = await h.DeleteAsync("a", "p1");
        WatchAssert.Event(WatchEventType.Deleted, "p1", await reader.NextAsync());
        await backend.CompactAsync(deleted);
        backend.BreakWatches(new StorageRevisionCompactedException(before, deleted));

        WatchAssert.Expired(await reader.NextAsync(), "compacted");
        await h.Cache.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(h.Cache.List().Items);

        using var stale = h.Cache.Watch(new WatchRequest { ResourceVersion = before.ToString() });
        await using var staleReader = new WatchReader(stale);
        WatchAssert.Expired(await staleReader.NextAsync(), $"too old resource version: {before} ({deleted})");
    }

    [Fact]
    public async Task Before_the_first_list_reads_are_refused_and_watches_wait_for_it()
    {
        var backend = new ScriptedBackend { ListGate = new TaskCompletionSource() };
        await backend.CreateAsync(CacheHarness.Key("a", "p1"), TestPod.Create("a", "p1"));
        await using var cache = new WatchCache(backend, CacheHarness.Prefix, new WatchCacheOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider() });
        cache.Start();
        using var watch = cache.Watch(new WatchRequest());
        await using var reader = new WatchReader(watch);
        var fresh = cache.WaitUntilFreshAsync(1).AsTask();

        Assert.False(cache.IsReady);
        Assert.Throws<InvalidOperationException>(() => cache.List());
        Assert.False(fresh.IsCompleted);

        backend.ListGate.SetResult();

        WatchAssert.Event(WatchEventType.Added, "p1", await reader.NextAsync());
        await fresh.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(cache.List().Items);
    }

    [Fact]
    public async Task Disposing_the_cache_ends_its_watches()
    {
        var h = await CacheHarness.StartAsync();
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = h.Cache.Revision.ToString() });
        await using var reader = new WatchReader(watch);
        var next = reader.EndedAsync();

        await h.DisposeAsync();

        Assert.True(await next);
        Assert.Throws<ObjectDisposedException>(() => h.Cache.List());
    }

    [Fact]
    public async Task Disposing_a_watch_removes_it_and_ends_enumeration_without_the_buffered_events()
    {
        await using var h = await CacheHarness.StartAsync();
        var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = h.Cache.Revision.ToString() });
        await using var reader = new WatchReader(watch);
        await h.CreateAsync(TestPod.Create("a", "p1"));
        await h.CreateFreshAsync(TestPod.Create("a", "p2"));

        watch.Dispose();

        Assert.Equal(0, h.Cache.WatcherCount);
        Assert.True(await reader.EndedAsync());
    }

    [Fact]
    public async Task Cancelling_an_enumeration_removes_the_watcher()
    {
        await using var h = await CacheHarness.StartAsync();
        using var cts = new CancellationTokenSource();
        var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = h.Cache.Revision.ToString() });
        Assert.Equal(1, h.Cache.WatcherCount);

        var consume = Task.Run(async () => { await foreach (var _ in watch.WithCancellation(cts.Token)) { } });
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consume.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, h.Cache.WatcherCount);
    }

    [Fact]
    public async Task Observers_receive_events_and_disposing_the_subscription_removes_the_watcher()
    {
        await using var h = await CacheHarness.StartAsync();
        var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = h.Cache.Revision.ToString() });
        var received = new TaskCompletionSource<WatchEvent<TestPod>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = watch.AsObservable<TestPod>().Subscribe(e => received.TrySetResult(e));

        await h.CreateAsync(TestPod.Create("a", "p1"));

        var e = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WatchEventType.Added, e.Type);
        Assert.Equal("p1", e.Object!.Metadata.Name);
        Assert.Equal(1, h.Cache.WatcherCount);
        subscription.Dispose();
        Assert.Equal(0, h.Cache.WatcherCount);
    }

    [Fact]
    public async Task Observers_get_the_error_event_then_completion()
    {
        await using var h = await CacheHarness.StartAsync(o => o.HistoryCapacity = 1);
        var first = await h.CreateAsync(TestPod.Create("a", "p1"));
        await h.CreateAsync(TestPod.Create("a", "p2"));
        await h.CreateFreshAsync(TestPod.Create("a", "p3"));
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = first.ToString() });

        var all = await watch.ToList().ToTask().WaitAsync(TimeSpan.FromSeconds(10));

        var only = Assert.Single(all);
        WatchAssert.Expired(only, "too old resource version");
    }

    [Fact]
    public async Task Typed_enumeration_yields_the_concrete_kind()
    {
        await using var h = await CacheHarness.StartAsync();
        await h.CreateFreshAsync(TestPod.Create("a", "p1", node: "n1"));
        using var watch = h.Cache.Watch(new WatchRequest());

        await foreach (var e in watch.AsAsyncEnumerable<TestPod>())
        {
            Assert.Equal("n1", e.Object!.Spec!.NodeName);
            break;
        }
    }

    [Fact]
    public async Task A_watch_can_be_consumed_only_once()
    {
        await using var h = await CacheHarness.StartAsync();
        using var watch = h.Cache.Watch(new WatchRequest());
        await using var reader = new WatchReader(watch);

        Assert.Throws<InvalidOperationException>(() => watch.Subscribe(_ => { }));
    }

    [Fact]
    public async Task The_registry_creates_one_started_cache_per_prefix_and_disposes_them()
    {
        var backend = new ScriptedBackend();
        await backend.CreateAsync("/registry/pods/a/p1", TestPod.Create("a", "p1"));
        var registry = new WatchCacheRegistry(backend, _ => new WatchCacheOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider() });

        var pods = await registry.GetReadyAsync("/registry/pods/").AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(pods, registry.Get("/registry/pods/"));
        Assert.Single(pods.List().Items);
        var services = await registry.GetReadyAsync("/registry/services/");
        Assert.Empty(services.List().Items);
        using var watch = pods.Watch(new WatchRequest { ResourceVersion = pods.Revision.ToString() });
        await using var reader = new WatchReader(watch);

        await registry.DisposeAsync();

        Assert.True(await reader.EndedAsync());
        Assert.Throws<ObjectDisposedException>(() => registry.Get("/registry/pods/"));
    }
}
