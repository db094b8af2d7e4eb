using KubeCore.Models;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.Informers;

public class SharedInformerTests : ClusterTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Informer_lists_then_delivers_adds_updates_and_deletes_to_handlers()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("before"));
        var informer = Cluster.Informers.GetInformer<ConfigMap>("default");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var deleted = new TaskCompletionSource();
        informer.AddEventHandler(
            onAdd: c => log.Enqueue("add " + c.Metadata.Name),
            onUpdate: (_, c) => log.Enqueue("update " + c.Metadata.Name),
            onDelete: c => { log.Enqueue("delete " + c.Metadata.Name); deleted.TrySetResult(); });

        Cluster.Informers.Start();
        await Cluster.Informers.WaitForCacheSyncAsync().WaitAsync(Timeout);
        Assert.True(informer.HasSynced);

        var after = await Client.ConfigMaps("default").CreateAsync(ConfigMap("after"));
        await Client.ConfigMaps("default").UpdateAsync(after with { Data = new Dictionary<string, string> { ["key"] = "2" } });
        await Client.ConfigMaps("default").DeleteAsync("after");
        await deleted.Task.WaitAsync(Timeout);

        Assert.Equal(["add before", "add after", "update after", "delete after"], log);
        Assert.NotNull(informer.Lister.Get("default", "before"));
        Assert.Null(informer.Lister.Get("default", "after"));
    }

    [Fact]
    public async Task Informers_for_the_same_kind_are_shared()
    {
        Assert.Same(Cluster.Informers.GetInformer<Pod>(), Cluster.Informers.GetInformer<Pod>());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_handler_added_after_sync_receives_the_cached_objects_as_adds()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        var informer = Cluster.Informers.GetInformer<ConfigMap>();
        Cluster.Informers.Start();
        await informer.WaitForSyncAsync().WaitAsync(Timeout);

        var added = new List<string>();
        informer.AddEventHandler(onAdd: c => added.Add(c.Metadata.Name!));

        Assert.Contains("a", added);
    }

    [Fact]
    public async Task Resync_redelivers_cached_objects_as_updates_on_the_cluster_clock()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        await using var factory = new KubeCore.Informers.SharedInformerFactory(Client, Time, TimeSpan.FromMinutes(5));
        var informer = factory.GetInformer<ConfigMap>("default");
        var resynced = new TaskCompletionSource<(ConfigMap Old, ConfigMap New)>();
        informer.AddEventHandler(onUpdate: (o, n) => resynced.TrySetResult((o, n)));
        factory.Start();
        await informer.WaitForSyncAsync().WaitAsync(Timeout);

        Time.Advance(TimeSpan.FromMinutes(5));

        var (old, @new) = await resynced.Task.WaitAsync(Timeout);
        Assert.Same(old, @new);
    }
}
