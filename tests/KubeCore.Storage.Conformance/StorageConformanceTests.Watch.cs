namespace KubeCore.Storage.Conformance;

/// <summary>Watches: ordering, exactly-once delivery, prefixes, resumption and cancellation.</summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Watch_from_now_sees_later_writes_only_with_types_and_previous_values()
    {
        await CreateAsync("before");
        await using var watch = Watch(Prefix, 0);
        var created = await CreateAsync("a", "1");
        var updated = await UpdateAsync("a", "2", created.ModRevision);
        var deleted = await Backend.DeleteAsync(Key("a"));

        var events = await watch.TakeAsync(3);

        AssertEvent(events[0], StorageEventType.Added, "a", created.ModRevision);
        Assert.Equal("1", ValueOf(events[0].Value));
        AssertEvent(events[1], StorageEventType.Modified, "a", updated.ModRevision);
        Assert.Equal("2", ValueOf(events[1].Value));
        if (events[1].PreviousValue is { } previous) Assert.Equal("1", ValueOf(previous));
        AssertEvent(events[2], StorageEventType.Deleted, "a", deleted.ModRevision);
        Assert.Equal("2", ValueOf(events[2].Value));
    }

    [Fact]
    public async Task Watch_delivers_every_event_exactly_once_in_revision_order_under_concurrent_writers()
    {
        await using var watch = Watch(Prefix, 0);

        var written = await RunMixedWritersAsync(writers: 4, rounds: 50);

        var seen = (await watch.TakeAsync(written.Length)).Select(e => e.Revision).ToArray();
        Assert.Equal(written, seen);
    }

    [Fact]
    public async Task Watch_sees_only_keys_under_its_prefix()
    {
        var other = Prefix + "other/";
        await using var watch = Watch(Prefix + "mine/", 0);
        await Backend.CreateAsync(other + "x", ConformanceObject.Create("x"));
        await Backend.CreateAsync(Prefix + "mine", ConformanceObject.Create("mine"));
        var mine = await Backend.CreateAsync(Prefix + "mine/y", ConformanceObject.Create("y"));
        await Backend.CreateAsync(Prefix + "mine-not/z", ConformanceObject.Create("z"));
        var mine2 = await Backend.CreateAsync(Prefix + "mine/z", ConformanceObject.Create("z"));

        var events = await watch.TakeAsync(2);

        Assert.Equal([mine.ModRevision, mine2.ModRevision], events.Select(e => e.Revision));
        Assert.All(events, e => Assert.StartsWith(Prefix + "mine/", e.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_resumes_from_any_retained_revision_with_exactly_the_later_events()
    {
        var written = new List<StorageEntry> { await CreateAsync("a", "0") };
        for (var i = 1; i <= 5; i++) written.Add(await UpdateAsync("a", i.ToString(System.Globalization.CultureInfo.InvariantCulture), written[^1].ModRevision));
        written.Add(await CreateAsync("b"));
        written.Add(await Backend.DeleteAsync(Key("a")));

        var live = new List<long>();
        for (var start = 0; start < written.Count; start++)
        {
            var after = written[start].ModRevision;
            await using var watch = Watch(Prefix, after);
            live.Add((await CreateAsync($"live{start}")).ModRevision);

            var expected = written.Skip(start + 1).Select(e => e.ModRevision).Concat(live).ToArray();
            var events = await watch.TakeAsync(expected.Length);

            Assert.Equal(expected, events.Select(e => e.Revision).ToArray());
        }
    }

    [Fact]
    public async Task Watch_from_just_before_a_creation_replays_it_without_previous_value()
    {
        await Backend.CreateAsync(Prefix + "elsewhere/marker", ConformanceObject.Create("marker"));
        var created = await Backend.CreateAsync(Key("a"), ConformanceObject.WithValue("a", "1"));
        await using var watch = Watch(Key("a"), created.ModRevision - 1);

        var change = await watch.NextAsync();

        AssertEvent(change, StorageEventType.Added, "a", created.ModRevision);
        Assert.Null(change.PreviousValue);
    }

    [Fact]
    public async Task Watch_replay_reports_deletion_with_last_value_at_delete_revision()
    {
        var created = await CreateAsync("a", "1");
        var deleted = await Backend.DeleteAsync(Key("a"));
        await using var watch = Watch(Prefix, created.ModRevision);

        var change = await watch.NextAsync();

        AssertEvent(change, StorageEventType.Deleted, "a", deleted.ModRevision);
        Assert.Equal("1", ValueOf(change.Value));
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_its_enumeration()
    {
        using var cancellation = new CancellationTokenSource();
        await using var watch = Watch(Prefix, 0, cancellation.Token);
        var created = await CreateAsync("a");
        AssertEvent(await watch.NextAsync(), StorageEventType.Added, "a", created.ModRevision);

        var pending = watch.MoveNextAsync();
        await cancellation.CancelAsync();

        Assert.False(await pending);
    }

    [Fact]
    public async Task Disposing_the_backend_ends_its_watches()
    {
        await using var watch = Watch(Prefix, 0);
        var pending = watch.MoveNextAsync();

        await Backend.DisposeAsync();

        Assert.False(await pending);
    }
}
