using KubeCore.Models;
using KubeCore.Storage;
using KubeCore.Storage.Conformance;
using KubeCore.Storage.Memory;

namespace KubeCore.Tests.Storage;

/// <summary>Behaviour specific to the in-memory backend: its history window, watcher buffers and instance sharing.</summary>
public sealed class InMemoryStorageBackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static KubeObject Pod(string name) => ConformanceObject.Create(name);

    [Fact]
    public async Task History_beyond_the_window_is_compacted_automatically()
    {
        await using var backend = new InMemoryStorageBackend(new InMemoryStorageOptions { HistoryWindow = 10 });
        for (var i = 0; i < 25; i++) await backend.CreateAsync($"/p/{i}", Pod($"p{i}"));

        Assert.Equal(15, await backend.GetCompactedRevisionAsync());
        Assert.Equal(15, (await backend.ListAsync("/p/", 15)).Items.Count);
        await Assert.ThrowsAsync<StorageRevisionCompactedException>(async () => await backend.ListAsync("/p/", 14));
        await Assert.ThrowsAsync<StorageRevisionCompactedException>(async () =>
        {
            await foreach (var _ in backend.WatchAsync("/p/", 14)) { }
        });
        Assert.Equal(25, (await backend.ListAsync("/p/")).Items.Count);
    }

    [Fact]
    public async Task Watcher_that_falls_behind_its_buffer_ends_with_overflow_after_buffered_events()
    {
        await using var backend = new InMemoryStorageBackend(new InMemoryStorageOptions { WatchBufferSize = 4 });
        await using var watch = backend.WatchAsync("/p/", 0).GetAsyncEnumerator();
        Assert.True(await backend.GetCurrentRevisionAsync() == 0);
        // Register the watcher (enumeration starts lazily) by consuming the first event.
        await backend.CreateAsync("/p/0", Pod("p0"));
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Timeout));

        for (var i = 1; i <= 10; i++) await backend.CreateAsync($"/p/{i}", Pod($"p{i}"));

        var delivered = new List<long>();
        var failure = await Assert.ThrowsAsync<StorageWatchOverflowException>(async () =>
        {
            while (await watch.MoveNextAsync().AsTask().WaitAsync(Timeout)) delivered.Add(watch.Current.Revision);
        });
        Assert.Equal([2L, 3L, 4L, 5L], delivered);
        Assert.Contains("/p/", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_more_history_than_the_watch_buffer_does_not_overflow()
    {
        await using var backend = new InMemoryStorageBackend(new InMemoryStorageOptions { WatchBufferSize = 4 });
        for (var i = 1; i <= 20; i++) await backend.CreateAsync($"/p/{i}", Pod($"p{i}"));
        await using var watch = backend.WatchAsync("/p/", 1).GetAsyncEnumerator();

        var delivered = new List<long>();
        for (var i = 0; i < 19; i++)
        {
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Timeout));
            delivered.Add(watch.Current.Revision);
        }

        Assert.Equal(Enumerable.Range(2, 19).Select(r => (long)r), delivered);
    }

    [Fact]
    public async Task Readers_and_watchers_get_the_very_instance_that_was_stored()
    {
        await using var backend = new InMemoryStorageBackend();
        await using var watch = backend.WatchAsync("/p/", 0).GetAsyncEnumerator();

        var created = await backend.CreateAsync("/p/a", Pod("a"));

        Assert.Same(created.Value, (await backend.GetAsync("/p/a"))!.Value);
        Assert.Same(created.Value, (await backend.ListAsync("/p/")).Items[0].Value);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Same(created.Value, watch.Current.Value);
        Assert.IsType<ConformanceObject>(created.Value);
        Assert.Equal("1", created.Value.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Writes_complete_synchronously()
    {
        await using var backend = new InMemoryStorageBackend();

        var create = backend.CreateAsync("/p/a", Pod("a"));
        Assert.True(create.IsCompletedSuccessfully);
        var created = await create;
        var update = backend.UpdateAsync("/p/a", Pod("a"), created.ModRevision);
        Assert.True(update.IsCompletedSuccessfully);
        await update;
        var conflict = backend.UpdateAsync("/p/a", Pod("a"), created.ModRevision);
        Assert.True(conflict.IsFaulted);
        await Assert.ThrowsAsync<StorageConflictException>(async () => await conflict);
        var delete = backend.DeleteAsync("/p/a");
        Assert.True(delete.IsCompletedSuccessfully);
        await delete;
    }

    [Fact]
    public async Task Stamping_uses_the_commit_revision_when_another_write_intervened()
    {
        // Deleting after an update from another key exercises the re-stamp path of the optimistic stamping.
        await using var backend = new InMemoryStorageBackend();
        var a = await backend.CreateAsync("/p/a", Pod("a"));
        await backend.CreateAsync("/p/b", Pod("b"));

        var deleted = await backend.DeleteAsync("/p/a", a.ModRevision);

        Assert.Equal(3, deleted.ModRevision);
        Assert.Equal("3", deleted.Value.Metadata.ResourceVersion);
    }
}
