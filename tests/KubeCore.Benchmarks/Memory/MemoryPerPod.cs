using System.Diagnostics;
using System.Globalization;
using KubeCore.Benchmarks.Common;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Storage.Memory;

namespace KubeCore.Benchmarks.Memory;

/// <summary>
/// Memory per stored pod (not BenchmarkDotNet): decodes 100,000 realistic pods (a fresh object graph each, as
/// request bodies would be) and creates them through the API layer; retained bytes are the difference of
/// <c>GC.GetTotalMemory(true)</c> before and after, divided by the pod count. Baseline: the same pods, as the API
/// stores them (status reset to Pending on create), in a plain <c>Dictionary&lt;string, Pod&gt;</c>. A storage-only
/// run (<c>InMemoryStorageBackend</c> without the API layer and watch cache) splits the overhead.
/// </summary>
public static class MemoryPerPod
{
    public const double GoalBytes = 2048;

    public sealed record Result(string Name, double BytesPerPod, double AllocatedPerPod);

    public static IReadOnlyList<Result> Run(int count)
    {
        Console.WriteLine($"Memory per stored pod: {count:N0} realistic pods ({PodFactory.RealisticUtf8().Length:N0} bytes of JSON each)");
        WarmUp();
        var results = new List<Result>
        {
            Measure("Dictionary<string, Pod> (baseline)", count, DictionaryRun),
            Measure("InMemoryStorageBackend only", count, StorageRun),
            Measure("KubeCluster API create (storage + watch cache)", count, ClusterRun),
        };
        var baseline = results[0].BytesPerPod;
        Console.WriteLine();
        Console.WriteLine($"| {"Store",-48} | {"Retained B/pod",14} | {"Ratio",6} | {"Allocated B/pod",15} |");
        Console.WriteLine($"|{new string('-', 50)}|{new string('-', 16)}|{new string('-', 8)}|{new string('-', 17)}|");
        foreach (var r in results)
            Console.WriteLine($"| {r.Name,-48} | {r.BytesPerPod,14:N0} | {r.BytesPerPod / baseline,6:N2} | {r.AllocatedPerPod,15:N0} |");
        var full = results[^1].BytesPerPod;
        Console.WriteLine($"Goal <= {GoalBytes:N0} B per stored pod: {(full <= GoalBytes ? "met" : $"MISSED by {full - GoalBytes:N0} B ({full / GoalBytes:N2}x)")}");
        return results;
    }

    /// <summary>The pod as the API stores it: status reset to Pending with its QoS class (PodResourceStrategy.PrepareForCreate).</summary>
    private static Pod AsCreated(Pod pod) => pod with { Status = new PodStatus { Phase = "Pending", QosClass = "Burstable" } };

    private static object DictionaryRun(int count)
    {
        var d = new Dictionary<string, Pod>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var pod = AsCreated(PodFactory.Realistic(i));
            d.Add("/registry/pods/default/" + pod.Metadata.Name, pod);
        }
        return d;
    }

    private static object StorageRun(int count)
    {
        var storage = new InMemoryStorageBackend();
        for (var i = 0; i < count; i++)
        {
            var pod = AsCreated(PodFactory.Realistic(i));
            storage.CreateAsync("/registry/pods/default/" + pod.Metadata.Name, pod).AsTask().GetAwaiter().GetResult();
        }
        return storage;
    }

    private static object ClusterRun(int count)
    {
        var cluster = Clusters.Start();
        var api = cluster.Api;
        var resource = Clusters.Pods(cluster);
        KubeObject last = null!;
        for (var i = 0; i < count; i++)
            last = api.CreateAsync(resource, PodFactory.Namespace, PodFactory.Realistic(i)).AsTask().GetAwaiter().GetResult();
        var cache = Clusters.PodCache(cluster);
        cache.WaitUntilFreshAsync(long.Parse(last.Metadata.ResourceVersion!, CultureInfo.InvariantCulture)).AsTask().GetAwaiter().GetResult();
        if (cache.Count != count) throw new InvalidOperationException($"the cache holds {cache.Count} pods, expected {count}");
        Console.WriteLine($"  (a stored pod serializes to {KubeJson.SerializeToUtf8Bytes(last).Length:N0} bytes of JSON)");
        return cluster;
    }

    private static void WarmUp()
    {
        GC.KeepAlive(DictionaryRun(1_000));
        GC.KeepAlive(StorageRun(1_000));
        var cluster = (KubeCluster)ClusterRun(1_000);
        Clusters.Dispose(cluster);
    }

    private static Result Measure(string name, int count, Func<int, object> run)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var held = run(count);
        sw.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        var perPod = (after - before) / (double)count;
        Console.WriteLine($"  {name}: {perPod:N0} B/pod retained, {allocated / (double)count:N0} B/pod allocated (including decoding), {sw.Elapsed.TotalSeconds:N2} s");
        if (held is KubeCluster c) Clusters.Dispose(c);
        else if (held is IAsyncDisposable d) d.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new Result(name, perPod, allocated / (double)count);
    }
}
