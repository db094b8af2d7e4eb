using System.Collections.Concurrent;
using System.Globalization;

namespace KubeCore.Storage.Conformance;

/// <summary>Compare-and-swap and concurrent writers.</summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Update_with_stale_revision_fails_with_conflict_carrying_current_entry()
    {
        var created = await CreateAsync("a", "1");
        var updated = await UpdateAsync("a", "2", created.ModRevision);

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(async () => await UpdateAsync("a", "3", created.ModRevision));

        Assert.Equal(Key("a"), conflict.Key);
        Assert.Equal(created.ModRevision, conflict.ExpectedRevision);
        AssertEntry(conflict.Current, "a", "2");
        Assert.Equal(updated.ModRevision, conflict.Current!.ModRevision);
        AssertEntry(await Backend.GetAsync(Key("a")), "a", "2");
    }

    [Fact]
    public async Task Update_with_revision_zero_fails_with_conflict()
    {
        await CreateAsync("a", "1");

        await Assert.ThrowsAsync<StorageConflictException>(async () => await UpdateAsync("a", "2", 0));
    }

    [Fact]
    public async Task Delete_with_stale_revision_fails_with_conflict_and_keeps_key()
    {
        var created = await CreateAsync("a", "1");
        var updated = await UpdateAsync("a", "2", created.ModRevision);

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(async () => await Backend.DeleteAsync(Key("a"), created.ModRevision));

        Assert.Equal(updated.ModRevision, conflict.Current!.ModRevision);
        AssertEntry(await Backend.GetAsync(Key("a")), "a", "2");
    }

    [Fact]
    public async Task Delete_with_current_revision_succeeds()
    {
        var created = await CreateAsync("a", "1");

        var deleted = await Backend.DeleteAsync(Key("a"), created.ModRevision);

        AssertEntry(deleted, "a", "1");
        Assert.Null(await Backend.GetAsync(Key("a")));
    }

    [Fact]
    public async Task Failed_writes_do_not_advance_the_revision()
    {
        var created = await CreateAsync("a", "1");
        var before = await Backend.GetCurrentRevisionAsync();

        await Assert.ThrowsAsync<StorageConflictException>(async () => await UpdateAsync("a", "2", created.ModRevision + 1000));
        await Assert.ThrowsAsync<StorageKeyExistsException>(async () => await CreateAsync("a"));

        var next = await UpdateAsync("a", "2", created.ModRevision);
        Assert.True(next.ModRevision > before);
        Assert.Equal(created.ModRevision, (await Backend.GetAsync(Key("a")))!.CreateRevision);
    }

    [Fact]
    public async Task Concurrent_read_modify_cas_writers_lose_no_updates()
    {
        const int writers = 8, updatesPerWriter = 200, keys = 3;
        for (var k = 0; k < keys; k++) await CreateAsync($"counter{k}", "0");

        var tasks = new Task[writers];
        for (var w = 0; w < writers; w++)
        {
            var writer = w;
            tasks[w] = Task.Run(async () =>
            {
                for (var i = 0; i < updatesPerWriter; i++) await IncrementAsync(Key($"counter{(writer + i) % keys}"));
            });
        }
        await Task.WhenAll(tasks).WaitAsync(Timeout * 3);

        var total = 0;
        foreach (var entry in (await Backend.ListAsync(Prefix)).Items) total += int.Parse(ValueOf(entry.Value)!, CultureInfo.InvariantCulture);
        Assert.Equal(writers * updatesPerWriter, total);
    }

    /// <summary>Adds one to the counter in the <c>value</c> label of <paramref name="key"/>, retrying on conflicts.</summary>
    private async Task<StorageEntry> IncrementAsync(string key)
    {
        var current = (await Backend.GetAsync(key))!;
        while (true)
        {
            var next = int.Parse(ValueOf(current.Value)!, CultureInfo.InvariantCulture) + 1;
            var value = current.Value with
            {
                Metadata = current.Value.Metadata with
                {
                    Labels = new Dictionary<string, string> { ["value"] = next.ToString(CultureInfo.InvariantCulture) },
                },
            };
            try
            {
                return await Backend.UpdateAsync(key, value, current.ModRevision);
            }
            catch (StorageConflictException conflict)
            {
                current = conflict.Current ?? (await Backend.GetAsync(key))!;
            }
        }
    }

    /// <summary>Creates, updates and deletes keys from several threads; returns every successful write's revision.</summary>
    private async Task<long[]> RunMixedWritersAsync(int writers, int rounds)
    {
        var revisions = new ConcurrentBag<long>();
        var tasks = new Task[writers];
        for (var w = 0; w < writers; w++)
        {
            var writer = w;
            tasks[w] = Task.Run(async () =>
            {
                for (var i = 0; i < rounds; i++)
                {
                    var name = $"w{writer}-{i}";
                    var created = await CreateAsync(name, "0");
                    revisions.Add(created.ModRevision);
                    var updated = await UpdateAsync(name, "1", created.ModRevision);
                    revisions.Add(updated.ModRevision);
                    if (i % 2 == 0) revisions.Add((await Backend.DeleteAsync(Key(name), updated.ModRevision)).ModRevision);
                }
            });
        }
        await Task.WhenAll(tasks).WaitAsync(Timeout * 3);
        var sorted = revisions.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

}
