using KubeCore.Storage;
using KubeCore.Storage.Conformance;
using KubeCore.Storage.Memory;

namespace KubeCore.Tests.Storage;

public class InMemoryChangeFeedTests
{
    [Fact]
    public async Task Feed_replays_retained_changes_then_delivers_each_write_before_it_returns()
    {
        var backend = new InMemoryStorageBackend();
        var first = await backend.CreateAsync("/registry/things/a", ConformanceObject.WithValue("a", "1"));
        await backend.CreateAsync("/registry/other/x", ConformanceObject.WithValue("x", "1"));
        var seen = new List<(StorageEventType, string, long)>();

        using var feed = backend.Subscribe("/registry/things/", 0, e => seen.Add((e.Type, e.Key, e.Revision)), _ => { });
        Assert.Equal([(StorageEventType.Added, "/registry/things/a", first.ModRevision)], seen);

        var updated = await backend.UpdateAsync("/registry/things/a", ConformanceObject.WithValue("a", "2"), first.ModRevision);
        Assert.Equal((StorageEventType.Modified, "/registry/things/a", updated.ModRevision), seen[^1]);
        var deleted = await backend.DeleteAsync("/registry/things/a");
        Assert.Equal((StorageEventType.Deleted, "/registry/things/a", deleted.ModRevision), seen[^1]);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task A_failing_consumer_never_fails_the_write_and_its_feed_ends_with_the_error()
    {
        var backend = new InMemoryStorageBackend();
        Exception? endedWith = null;
        using var feed = backend.Subscribe("/registry/things/", 0, _ => throw new InvalidOperationException("boom"), e => endedWith = e);

        var created = await backend.CreateAsync("/registry/things/a", ConformanceObject.WithValue("a", "1"));

        Assert.Equal("/registry/things/a", created.Key);
        Assert.IsType<InvalidOperationException>(endedWith);
        await backend.CreateAsync("/registry/things/b", ConformanceObject.WithValue("b", "1"));
    }

    [Fact]
    public async Task Disposing_the_backend_ends_feeds_and_a_compacted_start_is_refused()
    {
        var backend = new InMemoryStorageBackend(new InMemoryStorageOptions { HistoryWindow = 2 });
        for (var i = 0; i < 5; i++) await backend.CreateAsync($"/registry/things/{i}", ConformanceObject.WithValue($"t{i}", "1"));
        Assert.Throws<StorageRevisionCompactedException>(() => backend.Subscribe("/registry/things/", 1, _ => { }, _ => { }));

        var ended = false;
        using var feed = backend.Subscribe("/registry/things/", 5, _ => { }, e => ended = e is null);
        await backend.DisposeAsync();

        Assert.True(ended);
    }
}
