using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Tests.Api;

public class ListWatchTests : ClusterTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task List_filters_by_label_and_field_selectors()
    {
        await Client.Pods("default").CreateAsync(Pod("a", node: "n1", labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "fe" }));
        await Client.Pods("default").CreateAsync(Pod("b", node: "n2", labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be" }));
        await Client.Pods("default").CreateAsync(Pod("c", node: "n1", labels: new Dictionary<string, string> { ["app"] = "db" }));

        Assert.Equal(["a", "b"], Names(await Client.Pods("default").ListAsync("app=web")));
        Assert.Equal(["a"], Names(await Client.Pods("default").ListAsync("app=web,tier in (fe, qa)")));
        Assert.Equal(["a", "c"], Names(await Client.Pods(null).ListAsync(fieldSelector: "spec.nodeName=n1")));
        Assert.Equal(["b", "c"], Names(await Client.Pods("default").ListAsync(fieldSelector: "metadata.name!=a")));
    }

    [Fact]
    public async Task Invalid_selectors_and_unsupported_fields_are_BadRequest()
    {
        await Assert.ThrowsAsync<BadRequestException>(() => Client.Pods("default").ListAsync("app in (web"));
        var e = await Assert.ThrowsAsync<BadRequestException>(() => Client.Pods("default").ListAsync(fieldSelector: "spec.image=x"));
        Assert.Equal("field label not supported: spec.image", e.Status.Message);
    }

    [Fact]
    public async Task Event_field_selectors_match_the_involved_object_like_kubectl_describe()
    {
        var pod = await Client.Pods("default").CreateAsync(Pod("p"));
        await Client.Events("default").CreateAsync(new Event
        {
            Metadata = new ObjectMeta { Name = "p.1" },
            InvolvedObject = new ObjectReference { Kind = "Pod", Name = "p", Namespace = "default", Uid = pod.Metadata.Uid },
            Reason = "Scheduled",
        });
        await Client.Events("default").CreateAsync(new Event { Metadata = new ObjectMeta { Name = "q.1" }, InvolvedObject = new ObjectReference { Kind = "Pod", Name = "q", Namespace = "default" } });

        var events = await Client.Events("default").ListAsync(fieldSelector: $"involvedObject.name=p,involvedObject.namespace=default,involvedObject.uid={pod.Metadata.Uid}");

        Assert.Equal(["p.1"], Names(events));
    }

    [Fact]
    public async Task A_resource_nobody_wrote_lists_at_the_stores_latest_revision_and_a_watch_from_it_sees_only_later_changes()
    {
        await Client.Pods("default").CreateAsync(Pod("p"));
        var written = await Client.ConfigMaps("default").CreateAsync(ConfigMap("other"));

        var secrets = await Client.Secrets("default").ListAsync();
        var any = await Client.Secrets("default").ListAsync(new ListOptions { ResourceVersion = "0" });

        // Never "0" (a watch from "0" would replay the current state) and never older than a write already acknowledged.
        Assert.Equal(written.Metadata.ResourceVersion, secrets.Metadata.ResourceVersion);
        Assert.Equal(written.Metadata.ResourceVersion, any.Metadata.ResourceVersion);

        using var cts = new CancellationTokenSource(Timeout);
        await using var events = Client.Secrets("default").WatchAsync(new ListOptions { ResourceVersion = secrets.Metadata.ResourceVersion }, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();
        await Client.Secrets("default").CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "s" } });
        Assert.True(await next);
        Assert.Equal((WatchEventType.Added, "s"), (events.Current.Type, events.Current.Object!.Metadata.Name));
    }

    [Fact]
    public async Task Paged_lists_are_consistent_across_pages()
    {
        for (var i = 0; i < 5; i++) await Client.ConfigMaps("default").CreateAsync(ConfigMap($"c{i}"));

        var first = await Client.ConfigMaps("default").ListAsync(new ListOptions { Limit = 2 });
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("c9"));
        var second = await Client.ConfigMaps("default").ListAsync(new ListOptions { Limit = 2, Continue = first.Metadata.Continue });
        var third = await Client.ConfigMaps("default").ListAsync(new ListOptions { Limit = 2, Continue = second.Metadata.Continue });

        Assert.Equal(["c0", "c1"], Names(first));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        Assert.Equal(["c2", "c3"], Names(second));
        Assert.Equal(["c4"], Names(third));
        Assert.Null(third.Metadata.Continue);
    }

    [Fact]
    public async Task List_resourceVersion_covers_every_item()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        var b = await Client.ConfigMaps("default").CreateAsync(ConfigMap("b"));
        var list = await Client.ConfigMaps("default").ListAsync();
        Assert.True(long.Parse(list.Metadata.ResourceVersion!) >= long.Parse(b.Metadata.ResourceVersion!));
    }

    [Fact]
    public async Task Watch_from_zero_replays_current_state_as_ADDED_then_streams_changes()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("existing"));
        using var cts = new CancellationTokenSource(Timeout);
        await using var events = Client.ConfigMaps("default").WatchAsync(new ListOptions { ResourceVersion = "0" }, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "existing"), (events.Current.Type, events.Current.Object!.Metadata.Name));

        var created = await Client.ConfigMaps("default").CreateAsync(ConfigMap("new"));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "new"), (events.Current.Type, events.Current.Object!.Metadata.Name));

        await Client.ConfigMaps("default").DeleteAsync("new");
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Deleted, events.Current.Type);
        Assert.True(long.Parse(events.Current.Object!.Metadata.ResourceVersion!) > long.Parse(created.Metadata.ResourceVersion!));
    }

    [Fact]
    public async Task Watch_resumes_after_a_list_resourceVersion_without_gaps()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        var list = await Client.ConfigMaps("default").ListAsync();
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("b"));
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));

        using var cts = new CancellationTokenSource(Timeout);
        var seen = await Client.ConfigMaps("default").WatchAsync(new ListOptions { ResourceVersion = list.Metadata.ResourceVersion }, cts.Token)
            .Take(2).Select(e => e.Object!.Metadata.Name).ToListAsync(cts.Token);

        Assert.Equal(["b", "c"], seen);
    }

    [Fact]
    public async Task Watch_after_a_storage_served_page_starts_from_its_revision()
    {
        await Client.Pods("default").CreateAsync(Pod("a"));
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("other-kind"));
        var page = await Client.Pods("default").ListAsync(new ListOptions { Limit = 500 });

        using var cts = new CancellationTokenSource(Timeout);
        await using var events = Client.Pods("default").WatchAsync(new ListOptions { ResourceVersion = page.Metadata.ResourceVersion }, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();
        await Client.Pods("default").CreateAsync(Pod("b"));

        Assert.True(await next);
        Assert.Null(events.Current.Error?.Message);
        Assert.Equal("b", events.Current.Object!.Metadata.Name);
    }

    [Fact]
    public async Task Watch_honours_label_selectors()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var watching = Client.ConfigMaps("default").WatchAsync(new ListOptions { LabelSelector = "app=web" }, cts.Token)
            .Select(e => e.Object!.Metadata.Name).Take(1).ToListAsync(cts.Token);
        await Task.Yield();
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("skip", new Dictionary<string, string> { ["app"] = "db" }));
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("keep", new Dictionary<string, string> { ["app"] = "web" }));

        Assert.Equal(["keep"], await watching);
    }

    [Fact]
    public async Task Watch_as_an_observable_delivers_typed_events()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        var first = await Client.ConfigMaps("default").Watch(new ListOptions { ResourceVersion = "0" }).FirstAsync().ToTask().WaitAsync(Timeout);
        Assert.IsType<ConfigMap>(first.Object);
    }

    [Fact]
    public async Task Watch_ends_cleanly_when_timeoutSeconds_elapse_on_the_cluster_clock()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var watch = Client.ConfigMaps("default").WatchAsync(new ListOptions { TimeoutSeconds = 60 }, cts.Token).ToListAsync(cts.Token).AsTask();
        await Task.Delay(50, cts.Token);
        Assert.False(watch.IsCompleted);

        Time.Advance(TimeSpan.FromSeconds(61));

        Assert.Empty(await watch.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Watch_from_a_compacted_resourceVersion_ends_with_a_410_Expired_error_event()
    {
        for (var i = 0; i < 1100; i++) await Client.ConfigMaps("default").CreateAsync(ConfigMap($"c{i}"));
        using var cts = new CancellationTokenSource(Timeout);

        var events = await Client.ConfigMaps("default").WatchAsync(new ListOptions { ResourceVersion = "1" }, cts.Token).ToListAsync(cts.Token);

        var error = Assert.Single(events);
        Assert.Equal(WatchEventType.Error, error.Type);
        Assert.Equal(410, error.Error!.Code);
        Assert.Equal("Expired", error.Error.Reason);
    }

    [Fact]
    public async Task OpenAsync_registers_the_watch_before_any_event_exists()
    {
        // The HTTP API answers a watch once it is open; a watch that could only be opened by waiting for its first
        // event kept kubectl's rollout status waiting for the next change or bookmark.
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        var list = await Client.ConfigMaps("default").ListAsync();
        var resource = Cluster.Resources.Get<ConfigMap>();
        var cache = Cluster.Api.WatchCaches.Get(resource.KeyPrefix);
        using var cts = new CancellationTokenSource(Timeout);

        var events = Cluster.Api.WatchAsync(resource, "default", new ListOptions { ResourceVersion = list.Metadata.ResourceVersion }, cts.Token).GetAsyncEnumerator(cts.Token);
        await using (events)
        {
            await events.OpenAsync();
            Assert.Equal(1, cache.WatcherCount);
            await Client.ConfigMaps("default").CreateAsync(ConfigMap("b"));
            Assert.True(await events.MoveNextAsync());
            Assert.Equal((WatchEventType.Added, "b"), (events.Current.Type, events.Current.Object!.Metadata.Name));
        }
        Assert.Equal(0, cache.WatcherCount);
    }

    [Fact]
    public async Task OpenAsync_reports_a_bad_selector_when_opening()
    {
        var resource = Cluster.Resources.Get<ConfigMap>();
        var events = Cluster.Api.WatchAsync(resource, "default", new ListOptions { LabelSelector = "app in (web" }).GetAsyncEnumerator();
        await using (events)
            await Assert.ThrowsAsync<BadRequestException>(async () => await events.OpenAsync());
        Assert.Equal(0, Cluster.Api.WatchCaches.Get(resource.KeyPrefix).WatcherCount);
    }

    private static List<string> Names<T>(KubeList<T> list) where T : KubeObject => list.Items.Select(i => i.Metadata.Name!).ToList();
}

public class WatchDisposalTests : ClusterTest
{
    [Fact]
    public async Task Disposing_a_watch_with_a_move_still_pending_ends_it_cleanly()
    {
        var events = Client.ConfigMaps("default").WatchAsync().GetAsyncEnumerator();
        var pending = events.MoveNextAsync().AsTask();
        await Task.WhenAny(pending, Task.Delay(50));

        await events.DisposeAsync();

        Assert.False(await pending.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
