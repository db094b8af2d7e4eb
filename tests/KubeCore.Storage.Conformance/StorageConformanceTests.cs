using KubeCore.Models;

namespace KubeCore.Storage.Conformance;

/// <summary>
/// The behaviour every <see cref="IStorageBackend"/> must show. A backend's test project derives from this class and
/// supplies <see cref="CreateBackendAsync"/>; xunit creates one instance, hence one backend, per test.
/// </summary>
/// <remarks>
/// Each test writes only under its own random <see cref="Prefix"/> and never assumes revisions start at 1 or are
/// contiguous across the whole store, so backends that share a server between tests can still run it. Values are
/// compared by name, labels and resourceVersion, never by reference or CLR type (durable backends decode copies).
/// </remarks>
public abstract partial class StorageConformanceTests : IAsyncLifetime
{
    /// <summary>How long any single expected event or operation may take before the test fails.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private IStorageBackend? _backend;

    /// <summary>The backend under test.</summary>
    protected IStorageBackend Backend => _backend ?? throw new InvalidOperationException("InitializeAsync has not run");

    /// <summary>The key prefix this test writes under, unique per test.</summary>
    protected string Prefix { get; } = $"/registry/conformance/{Guid.NewGuid():N}/";

    /// <summary>Creates a fresh backend for one test.</summary>
    protected abstract Task<IStorageBackend> CreateBackendAsync();

    /// <inheritdoc/>
    public async Task InitializeAsync() => _backend = await CreateBackendAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_backend is not null) await _backend.DisposeAsync();
    }

    /// <summary>The key of <paramref name="name"/> under this test's prefix.</summary>
    protected string Key(string name) => Prefix + name;

    /// <summary>Creates <paramref name="name"/> with a <c>value</c> label.</summary>
    protected async Task<StorageEntry> CreateAsync(string name, string value = "v0") =>
        await Backend.CreateAsync(Key(name), ConformanceObject.WithValue(name, value));

    /// <summary>Replaces <paramref name="name"/>'s <c>value</c> label, expecting <paramref name="expectedRevision"/>.</summary>
    protected async Task<StorageEntry> UpdateAsync(string name, string value, long expectedRevision) =>
        await Backend.UpdateAsync(Key(name), ConformanceObject.WithValue(name, value), expectedRevision);

    /// <summary>The <c>value</c> label of a stored object.</summary>
    protected static string? ValueOf(KubeObject value) =>
        value.Metadata.Labels is { } labels && labels.TryGetValue("value", out var v) ? v : null;

    /// <summary>Asserts that <paramref name="entry"/> holds <paramref name="name"/> with <paramref name="value"/>, stamped with its mod revision.</summary>
    protected void AssertEntry(StorageEntry? entry, string name, string value)
    {
        Assert.NotNull(entry);
        Assert.Equal(Key(name), entry.Key);
        Assert.Equal(name, entry.Value.Metadata.Name);
        Assert.Equal(value, ValueOf(entry.Value));
        Assert.Equal(entry.ModRevision, KubeObjectRevisionExtensions.ParseResourceVersion(entry.Value.Metadata.ResourceVersion));
    }

    /// <summary>Asserts that <paramref name="change"/> is a <paramref name="type"/> of <paramref name="name"/> at <paramref name="revision"/>.</summary>
    protected void AssertEvent(StorageEvent change, StorageEventType type, string name, long revision)
    {
        Assert.Equal(type, change.Type);
        Assert.Equal(Key(name), change.Key);
        Assert.Equal(revision, change.Revision);
        Assert.Equal(name, change.Value.Metadata.Name);
        Assert.Equal(revision, KubeObjectRevisionExtensions.ParseResourceVersion(change.Value.Metadata.ResourceVersion));
    }

    /// <summary>Starts enumerating a watch; dispose the reader to stop it.</summary>
    protected WatchReader Watch(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        new(Backend.WatchAsync(prefix, afterRevision, cancellationToken).GetAsyncEnumerator(cancellationToken));

    /// <summary>Awaits the next events of a watch enumeration, each within <see cref="Timeout"/>.</summary>
    protected sealed class WatchReader(IAsyncEnumerator<StorageEvent> enumerator) : IAsyncDisposable
    {
        /// <summary>The next event; fails when the watch ends or nothing arrives in time.</summary>
        public async Task<StorageEvent> NextAsync()
        {
            Assert.True(await MoveNextAsync(), "the watch ended before the expected event");
            return enumerator.Current;
        }

        /// <summary>The next <paramref name="count"/> events.</summary>
        public async Task<List<StorageEvent>> TakeAsync(int count)
        {
            var events = new List<StorageEvent>(count);
            for (var i = 0; i < count; i++) events.Add(await NextAsync());
            return events;
        }

        /// <summary>Advances the enumeration within <see cref="Timeout"/>; false when it ended.</summary>
        public Task<bool> MoveNextAsync() => enumerator.MoveNextAsync().AsTask().WaitAsync(Timeout);

        /// <summary>Stops the enumeration.</summary>
        public ValueTask DisposeAsync() => enumerator.DisposeAsync();
    }
}
