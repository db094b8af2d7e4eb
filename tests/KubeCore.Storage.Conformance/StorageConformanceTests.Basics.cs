namespace KubeCore.Storage.Conformance;

/// <summary>Create, get, list, update and delete.</summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Created_key_can_be_read_back_with_its_revisions()
    {
        var created = await CreateAsync("a", "1");

        AssertEntry(created, "a", "1");
        Assert.Equal(created.ModRevision, created.CreateRevision);
        var read = await Backend.GetAsync(Key("a"));
        AssertEntry(read, "a", "1");
        Assert.Equal(created.ModRevision, read!.ModRevision);
        Assert.Equal(created.CreateRevision, read.CreateRevision);
        Assert.True(await Backend.GetCurrentRevisionAsync() >= created.ModRevision);
    }

    [Fact]
    public async Task Get_of_absent_key_returns_null()
    {
        Assert.Null(await Backend.GetAsync(Key("missing")));
    }

    [Fact]
    public async Task Create_of_existing_key_fails_with_key_exists()
    {
        await CreateAsync("a");

        var failure = await Assert.ThrowsAsync<StorageKeyExistsException>(async () => await CreateAsync("a", "again"));
        Assert.Equal(Key("a"), failure.Key);
        AssertEntry(await Backend.GetAsync(Key("a")), "a", "v0");
    }

    [Fact]
    public async Task Update_replaces_value_and_keeps_create_revision()
    {
        var created = await CreateAsync("a", "1");

        var updated = await UpdateAsync("a", "2", created.ModRevision);

        AssertEntry(updated, "a", "2");
        Assert.Equal(created.CreateRevision, updated.CreateRevision);
        Assert.True(updated.ModRevision > created.ModRevision);
        AssertEntry(await Backend.GetAsync(Key("a")), "a", "2");
    }

    [Fact]
    public async Task Update_of_absent_key_fails_with_not_found()
    {
        await Assert.ThrowsAsync<StorageKeyNotFoundException>(async () => await UpdateAsync("missing", "1", 1));
    }

    [Fact]
    public async Task List_returns_only_keys_under_prefix_in_ordinal_key_order()
    {
        foreach (var name in new[] { "b", "a", "C", "a-1", "a/x" }) await CreateAsync(name);
        await Backend.CreateAsync(Prefix.TrimEnd('/') + "-sibling/a", ConformanceObject.WithValue("a", "other"));

        var list = await Backend.ListAsync(Prefix);

        var expected = new[] { "C", "a", "a-1", "a/x", "b" }.Select(Key).ToArray();
        Assert.Equal(expected, list.Items.Select(e => e.Key).ToArray());
        Assert.Equal(await Backend.GetCurrentRevisionAsync(), list.Revision);
        foreach (var entry in list.Items)
            Assert.Equal(entry.ModRevision, KubeObjectRevisionExtensions.ParseResourceVersion(entry.Value.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task List_of_empty_prefix_returns_empty_result()
    {
        var list = await Backend.ListAsync(Prefix);

        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task Delete_returns_last_value_stamped_with_delete_revision()
    {
        var created = await CreateAsync("a", "1");

        var deleted = await Backend.DeleteAsync(Key("a"));

        AssertEntry(deleted, "a", "1");
        Assert.Equal(created.CreateRevision, deleted.CreateRevision);
        Assert.True(deleted.ModRevision > created.ModRevision);
        Assert.Null(await Backend.GetAsync(Key("a")));
        Assert.Empty((await Backend.ListAsync(Prefix)).Items);
    }

    [Fact]
    public async Task Delete_of_absent_key_fails_with_not_found()
    {
        await Assert.ThrowsAsync<StorageKeyNotFoundException>(async () => await Backend.DeleteAsync(Key("missing")));
    }

    [Fact]
    public async Task Deleted_key_can_be_created_again_with_new_create_revision()
    {
        await CreateAsync("a", "1");
        var deleted = await Backend.DeleteAsync(Key("a"));

        var recreated = await CreateAsync("a", "2");

        AssertEntry(recreated, "a", "2");
        Assert.True(recreated.CreateRevision > deleted.ModRevision);
    }

    [Fact]
    public async Task Revisions_strictly_increase_across_keys()
    {
        var revisions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var created = await CreateAsync($"k{i}");
            revisions.Add(created.ModRevision);
            revisions.Add((await UpdateAsync($"k{i}", "x", created.ModRevision)).ModRevision);
        }
        revisions.Add((await Backend.DeleteAsync(Key("k0"))).ModRevision);

        for (var i = 1; i < revisions.Count; i++) Assert.True(revisions[i] > revisions[i - 1], $"revision {revisions[i]} after {revisions[i - 1]}");
        Assert.True(await Backend.GetCurrentRevisionAsync() >= revisions[^1]);
    }
}
