using KubeCore.Models;
using KubeCore.Storage;
using KubeCore.Storage.Memory;
using KubeCore.Watch;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Tests.Watch;

public sealed record TestPodSpec(string? NodeName = null, IReadOnlyList<string>? Volumes = null);

public sealed record TestPodStatus(string? Phase = null);

/// <summary>A pod-like kind for cache tests.</summary>
public sealed record TestPod : KubeObject<TestPodSpec, TestPodStatus>
{
    public static TestPod Create(string ns, string name, IReadOnlyDictionary<string, string>? labels = null, string? node = null, string? owner = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta
        {
            Namespace = ns,
            Name = name,
            Labels = labels,
            OwnerReferences = owner is null ? null : [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = owner, Uid = owner + "-uid" }],
        },
        Spec = new TestPodSpec(node),
    };
}

/// <summary>A started cache over a backend, on virtual time.</summary>
internal sealed class CacheHarness : IAsyncDisposable
{
    public const string Prefix = "/registry/pods/";

    private CacheHarness(IStorageBackend backend, FakeTimeProvider time, WatchCache cache)
    {
        Backend = backend;
        Time = time;
        Cache = cache;
    }

    public IStorageBackend Backend { get; }
    public FakeTimeProvider Time { get; }
    public WatchCache Cache { get; }

    public static async Task<CacheHarness> StartAsync(Action<WatchCacheOptions>? configure = null, IStorageBackend? backend = null, Func<IStorageBackend, Task>? seed = null)
    {
        backend ??= new InMemoryStorageBackend();
        if (seed is not null) await seed(backend);
        var time = new FakeTimeProvider();
        var options = new WatchCacheOptions { TimeProvider = time };
        configure?.Invoke(options);
        var cache = new WatchCache(backend, Prefix, options);
        cache.Start();
        await cache.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return new CacheHarness(backend, time, cache);
    }

    public static string Key(string ns, string name) => Prefix + ns + "/" + name;

    public async Task<long> CreateAsync(TestPod pod)
    {
        var entry = await Backend.CreateAsync(Key(pod.Metadata.Namespace!, pod.Metadata.Name!), pod);
        return entry.ModRevision;
    }

    public async Task<long> UpdateAsync(TestPod pod)
    {
        var key = Key(pod.Metadata.Namespace!, pod.Metadata.Name!);
        var current = await Backend.GetAsync(key) ?? throw new InvalidOperationException(key + " does not exist");
        var entry = await Backend.UpdateAsync(key, pod, current.ModRevision);
        return entry.ModRevision;
    }

    public async Task<long> DeleteAsync(string ns, string name) => (await Backend.DeleteAsync(Key(ns, name))).ModRevision;

    /// <summary>Writes and waits until the cache has applied the write.</summary>
    public async Task<long> CreateFreshAsync(TestPod pod)
    {
        var revision = await CreateAsync(pod);
        await Cache.WaitUntilFreshAsync(revision).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return revision;
    }

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        await Backend.DisposeAsync();
    }
}

/// <summary>Reads a watch one event at a time; the timeout is only a guard against hangs.</summary>
internal sealed class WatchReader : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly IAsyncEnumerator<WatchEvent<KubeObject>> _events;

    public WatchReader(CacheWatch watch) => _events = watch.GetAsyncEnumerator();

    public async Task<WatchEvent<KubeObject>> NextAsync()
    {
        Assert.True(await _events.MoveNextAsync().AsTask().WaitAsync(Guard), "the watch ended");
        return _events.Current;
    }

    public async Task<bool> EndedAsync() => !await _events.MoveNextAsync().AsTask().WaitAsync(Guard);

    public ValueTask DisposeAsync() => _events.DisposeAsync();
}

internal static class WatchAssert
{
    public static void Event(WatchEventType type, string name, WatchEvent<KubeObject> e)
    {
        Assert.Equal(type, e.Type);
        Assert.Equal(name, e.Object?.Metadata.Name);
    }

    public static void Expired(WatchEvent<KubeObject> e, string messageFragment)
    {
        Assert.Equal(WatchEventType.Error, e.Type);
        Assert.Null(e.Object);
        Assert.NotNull(e.Error);
        Assert.Equal(410, e.Error!.Code);
        Assert.Equal("Expired", e.Error.Reason);
        Assert.Equal(Status.Failure, e.Error.StatusValue);
        Assert.Contains(messageFragment, e.Error.Message);
    }

    public static long Rv(WatchEvent<KubeObject> e) => KubeObjectRevisionExtensions.ParseResourceVersion(e.Object!.Metadata.ResourceVersion);
}
