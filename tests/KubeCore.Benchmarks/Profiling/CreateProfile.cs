using System.Diagnostics;
using System.Globalization;
using KubeCore.Api;
using KubeCore.Benchmarks.Common;
using KubeCore.Models;
using KubeCore.Storage.Memory;

namespace KubeCore.Benchmarks.Profiling;

/// <summary>
/// A stopwatch breakdown of the create path (run with <c>--profile</c>): per create, the time the writer spends in
/// the API call, the extra time until the watch cache has applied the last create, thread-pool work items and lock
/// contentions per create (cross-thread hand-offs), and allocations — for storage alone, the API layer without a watch
/// cache, and the full cluster.
/// </summary>
public static class CreateProfile
{
    private const int Batch = 10_000;

    public static void Run(int rounds)
    {
        var pods = Enumerable.Range(0, Batch).Select(PodFactory.Small).ToArray();
        Console.WriteLine($"Create profile: {rounds} rounds of {Batch:N0} pod creates (best and median round shown; the first round is warm-up)");
        Console.WriteLine($"| {"Variant",-28} | {"writer us/op (best)",19} | {"writer us/op (median)",21} | {"cache lag us/op",15} | {"work items/op",13} | {"lock contentions/op",19} | {"alloc B/op",10} | {"GC pause us/op",14} | {"gen0/gen2 GCs",13} |");
        Console.WriteLine($"|{new string('-', 30)}|{new string('-', 21)}|{new string('-', 23)}|{new string('-', 17)}|{new string('-', 15)}|{new string('-', 21)}|{new string('-', 12)}|{new string('-', 16)}|{new string('-', 15)}|");
        Report("storage only", rounds, () => StorageRound(pods));
        Report("API without watch cache", rounds, () => BareApiRound(pods));
        Report("API + watch cache (cluster)", rounds, () => ClusterRound(pods));
        Report("replica of the create steps", rounds, () => ReplicaRound(pods));
        Steps(pods);
    }

    /// <summary>The individual steps KubeApi.CreateAsync performs per pod, timed alone (best of 5 runs of 100,000).</summary>
    private static void Steps(Pod[] pods)
    {
        var registry = BuiltInResources.CreateRegistry();
        var resource = registry.Get<Pod>();
        var storage = new InMemoryStorageBackend();
        storage.CreateAsync("/registry/namespaces/default", new Namespace { Metadata = new ObjectMeta { Name = "default" } }).AsTask().GetAwaiter().GetResult();
        var pod = pods[1];
        var meta = pod.Metadata;
        var time = TimeProvider.System;
        Console.WriteLine();
        Console.WriteLine("Create steps timed alone (ns per call, best of 5 x 100,000):");
        Step("Guid.NewGuid().ToString() (uid)", () => Guid.NewGuid().ToString());
        Step("KubeTime.Now(TimeProvider.System)", () => KubeTime.Now(time));
        Step("pod with { Metadata = meta with {..} } (one copy)", () => pod with { Metadata = meta with { Namespace = "default" } });
        Step("PodResourceStrategy.QosClassOf(spec)", () => KubeCore.Api.Strategies.PodResourceStrategy.QosClassOf(pod.Spec));
        Step("ObjectMetaValidation.Validate (enumerated)", () => ObjectMetaValidation.Validate(resource, meta).Count());
        Step("resource.KeyFor(ns, name)", () => resource.KeyFor("default", meta.Name!));
        Step("storage.GetAsync(namespace key)", () => storage.GetAsync("/registry/namespaces/default").AsTask().Result);
    }

    private static void Step(string name, Func<object?> step)
    {
        const int N = 100_000;
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < N; i++) GC.KeepAlive(step());
            best = Math.Min(best, sw.Elapsed.TotalNanoseconds / N);
        }
        Console.WriteLine($"  {name,-52} {best,8:N0} ns");
    }

    private sealed record Round(double WriterUs, double LagUs, double WorkItems, double Contentions, double Alloc, double GcPauseUs, int Gen0, int Gen2);

    private static void Report(string name, int rounds, Func<Round> round)
    {
        round(); // warm-up
        var results = Enumerable.Range(0, rounds).Select(_ => round()).OrderBy(r => r.WriterUs + r.LagUs).ToArray();
        var best = results[0];
        var median = results[results.Length / 2];
        Console.WriteLine($"| {name,-28} | {best.WriterUs,19:N2} | {median.WriterUs,21:N2} | {median.LagUs,15:N2} | {median.WorkItems,13:N2} | {median.Contentions,19:N3} | {median.Alloc,10:N0} | {median.GcPauseUs,14:N2} | {median.Gen0 + "/" + median.Gen2,13} |");
    }

    private static Round Measure(Func<ValueTask<long>> writes, Func<long, ValueTask>? waitForCache)
    {
        GC.Collect();
        var items = ThreadPool.CompletedWorkItemCount;
        var contentions = Monitor.LockContentionCount;
        var alloc = GC.GetTotalAllocatedBytes(precise: true);
        var pause = GC.GetTotalPauseDuration();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var sw = Stopwatch.StartNew();
        var last = writes().AsTask().GetAwaiter().GetResult();
        var writer = sw.Elapsed;
        waitForCache?.Invoke(last).AsTask().GetAwaiter().GetResult();
        var total = sw.Elapsed;
        return new Round(
            writer.TotalMicroseconds / Batch,
            (total - writer).TotalMicroseconds / Batch,
            (ThreadPool.CompletedWorkItemCount - items) / (double)Batch,
            (Monitor.LockContentionCount - contentions) / (double)Batch,
            (GC.GetTotalAllocatedBytes(precise: true) - alloc) / (double)Batch,
            (GC.GetTotalPauseDuration() - pause).TotalMicroseconds / Batch,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(2) - gen2);
    }

    private static Round StorageRound(Pod[] pods)
    {
        var storage = new InMemoryStorageBackend();
        return Measure(async () =>
        {
            long rev = 0;
            foreach (var pod in pods) rev = (await storage.CreateAsync("/registry/pods/default/" + pod.Metadata.Name, pod).ConfigureAwait(false)).ModRevision;
            return rev;
        }, null);
    }

    private static Round BareApiRound(Pod[] pods)
    {
        var api = new KubeApi(new InMemoryStorageBackend(), BuiltInResources.CreateRegistry(), TimeProvider.System);
        api.CreateAsync(api.Registry.Get<Namespace>(), null, new Namespace { Metadata = new ObjectMeta { Name = PodFactory.Namespace } }).AsTask().GetAwaiter().GetResult();
        var resource = api.Registry.Get<Pod>();
        return Measure(async () =>
        {
            KubeObject last = null!;
            foreach (var pod in pods) last = await api.CreateAsync(resource, PodFactory.Namespace, pod).ConfigureAwait(false);
            return 0;
        }, null);
    }

    /// <summary>
    /// The steps of KubeApi.CreateAsync redone with public APIs (normalize copy, uid, timestamp, PrepareForCreate, empty
    /// spec/status, metadata + strategy validation, namespace get, storage create): if this is much cheaper than the
    /// API call, the difference is in code the steps do not cover.
    /// </summary>
    private static Round ReplicaRound(Pod[] pods)
    {
        var registry = BuiltInResources.CreateRegistry();
        var resource = registry.Get<Pod>();
        var strategy = resource.Strategy;
        var storage = new InMemoryStorageBackend();
        storage.CreateAsync("/registry/namespaces/default", new Namespace { Metadata = new ObjectMeta { Name = "default" } }).AsTask().GetAwaiter().GetResult();
        var time = TimeProvider.System;
        return Measure(async () =>
        {
            long rev = 0;
            foreach (var pod in pods)
            {
                KubeObject o = pod with { Metadata = pod.Metadata with { Namespace = PodFactory.Namespace } };
                o = o with { Metadata = o.Metadata with { Uid = Guid.NewGuid().ToString(), CreationTimestamp = KubeTime.Now(time), Generation = 1 } };
                o = strategy.PrepareForCreate(o);
                o = strategy.ApplyDefaults(o).WithEmptySpecAndStatus();
                var errors = ObjectMetaValidation.Validate(resource, o.Metadata).Concat(strategy.Validate(o)).ToList();
                if (errors.Count > 0) throw new InvalidOperationException(errors[0].ToString());
                if (await storage.GetAsync("/registry/namespaces/default").ConfigureAwait(false) is null) throw new InvalidOperationException();
                rev = (await storage.CreateAsync(resource.KeyFor(PodFactory.Namespace, o.Metadata.Name!), o).ConfigureAwait(false)).ModRevision;
            }
            return rev;
        }, null);
    }

    private static Round ClusterRound(Pod[] pods)
    {
        var cluster = Clusters.Start();
        try
        {
            var api = cluster.Api;
            var resource = Clusters.Pods(cluster);
            var cache = Clusters.PodCache(cluster);
            return Measure(async () =>
            {
                KubeObject last = null!;
                foreach (var pod in pods) last = await api.CreateAsync(resource, PodFactory.Namespace, pod).ConfigureAwait(false);
                return long.Parse(last.Metadata.ResourceVersion!, CultureInfo.InvariantCulture);
            }, rev => cache.WaitUntilFreshAsync(rev));
        }
        finally
        {
            Clusters.Dispose(cluster);
        }
    }
}
