using BenchmarkDotNet.Attributes;
using KubeCore.Benchmarks.Common;
using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Benchmarks.Cache;

/// <summary>Reads by key with 10,000 pods stored: the watch cache, the typed client (storage-backed) and a dictionary.</summary>
[MemoryDiagnoser]
public class GetBenchmarks
{
    public const int Stored = 10_000;
    public const int Reads = 1_000;

    private KubeCluster _cluster = null!;
    private WatchCache _cache = null!;
    private ResourceClient<Pod> _client = null!;
    private Dictionary<string, Pod> _dictionary = null!;
    private string[] _keys = [];
    private string[] _names = [];

    [GlobalSetup]
    public void Setup()
    {
        var pods = Enumerable.Range(0, Stored).Select(PodFactory.Small).ToArray();
        _cluster = Clusters.Start();
        Clusters.Fill(_cluster, pods);
        _cache = Clusters.PodCache(_cluster);
        _client = _cluster.Client.Pods(PodFactory.Namespace);
        var resource = Clusters.Pods(_cluster);
        // Spread the reads over the whole set, in a scrambled order.
        _names = Enumerable.Range(0, Reads).Select(i => pods[(int)((i * 7919L) % Stored)].Metadata.Name!).ToArray();
        _keys = _names.Select(n => resource.KeyFor(PodFactory.Namespace, n)).ToArray();
        _dictionary = pods.ToDictionary(p => resource.KeyFor(PodFactory.Namespace, p.Metadata.Name!), StringComparer.Ordinal);
    }

    [GlobalCleanup]
    public void Cleanup() => Clusters.Dispose(_cluster);

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads)]
    public int DictionaryLookup()
    {
        var found = 0;
        foreach (var key in _keys) if (_dictionary.TryGetValue(key, out _)) found++;
        return Check(found);
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public int WatchCacheGet()
    {
        var found = 0;
        foreach (var key in _keys) if (_cache.Get(key) is not null) found++;
        return Check(found);
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public async Task<int> ClientGetAsync()
    {
        var found = 0;
        foreach (var name in _names) if (await _client.GetAsync(name).ConfigureAwait(false) is not null) found++;
        return Check(found);
    }

    private static int Check(int found) => found == Reads ? found : throw new InvalidOperationException($"found {found} of {Reads}");
}
