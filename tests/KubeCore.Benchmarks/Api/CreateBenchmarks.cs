using BenchmarkDotNet.Attributes;
using KubeCore.Api;
using KubeCore.Benchmarks.Common;
using KubeCore.Models;
using KubeCore.Storage.Memory;

namespace KubeCore.Benchmarks.Api;

/// <summary>
/// Pod creates through the full API layer (normalize, uid/timestamp, defaulting, validation, namespace check, storage
/// revision, watch-cache apply) on one thread, 10,000 per invocation into a fresh cluster. Each invocation ends when
/// the watch cache has applied the last create, so the cache's work is inside the measured time.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class CreateBenchmarks
{
    public const int Batch = 10_000;

    private Pod[] _pods = [];
    private KubeCluster? _cluster;
    private ResourceDefinition _resource = null!;
    private Dictionary<string, Pod> _dictionary = null!;

    [GlobalSetup]
    public void GlobalSetup() => _pods = Enumerable.Range(0, Batch).Select(PodFactory.Small).ToArray();

    [IterationSetup(Targets = [nameof(ApiCreate), nameof(ClientCreate)])]
    public void StartCluster()
    {
        _cluster = Clusters.Start();
        _resource = Clusters.Pods(_cluster);
        GC.Collect();
    }

    [IterationCleanup(Targets = [nameof(ApiCreate), nameof(ClientCreate)])]
    public void StopCluster() => Clusters.Dispose(_cluster);

    private InMemoryStorageBackend _storage = null!;
    private KubeApi _bareApi = null!;

    [IterationSetup(Target = nameof(StorageCreate))]
    public void NewStorage()
    {
        _storage = new InMemoryStorageBackend();
        GC.Collect();
    }

    [IterationSetup(Target = nameof(ApiCreateWithoutWatchCache))]
    public void NewBareApi()
    {
        // The API layer alone: never started, so no watch cache follows storage.
        _storage = new InMemoryStorageBackend();
        _bareApi = new KubeApi(_storage, BuiltInResources.CreateRegistry(), TimeProvider.System);
        _bareApi.CreateAsync(_bareApi.Registry.Get<Namespace>(), null, new Namespace { Metadata = new ObjectMeta { Name = PodFactory.Namespace } })
            .AsTask().GetAwaiter().GetResult();
        _resource = _bareApi.Registry.Get<Pod>();
        GC.Collect();
    }

    [IterationSetup(Target = nameof(DictionaryInsert))]
    public void NewDictionary() => _dictionary = new Dictionary<string, Pod>();

    /// <summary>Baseline: the same pods into a plain dictionary keyed like storage keys.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int DictionaryInsert()
    {
        var d = _dictionary;
        foreach (var pod in _pods) d.Add("/registry/pods/default/" + pod.Metadata.Name, pod);
        return d.Count;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<long> ApiCreate()
    {
        var api = _cluster!.Api;
        var resource = _resource;
        KubeObject last = null!;
        foreach (var pod in _pods) last = await api.CreateAsync(resource, PodFactory.Namespace, pod).ConfigureAwait(false);
        return await WaitForCache(last).ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<long> ClientCreate()
    {
        var pods = _cluster!.Client.Pods(PodFactory.Namespace);
        Pod last = null!;
        foreach (var pod in _pods) last = await pods.CreateAsync(pod).ConfigureAwait(false);
        return await WaitForCache(last).ConfigureAwait(false);
    }

    /// <summary>Profile step: the storage backend alone (revision stamp, history, ordered index), no API rules, no watcher.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<long> StorageCreate()
    {
        var storage = _storage;
        long revision = 0;
        foreach (var pod in _pods)
            revision = (await storage.CreateAsync("/registry/pods/default/" + pod.Metadata.Name, pod).ConfigureAwait(false)).ModRevision;
        return revision;
    }

    /// <summary>Profile step: the API rules over storage, without a watch cache following the writes.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> ApiCreateWithoutWatchCache()
    {
        var api = _bareApi;
        var resource = _resource;
        var n = 0;
        foreach (var pod in _pods)
        {
            await api.CreateAsync(resource, PodFactory.Namespace, pod).ConfigureAwait(false);
            n++;
        }
        return n;
    }

    private async Task<long> WaitForCache(KubeObject last)
    {
        var revision = long.Parse(last.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);
        await Clusters.PodCache(_cluster!).WaitUntilFreshAsync(revision).ConfigureAwait(false);
        return revision;
    }
}
