using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Tests.Watch;

public class WatchCacheWatchTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db" };

    private static bool IsWeb(KubeObject o) => o.Metadata.Labels?.GetValueOrDefault("app") == "web";

    [Fact]
    public async Task Watch_from_zero_sends_current_objects_as_added_then_changes()
    {
        await using var h = await CacheHarness.StartAsync();
        await h.CreateAsync(TestPod.Create("a", "p1"));
        await h.CreateFreshAsync(TestPod.Create("a", "p2"));

        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = "0" });
        await using var reader = new WatchReader(watch);
        WatchAssert.Event(WatchEventType.Added, "p1", await reader.NextAsync());
        WatchAssert.Event(WatchEventType.Added, "p2", await reader.NextAsync());

        var rev = await h.UpdateAsync(TestPod.Create("a", "p1", Web));
        var modified = await reader.NextAsync();
        WatchAssert.Event(WatchEventType.Modified, "p1", modified);
        Assert.Equal(rev, WatchAssert.Rv(modified));
    }

    [Fact]
    public async Task Watch_with_unset_resource_version_also_starts_with_the_current_state()
    {
        await using var h = await CacheHarness.StartAsync();
        await h.CreateFreshAsync(TestPod.Create("a", "p1"));

        using var watch = h.Cache.Watch(new WatchRequest());
        await using var reader = new WatchReader(watch);

        WatchAssert.Event(WatchEventType.Added, "p1", await reader.NextAsync());
    }

    [Fact]
    public async Task Watch_from_a_revision_replays_every_later_change_then_continues_live()
    {
        await using var h = await CacheHarness.StartAsync();
        var from = await h.CreateAsync(TestPod.Create("a", "p1"));
        await h.UpdateAsync(TestPod.Create("a", "p1", Web));
        var deleted = await h.DeleteAsync("a", "p1");
        await h.Cache.WaitUntilFreshAsync(deleted);

        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = from.ToString() });
        await using var reader = new WatchReader(watch);
        WatchAssert.Event(WatchEventType.Modified, "p1", await reader.NextAsync());
        var delete = await reader.NextAsync();
        WatchAssert.Event(WatchEventType.Deleted, "p1", delete);
        Assert.Equal(deleted, WatchAssert.Rv(delete));

        await h.CreateAsync(TestPod.Create("a", "p2"));
        WatchAssert.Event(WatchEventType.Added, "p2", await reader.NextAsync());
    }

    [Fact]
    public async Task Watch_from_a_revision_older_than_the_history_ends_with_410_expired()
    {
        await using var h = await CacheHarness.StartAsync(o => o.HistoryCapacity = 2);
        var first = await h.CreateAsync(TestPod.Create("a", "p1"));
        await h.CreateAsync(TestPod.Create("a", "p2"));
        await h.CreateAsync(TestPod.Create("a", "p3"));
        var last = await h.CreateFreshAsync(TestPod.Create("a", "p4"));

        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = first.ToString() });
        await using var reader = new WatchReader(watch);

        var error = await reader.NextAsync();
        WatchAssert.Expired(error, $"too old resource version: {first} ({last - 2})");
        Assert.Equal($"too old resource version: {first} ({last - 2})", error.Error!.Message);
        Assert.True(await reader.EndedAsync());
        Assert.Equal(0, h.Cache.WatcherCount);
    }

    [Fact]
    public async Task Watch_from_the_oldest_retained_revision_still_resumes()
    {
        await using var h = await CacheHarness.StartAsync(o => o.HistoryCapacity = 2);
        await h.CreateAsync(TestPod.Create("a", "p1"));
        var p2 = await h.CreateAsync(TestPod.Create("a", "p2"));
        await h.CreateAsync(TestPod.Create("a", "p3"));
        await h.CreateFreshAsync(TestPod.Create("a", "p4"));

        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = p2.ToString() });
        await using var reader = new WatchReader(watch);

        WatchAssert.Event(WatchEventType.Added, "p3", await reader.NextAsync());
        WatchAssert.Event(WatchEventType.Added, "p4", await reader.NextAsync());
    }

    [Fact]
    public async Task Send_initial_events_ends_the_initial_state_with_an_annotated_bookmark()
    {
        await using var h = await CacheHarness.StartAsync(o => o.BookmarkObjectFactory = () => new TestPod { ApiVersion = "v1", Kind = "Pod" });
        await h.CreateAsync(TestPod.Create("a", "p1", Web));
        await h.CreateAsync(TestPod.Create("a", "p2", Db));
        var rev = await h.CreateFreshAsync(TestPod.Create("a", "p3", Web));

        using var watch = h.Cache.Watch(new WatchRequest { SendInitialEvents = true, AllowWatchBookmarks = true, Filter = IsWeb });
        await using var reader = new WatchReader(watch);
        WatchAssert.Event(WatchEventType.Added, "p1", await reader.NextAsync());
        WatchAssert.Event(WatchEventType.Added, "p3", await reader.NextAsync());

        var bookmark = await reader.NextAsync();
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        var pod = Assert.IsType<TestPod>(bookmark.Object);
        Assert.Equal("Pod", pod.Kind);
        Assert.Null(pod.Metadata.Name);
        Assert.Equal(rev.ToString(), pod.Metadata.ResourceVersion);
        Assert.Equal("true", pod.Metadata.Annotations?[WatchCache.InitialEventsEndAnnotation]);
    }

    [Fact]
    public async Task Send_initial_events_false_without_a_resource_version_starts_from_now()
    {
        await using var h = await CacheHarness.StartAsync();
        await h.CreateFreshAsync(TestPod.Create("a", "old"));

        using var watch = h.Cache.Watch(new WatchRequest { SendInitialEvents = false });
        await using var reader = new WatchReader(watch);
        await h.CreateAsync(TestPod.Create("a", "new"));

        WatchAssert.Event(WatchEventType.Added, "new", await reader.NextAsync());
    }

    [Fact]
    public async Task Bookmarks_are_sent_every_interval_to_watchers_that_allow_them()
    {
        await using var h = await CacheHarness.StartAsync(o => o.BookmarkInterval = TimeSpan.FromSeconds(30));
        var rev = await h.CreateFreshAsync(TestPod.Create("a", "p1"));
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = rev.ToString(), AllowWatchBookmarks = true });
        using var silent = h.Cache.Watch(new WatchRequest { ResourceVersion = rev.ToString() });
        await using var reader = new WatchReader(watch);
        await using var silentReader = new WatchReader(silent);

        h.Time.Advance(TimeSpan.FromSeconds(30));
        var bookmark = await reader.NextAsync();
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.IsType<BookmarkObject>(bookmark.Object);
        Assert.Equal(rev, WatchAssert.Rv(bookmark));
        Assert.Null(bookmark.Object!.Metadata.Annotations);

        var next = await h.CreateAsync(TestPod.Create("a", "p2"));
        WatchAssert.Event(WatchEventType.Added, "p2", await reader.NextAsync());
        h.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await reader.NextAsync();
        Assert.Equal(WatchEventType.Bookmark, second.Type);
        Assert.Equal(next, WatchAssert.Rv(second));

        // The watcher without bookmarks sees only the change.
        WatchAssert.Event(WatchEventType.Added, "p2", await silentReader.NextAsync());
        await h.CreateAsync(TestPod.Create("a", "p3"));
        WatchAssert.Event(WatchEventType.Added, "p3", await silentReader.NextAsync());
    }

    [Fact]
    public async Task An_update_that_leaves_or_enters_the_selector_is_a_delete_or_an_add()
    {
        await using var h = await CacheHarness.StartAsync();
        await h.CreateFreshAsync(TestPod.Create("a", "p1", Web));
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = h.Cache.Revision.ToString(), Filter = IsWeb });
        await using var reader = new WatchReader(watch);

        var leave = await h.UpdateAsync(TestPod.Create("a", "p1", Db));
        var deleted = await reader.NextAsync();
        WatchAssert.Event(WatchEventType.Deleted, "p1", deleted);
        Assert.Equal("web", deleted.Object!.Metadata.Labels!["app"]);
        Assert.Equal(leave, WatchAssert.Rv(deleted));

        await h.UpdateAsync(TestPod.Create("a", "p1", Db) with { Spec = new TestPodSpec("n1") });
        await h.UpdateAsync(TestPod.Create("a", "p1", Web));
        var added = await reader.NextAsync();
        WatchAssert.Event(WatchEventType.Added, "p1", added);
        Assert.Equal("web", added.Object!.Metadata.Labels!["app"]);

        await h.UpdateAsync(TestPod.Create("a", "p1", Web) with { Spec = new TestPodSpec("n2") });
        WatchAssert.Event(WatchEventType.Modified, "p1", await reader.NextAsync());
    }

    [Fact]
    public async Task A_key_prefix_scopes_a_watch_to_one_namespace()
    {
        await using var h = await CacheHarness.StartAsync();
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = h.Cache.Revision.ToString(), KeyPrefix = CacheHarness.Prefix + "a/" });
        await using var reader = new WatchReader(watch);

        await h.CreateAsync(TestPod.Create("b", "other"));
        await h.CreateAsync(TestPod.Create("ab", "other"));
        await h.CreateAsync(TestPod.Create("a", "mine"));

        WatchAssert.Event(WatchEventType.Added, "mine", await reader.NextAsync());
    }

    [Fact]
    public async Task Index_hints_narrow_the_initial_state_of_a_watch()
    {
        await using var h = await CacheHarness.StartAsync(o => o.AddFieldIndex("spec.nodeName", p => ((TestPod)p).Spec?.NodeName is { } n ? [n] : []));
        await h.CreateAsync(TestPod.Create("a", "p1", node: "n1"));
        await h.CreateAsync(TestPod.Create("a", "p2", node: "n2"));
        await h.CreateFreshAsync(TestPod.Create("a", "p3", node: "n1"));
        static bool OnN1(KubeObject o) => ((TestPod)o).Spec?.NodeName == "n1";

        using var watch = h.Cache.Watch(new WatchRequest { Filter = OnN1, IndexHints = [IndexQuery.Field("spec.nodeName", "n1")] });
        await using var reader = new WatchReader(watch);
        WatchAssert.Event(WatchEventType.Added, "p1", await reader.NextAsync());
        WatchAssert.Event(WatchEventType.Added, "p3", await reader.NextAsync());

        await h.CreateAsync(TestPod.Create("a", "p4", node: "n2"));
        await h.CreateAsync(TestPod.Create("a", "p5", node: "n1"));
        WatchAssert.Event(WatchEventType.Added, "p5", await reader.NextAsync());
    }

    [Fact]
    public async Task Watch_from_a_future_revision_starts_once_the_cache_reaches_it()
    {
        await using var h = await CacheHarness.StartAsync();
        var now = h.Cache.Revision;
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = (now + 1).ToString() });
        await using var reader = new WatchReader(watch);

        await h.CreateAsync(TestPod.Create("a", "p1"));
        await h.CreateAsync(TestPod.Create("a", "p2"));

        WatchAssert.Event(WatchEventType.Added, "p2", await reader.NextAsync());
    }

    [Fact]
    public async Task Watch_from_a_revision_never_reached_fails_with_504_after_the_timeout()
    {
        await using var h = await CacheHarness.StartAsync();
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = "1000" });
        await using var reader = new WatchReader(watch);
        var next = reader.NextAsync();

        h.Time.Advance(WatchCacheOptions.DefaultFutureRevisionTimeout);

        var error = await next;
        Assert.Equal(WatchEventType.Error, error.Type);
        Assert.Equal(504, error.Error!.Code);
        Assert.Equal("Too large resource version: 1000, current resource version: 0", error.Error.Message);
    }

    [Fact]
    public async Task An_unparsable_resource_version_is_a_400_error_event()
    {
        await using var h = await CacheHarness.StartAsync();
        using var watch = h.Cache.Watch(new WatchRequest { ResourceVersion = "abc" });
        await using var reader = new WatchReader(watch);

        var error = await reader.NextAsync();
        Assert.Equal(400, error.Error!.Code);
        Assert.True(await reader.EndedAsync());
    }
}
