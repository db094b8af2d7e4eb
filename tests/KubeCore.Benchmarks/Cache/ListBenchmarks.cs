using BenchmarkDotNet.Attributes;
using KubeCore.Api;
using KubeCore.Benchmarks.Common;
using KubeCore.Client;
using KubeCore.Models;

namespace KubeCore.Benchmarks.Cache;

/// <summary>
/// Lists 10,000 pods with <c>app=web-7</c> (selects 1,000) through the typed client — a consistent read (resourceVersion
/// unset) and an any-cached read (resourceVersion "0") — against a LINQ filter over a list of the same pods.
/// One operation = one whole list call.
/// </summary>
[MemoryDiagnoser]
public class ListBenchmarks
{
    public const int Stored = 10_000;
    public const int Expected = Stored / 10;
    private const string Selector = "app=web-7";

    private KubeCluster _cluster = null!;
    private ResourceClient<Pod> _client = null!;
    private List<Pod> _list = null!;
    private static readonly ListOptions Consistent = new() { LabelSelector = Selector };
    private static readonly ListOptions AnyCached = new() { LabelSelector = Selector, ResourceVersion = "0" };

    [GlobalSetup]
    public void Setup()
    {
        var pods = Enumerable.Range(0, Stored).Select(PodFactory.Small).ToArray();
        _cluster = Clusters.Start();
        Clusters.Fill(_cluster, pods);
        _client = _cluster.Client.Pods(PodFactory.Namespace);
        _list = [.. pods];
    }

    [GlobalCleanup]
    public void Cleanup() => Clusters.Dispose(_cluster);

    [Benchmark(Baseline = true)]
    public int LinqFilter() =>
        Check(_list.Where(p => p.Metadata.Labels is { } l && l.TryGetValue("app", out var v) && v == "web-7").ToList().Count);

    [Benchmark]
    public async Task<int> ClientList() => Check((await _client.ListAsync(Consistent).ConfigureAwait(false)).Items.Count);

    [Benchmark]
    public async Task<int> ClientListRv0() => Check((await _client.ListAsync(AnyCached).ConfigureAwait(false)).Items.Count);

    private static int Check(int count) => count == Expected ? count : throw new InvalidOperationException($"listed {count}, expected {Expected}");
}
