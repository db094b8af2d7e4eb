using System.Globalization;

namespace KubeCore.Storage.Conformance;

/// <summary>MVCC history: lists at a revision, compaction, and revisions out of range.</summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task List_at_revision_equals_the_state_replayed_up_to_that_revision()
    {
        // A scripted history over a few keys; after each write, remember what the prefix held.
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var snapshots = new List<(long Revision, KeyValuePair<string, string>[] Items)>();
        var live = new Dictionary<string, StorageEntry>();
        var random = new Random(1234);
        for (var step = 0; step < 60; step++)
        {
            var name = $"k{random.Next(6)}";
            StorageEntry written;
            if (!live.TryGetValue(name, out var current))
            {
                written = await CreateAsync(name, step.ToString(CultureInfo.InvariantCulture));
                live[name] = written;
                state[Key(name)] = ValueOf(written.Value)!;
            }
            else if (random.Next(3) == 0)
            {
                written = await Backend.DeleteAsync(Key(name), current.ModRevision);
                live.Remove(name);
                state.Remove(Key(name));
            }
            else
            {
                written = await UpdateAsync(name, step.ToString(CultureInfo.InvariantCulture), current.ModRevision);
                live[name] = written;
                state[Key(name)] = ValueOf(written.Value)!;
            }
            snapshots.Add((written.ModRevision, state.ToArray()));
        }

        foreach (var (revision, items) in snapshots)
        {
            var list = await Backend.ListAsync(Prefix, revision);

            Assert.Equal(revision, list.Revision);
            Assert.Equal(items.Select(i => i.Key).ToArray(), list.Items.Select(e => e.Key).ToArray());
            Assert.Equal(items.Select(i => i.Value).ToArray(), list.Items.Select(e => ValueOf(e.Value)).ToArray());
            foreach (var entry in list.Items)
            {
                Assert.True(entry.ModRevision <= revision);
                Assert.Equal(entry.ModRevision, KubeObjectRevisionExtensions.ParseResourceVersion(entry.Value.Metadata.ResourceVersion));
            }
        }
    }

    [Fact]
    public async Task List_at_future_revision_fails_with_not_yet_reached()
    {
        await CreateAsync("a");
        var current = await Backend.GetCurrentRevisionAsync();

        var failure = await Assert.ThrowsAsync<StorageRevisionNotYetReachedException>(async () => await Backend.ListAsync(Prefix, current + 100));
        Assert.Equal(current + 100, failure.RequestedRevision);
    }

    [Fact]
    public async Task Compacted_revisions_fail_list_and_watch_with_compacted()
    {
        var first = await CreateAsync("a", "1");
        var second = await UpdateAsync("a", "2", first.ModRevision);
        var third = await UpdateAsync("a", "3", second.ModRevision);

        await Backend.CompactAsync(second.ModRevision);

        Assert.True(await Backend.GetCompactedRevisionAsync() >= second.ModRevision);
        var listFailure = await Assert.ThrowsAsync<StorageRevisionCompactedException>(async () => await Backend.ListAsync(Prefix, first.ModRevision));
        Assert.Equal(first.ModRevision, listFailure.RequestedRevision);
        await Assert.ThrowsAsync<StorageRevisionCompactedException>(async () =>
        {
            await using var watch = Watch(Prefix, first.ModRevision);
            await watch.MoveNextAsync();
        });
    }

    [Fact]
    public async Task Compaction_keeps_current_values_and_the_compacted_revision_itself()
    {
        var first = await CreateAsync("a", "1");
        var second = await UpdateAsync("a", "2", first.ModRevision);
        var other = await CreateAsync("b", "1");
        var third = await UpdateAsync("a", "3", second.ModRevision);

        await Backend.CompactAsync(other.ModRevision);

        AssertEntry(await Backend.GetAsync(Key("a")), "a", "3");
        var atCompacted = await Backend.ListAsync(Prefix, other.ModRevision);
        Assert.Equal(["2", "1"], atCompacted.Items.Select(e => ValueOf(e.Value)));
        await using var watch = Watch(Prefix, other.ModRevision);
        AssertEvent(await watch.NextAsync(), StorageEventType.Modified, "a", third.ModRevision);
    }

    [Fact]
    public async Task Compacting_again_at_or_below_the_compacted_revision_does_nothing()
    {
        var first = await CreateAsync("a", "1");
        var second = await UpdateAsync("a", "2", first.ModRevision);
        await Backend.CompactAsync(second.ModRevision);

        await Backend.CompactAsync(second.ModRevision);
        await Backend.CompactAsync(first.ModRevision);

        Assert.Equal(["2"], (await Backend.ListAsync(Prefix, second.ModRevision)).Items.Select(e => ValueOf(e.Value)));
    }

    [Fact]
    public async Task Compacting_a_future_revision_fails_with_not_yet_reached()
    {
        await CreateAsync("a");
        var current = await Backend.GetCurrentRevisionAsync();

        await Assert.ThrowsAsync<StorageRevisionNotYetReachedException>(async () => await Backend.CompactAsync(current + 100));
    }
}
