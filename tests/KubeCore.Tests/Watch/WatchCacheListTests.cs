using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Tests.Watch;

public class WatchCacheListTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db", ["tier"] = "data" };

    private static Task<CacheHarness> StartAsync() => CacheHarness.StartAsync(o => o
        .AddFieldIndex("spec.nodeName", p => ((TestPod)p).Spec?.NodeName is { } n ? [n] : [])
        .AddFieldIndex("spec.volumes", p => ((TestPod)p).Spec?.Volumes ?? []));

    [Fact]
    public async Task Objects_present_before_start_are_listed_in_key_order_with_the_list_revision()
    {
        await using var h = await CacheHarness.StartAsync(seed: async b =>
        {
            await b.CreateAsync(CacheHarness.Key("b", "p2"), TestPod.Create("b", "p2"));
            await b.CreateAsync(CacheHarness.Key("a", "p1"), TestPod.Create("a", "p1"));
            await b.CreateAsync("/registry/services/a/s", TestPod.Create("a", "s"));
        });

        var list = h.Cache.List();

        Assert.Equal(["p1", "p2"], list.Items.Select(o => o.Metadata.Name));
        Assert.Equal(3, list.Revision);
    }

    [Fact]
    public async Task Get_returns_the_very_instance_storage_returned()
    {
        await using var h = await StartAsync();
        var entry = await h.Backend.CreateAsync(CacheHarness.Key("a", "p1"), TestPod.Create("a", "p1"));
        await h.Cache.WaitUntilFreshAsync(entry.ModRevision);

        Assert.Same(entry.Value, h.Cache.Get(CacheHarness.Key("a", "p1")));
        Assert.Null(h.Cache.Get(CacheHarness.Key("a", "missing")));
    }

    [Fact]
    public async Task Namespace_label_owner_and_field_indexes_narrow_a_list()
    {
        await using var h = await StartAsync();
        await h.CreateAsync(TestPod.Create("a", "web-1", Web, node: "n1", owner: "rs1"));
        await h.CreateAsync(TestPod.Create("a", "db-1", Db, node: "n2"));
        await h.CreateAsync(TestPod.Create("b", "web-2", Web, node: "n1", owner: "rs1"));
        await h.CreateFreshAsync(TestPod.Create("b", "db-2", Db, node: "n1"));

        static string[] Names(WatchCacheListResult r) => [.. r.Items.Select(o => o.Metadata.Name!)];
        Assert.Equal(["db-1", "web-1"], Names(h.Cache.List(indexQueries: [IndexQuery.Namespace("a")])));
        Assert.Equal(["web-1", "web-2"], Names(h.Cache.List(indexQueries: [IndexQuery.Label("app", "web")])));
        Assert.Equal(["web-1", "web-2"], Names(h.Cache.List(indexQueries: [IndexQuery.Owner("rs1-uid")])));
        Assert.Equal(["web-1", "db-2", "web-2"], Names(h.Cache.List(indexQueries: [IndexQuery.Field("spec.nodeName", "n1")])));
        Assert.Equal(["db-2"], Names(h.Cache.List(indexQueries: [IndexQuery.Field("spec.nodeName", "n1"), IndexQuery.Label("tier", "data")])));
        Assert.Empty(h.Cache.List(indexQueries: [IndexQuery.Label("app", "none")]).Items);
    }

    [Fact]
    public async Task Key_prefix_and_filter_scope_a_list()
    {
        await using var h = await StartAsync();
        await h.CreateAsync(TestPod.Create("a", "web-1", Web));
        await h.CreateAsync(TestPod.Create("a", "db-1", Db));
        await h.CreateFreshAsync(TestPod.Create("ab", "web-2", Web));

        var list = h.Cache.List(CacheHarness.Prefix + "a/", o => o.Metadata.Labels?["app"] == "web");

        Assert.Equal(["web-1"], list.Items.Select(o => o.Metadata.Name));
    }

    [Fact]
    public async Task An_extractor_may_index_one_object_under_several_values()
    {
        await using var h = await StartAsync();
        await h.CreateFreshAsync(TestPod.Create("a", "p1") with { Spec = new TestPodSpec(Volumes: ["data", "logs"]) });

        Assert.Single(h.Cache.List(indexQueries: [IndexQuery.Field("spec.volumes", "data")]).Items);
        Assert.Single(h.Cache.List(indexQueries: [IndexQuery.Field("spec.volumes", "logs")]).Items);
    }

    [Fact]
    public async Task Indexes_follow_updates_and_deletes()
    {
        await using var h = await StartAsync();
        await h.CreateAsync(TestPod.Create("a", "p1", Web, node: "n1"));
        await h.UpdateAsync(TestPod.Create("a", "p1", Db, node: "n2"));
        await h.CreateAsync(TestPod.Create("a", "p2", Web));
        var rev = await h.DeleteAsync("a", "p2");
        await h.Cache.WaitUntilFreshAsync(rev);

        Assert.Empty(h.Cache.List(indexQueries: [IndexQuery.Label("app", "web")]).Items);
        Assert.Empty(h.Cache.List(indexQueries: [IndexQuery.Field("spec.nodeName", "n1")]).Items);
        Assert.Single(h.Cache.List(indexQueries: [IndexQuery.Field("spec.nodeName", "n2")]).Items);
        Assert.Single(h.Cache.List(indexQueries: [IndexQuery.Label("app", "db")]).Items);
        Assert.Equal(1, h.Cache.Count);
        Assert.Equal(rev, h.Cache.List().Revision);
    }

    [Fact]
    public async Task Querying_an_unknown_index_is_rejected()
    {
        await using var h = await StartAsync();

        Assert.Throws<ArgumentException>(() => h.Cache.List(indexQueries: [IndexQuery.Field("spec.unknown", "x")]));
        Assert.Throws<ArgumentException>(() => h.Cache.Watch(new WatchRequest { IndexHints = [IndexQuery.Field("spec.unknown", "x")] }));
    }

    [Fact]
    public async Task Read_your_writes_waits_until_the_cache_has_applied_the_revision()
    {
        await using var h = await StartAsync();
        var fresh = h.Cache.WaitUntilFreshAsync(h.Cache.Revision);
        Assert.True(fresh.IsCompletedSuccessfully, "an already applied revision must not wait");

        var rev = await h.CreateAsync(TestPod.Create("a", "p1"));
        await h.Cache.WaitUntilFreshAsync(rev).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(h.Cache.Get(CacheHarness.Key("a", "p1")));
        Assert.True(h.Cache.Revision >= rev);
    }

    [Fact]
    public async Task Waiting_for_a_revision_can_be_cancelled()
    {
        await using var h = await StartAsync();
        using var cts = new CancellationTokenSource();
        var wait = h.Cache.WaitUntilFreshAsync(h.Cache.Revision + 100, cts.Token).AsTask();
        Assert.False(wait.IsCompleted);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
