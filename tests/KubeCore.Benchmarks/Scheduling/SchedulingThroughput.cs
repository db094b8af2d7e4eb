using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Benchmarks.Scheduling;

/// <summary>
/// scheduler_perf-shaped throughput (run with <c>--scheduling</c>): plain Node objects created through the API (no
/// kubelets, as upstream), initial pods scheduled first, then the measured pods created and timed until every one is
/// bound. Each workload runs twice in the same process: once with a trivial round-robin binder (the baseline: the same
/// create → bind API writes and informer traffic, no filtering or scoring) and once with the real scheduler, so the
/// ratio is the scheduler's own overhead. Shapes follow upstream's <c>misc/performance-config.yaml</c> and
/// <c>affinity/performance-config.yaml</c> (node template: 4 CPU, 32Gi, 110 pods; pod template: 100m / 500Mi).
/// </summary>
public static class SchedulingThroughput
{
    /// <summary>One upstream workload: name, default sizes, kube-scheduler's CI floor, and its pod template.</summary>
    public sealed record Workload(string Name, int Nodes, int InitPods, int MeasurePods, double FloorPodsPerSecond, string Upstream,
        string PodTemplate, string? InitNamespace = null, string? MeasureNamespace = null, bool ZoneLabel = false);

    public sealed record Result(string Workload, string Binder, int Nodes, int InitPods, int MeasurePods, double Seconds, double CpuSeconds,
        double AllocatedMb, int Gen0, int Gen2)
    {
        public double PodsPerSecond => MeasurePods / Seconds;
    }

    private const string Resources = """
        "containers": [ { "name": "pause", "image": "registry.k8s.io/pause:3.10", "ports": [ { "containerPort": 80 } ],
          "resources": { "limits": { "cpu": "100m", "memory": "500Mi" }, "requests": { "cpu": "100m", "memory": "500Mi" } } } ]
        """;

    private static readonly string DefaultPod = "{ \"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": { \"name\": \"x\" }, \"spec\": {" + Resources + "} }";

    private static readonly string NodeAffinityPod = """
        { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "x" }, "spec": {
          "affinity": { "nodeAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": { "nodeSelectorTerms": [
            { "matchExpressions": [ { "key": "topology.kubernetes.io/zone", "operator": "In", "values": ["zone1", "zone2"] } ] } ] } } },
        """ + Resources + "} }";

    private static readonly string PodAffinityPod = """
        { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "x", "labels": { "color": "blue" } }, "spec": {
          "affinity": { "podAffinity": { "requiredDuringSchedulingIgnoredDuringExecution": [
            { "labelSelector": { "matchLabels": { "color": "blue" } }, "topologyKey": "topology.kubernetes.io/zone", "namespaces": ["sched-1", "sched-0"] } ] } },
        """ + Resources + "} }";

    public static readonly Workload[] Workloads =
    [
        new("SchedulingBasic", 5000, 1000, 10000, 680, "SchedulingBasic/5000Nodes_10000Pods", DefaultPod),
        new("NodeAffinity", 5000, 5000, 10000, 220, "SchedulingNodeAffinity/5000Nodes_10000Pods", NodeAffinityPod, ZoneLabel: true),
        new("InterPodAffinity", 5000, 5000, 5000, 35, "SchedulingPodAffinity/5000Nodes_5000Pods", PodAffinityPod, "sched-0", "sched-1", ZoneLabel: true),
    ];

    /// <summary>Runs the named workloads (all when empty), each with the baseline binder then the scheduler; prints and writes a table.</summary>
    public static IReadOnlyList<Result> Run(IReadOnlyCollection<string> names, int? nodes, int? pods, int? initPods)
    {
        var selected = Workloads.Where(w => names.Count == 0 || names.Contains(w.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (selected.Length == 0) throw new ArgumentException($"unknown workload; known: {string.Join(", ", Workloads.Select(w => w.Name))}");
        var results = new List<Result>();
        foreach (var w in selected)
        {
            var sized = w with { Nodes = nodes ?? w.Nodes, MeasurePods = pods ?? w.MeasurePods, InitPods = initPods ?? w.InitPods };
            Console.WriteLine($"{sized.Name}: {sized.Nodes:N0} nodes, {sized.InitPods:N0} initial pods, {sized.MeasurePods:N0} measured pods");
            foreach (var useScheduler in new[] { false, true })
            {
                var r = RunOnce(sized, useScheduler).GetAwaiter().GetResult();
                Console.WriteLine($"  {r.Binder,-22} {r.Seconds,8:N2} s  {r.PodsPerSecond,10:N0} pods/s  cpu {r.CpuSeconds,6:N2} s  alloc {r.AllocatedMb,8:N0} MB  gen0/gen2 {r.Gen0}/{r.Gen2}");
                results.Add(r);
            }
        }
        Print(results, selected);
        return results;
    }

    private static async Task<Result> RunOnce(Workload w, bool useScheduler)
    {
        GC.Collect();
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(TimeProvider.System).StartAsync();
        var client = cluster.Client;
        foreach (var ns in new[] { w.InitNamespace, w.MeasureNamespace }.OfType<string>().Distinct())
            await client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } });

        var nodeNames = new string[w.Nodes];
        for (var i = 0; i < w.Nodes; i++)
        {
            nodeNames[i] = "scheduler-perf-" + i.ToString(CultureInfo.InvariantCulture);
            await client.Nodes().CreateAsync(NodeTemplate(nodeNames[i], w.ZoneLabel));
        }

        var bound = 0;
        var target = w.InitPods;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Count()
        {
            if (Interlocked.Increment(ref bound) >= Volatile.Read(ref target)) reached.TrySetResult();
        }
        var informer = cluster.Informers.GetInformer<Pod>();
        using var counting = informer.AddEventHandler(
            onAdd: p => { if (!string.IsNullOrEmpty(p.Spec?.NodeName)) Count(); },
            onUpdate: (o, n) => { if (string.IsNullOrEmpty(o.Spec?.NodeName) && !string.IsNullOrEmpty(n.Spec?.NodeName)) Count(); });
        cluster.Informers.Start();
        await informer.WaitForSyncAsync();

        await using IAsyncDisposable binder = useScheduler ? await cluster.StartSchedulerAsync() : RoundRobinBinder.Start(cluster, nodeNames);

        var template = KubeJson.Deserialize<Pod>(Encoding.UTF8.GetBytes(w.PodTemplate));
        await CreatePods(client, template, "init-", w.InitNamespace ?? "default", w.InitPods);
        if (w.InitPods > 0) await WaitAsync(reached.Task, bound, w.InitPods, "initial pods");

        reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref target, w.InitPods + w.MeasurePods);
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await CreatePods(client, template, "pod-", w.MeasureNamespace ?? "default", w.MeasurePods);
        await WaitAsync(reached.Task, bound, w.InitPods + w.MeasurePods, "measured pods");
        var seconds = sw.Elapsed.TotalSeconds;
        return new Result(w.Name, useScheduler ? "kube-scheduler (ours)" : "round-robin binder", w.Nodes, w.InitPods, w.MeasurePods, seconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, (GC.GetTotalAllocatedBytes() - allocated) / 1e6,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
    }

    private static async Task WaitAsync(Task reached, int bound, int expected, string what)
    {
        // Generous: a stall (lost event, stuck queue) must fail loudly instead of hanging the run.
        try { await reached.WaitAsync(TimeSpan.FromMinutes(10)); }
        catch (TimeoutException) { throw new TimeoutException($"{what}: only {Volatile.Read(ref bound):N0} of {expected:N0} pods were bound after 10 minutes"); }
    }

    private static async Task CreatePods(KubeClient client, Pod template, string prefix, string ns, int count)
    {
        var pods = client.Pods(ns);
        for (var i = 0; i < count; i++)
        {
            await pods.CreateAsync(template with
            {
                Metadata = template.Metadata with { Name = prefix + i.ToString(CultureInfo.InvariantCulture), Namespace = ns },
            });
        }
    }

    private static Node NodeTemplate(string name, bool zone)
    {
        var capacity = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["pods"] = Quantity.FromInt64(110), ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("32Gi"),
        };
        return new Node
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Labels = zone ? new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone1" } : null,
            },
            Status = new NodeStatus
            {
                Capacity = capacity,
                Allocatable = capacity,
                Conditions = [new NodeCondition { Type = "Ready", Status = "True" }],
            },
        };
    }

    private static void Print(List<Result> results, Workload[] workloads)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Scheduling run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
        sb.AppendLine();
        sb.AppendLine("| Workload (upstream) | Nodes | Init / measured pods | Scheduler pods/s | Baseline pods/s (round-robin binder) | Ratio (time vs baseline) | CPU s (sched / base) | Alloc MB (sched / base) | kube-scheduler floor | x floor | Goal | Met |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var w in workloads)
        {
            var b = results.First(r => r.Workload == w.Name && r.Binder.StartsWith("round", StringComparison.Ordinal));
            var s = results.First(r => r.Workload == w.Name && !r.Binder.StartsWith("round", StringComparison.Ordinal));
            var goal = w.Name == "SchedulingBasic" ? ">= 20,000 pods/s" : $">= floor ({w.FloorPodsPerSecond:N0})";
            var goalValue = w.Name == "SchedulingBasic" ? 20_000 : w.FloorPodsPerSecond;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {w.Name} ({w.Upstream}) | {s.Nodes:N0} | {s.InitPods:N0} / {s.MeasurePods:N0} | {s.PodsPerSecond:N0} | {b.PodsPerSecond:N0} | {s.Seconds / b.Seconds:N2} | {s.CpuSeconds:N1} / {b.CpuSeconds:N1} | {s.AllocatedMb:N0} / {b.AllocatedMb:N0} | {w.FloorPodsPerSecond:N0} | {s.PodsPerSecond / w.FloorPodsPerSecond:N1} | {goal} | {(s.PodsPerSecond >= goalValue ? "yes" : $"no ({s.PodsPerSecond / goalValue:P0})")} |");
        }
        var text = sb.ToString();
        Console.WriteLine();
        Console.WriteLine(text);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "scheduling-summary.md");
        File.WriteAllText(path, text);
        Console.WriteLine($"(written to {Path.GetFullPath(path)})");
    }

    /// <summary>
    /// The baseline: binds every unscheduled pod it sees to the next node in turn, one at a time, through the same
    /// <c>pods/binding</c> call the scheduler's DefaultBinder makes. No cache, no snapshot, no filters or scores.
    /// </summary>
    private sealed class RoundRobinBinder : IAsyncDisposable
    {
        private readonly Channel<Pod> _pending = Channel.CreateUnbounded<Pod>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly CancellationTokenSource _stop = new();
        private IDisposable? _registration;
        private Task? _loop;

        public static RoundRobinBinder Start(KubeCluster cluster, string[] nodes)
        {
            var binder = new RoundRobinBinder();
            binder._registration = cluster.Informers.GetInformer<Pod>().AddEventHandler(onAdd: p =>
            {
                if (string.IsNullOrEmpty(p.Spec?.NodeName)) binder._pending.Writer.TryWrite(p);
            });
            binder._loop = Task.Run(async () =>
            {
                var next = 0;
                await foreach (var pod in binder._pending.Reader.ReadAllAsync(binder._stop.Token))
                {
                    await cluster.Client.Pods(pod.Metadata.Namespace).BindAsync(pod.Metadata.Name!, nodes[next], binder._stop.Token);
                    next = (next + 1) % nodes.Length;
                }
            });
            return binder;
        }

        public async ValueTask DisposeAsync()
        {
            _registration?.Dispose();
            await _stop.CancelAsync();
            try { if (_loop is not null) await _loop; } catch (OperationCanceledException) { }
            _stop.Dispose();
        }
    }
}
