using System.Diagnostics;
using System.Globalization;
using System.Text;
using KubeCore.Client;
using KubeCore.Models;

namespace KubeCore.Benchmarks.EndToEnd;

/// <summary>
/// End to end (run with <c>--e2e</c>): simulated nodes (<c>AddNodes</c>), the scheduler and the built-in controllers
/// on the real clock (<see cref="TimeProvider.System"/>; image pulls and container starts take zero time, so nothing
/// waits on a timer), Deployments created through the client, timed until every pod reports <c>Running</c>.
/// Peak managed heap and working set are sampled every 100 ms.
/// The baseline, measured in the same process, is the least API work that reaches the same end state: the same number
/// of pods created, bound and given a Running status by one loop through the client, on a cluster with the same
/// nodes as plain Node objects and nothing else running.
/// </summary>
public static class DeploymentsToRunning
{
    public sealed record Result(string Name, int Nodes, int Pods, double Seconds, double CpuSeconds, long PeakHeapBytes, long PeakWorkingSetBytes, double AllocatedMb)
    {
        public double PodsPerSecond => Pods / Seconds;
    }

    /// <summary>Runs the baseline and the cluster, each in a fresh child process (so peak memory is its own), and prints the table.</summary>
    public static IReadOnlyList<Result> Run(int nodes, int deployments, int replicas)
    {
        Console.WriteLine($"End to end: {nodes:N0} simulated nodes, {deployments:N0} Deployments x {replicas:N0} replicas = {deployments * replicas:N0} pods (each side in its own process)");
        var baseline = RunChild("baseline", nodes, deployments, replicas);
        Report(baseline);
        var full = RunChild("cluster", nodes, deployments, replicas);
        Report(full);
        Print(baseline, full, deployments, replicas);
        return [baseline, full];
    }

    /// <summary>The child side: runs one variant and prints its result as the last line.</summary>
    public static void RunOne(string mode, int nodes, int deployments, int replicas)
    {
        var r = mode == "baseline" ? RunBaseline(nodes, deployments * replicas).GetAwaiter().GetResult() : RunCluster(nodes, deployments, replicas).GetAwaiter().GetResult();
        Console.WriteLine("RESULT " + System.Text.Json.JsonSerializer.Serialize(r));
    }

    private static Result RunChild(string mode, int nodes, int deployments, int replicas)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals(Path.GetFileNameWithoutExtension(entry), StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(entry); // running under "dotnet <dll>"
        foreach (var a in new[] { "--e2e-child", mode, nodes.ToString(CultureInfo.InvariantCulture), deployments.ToString(CultureInfo.InvariantCulture), replicas.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        string? line, result = null;
        while ((line = child.StandardOutput.ReadLine()) is not null)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal)) result = line["RESULT ".Length..];
            else Console.WriteLine(line);
        }
        child.WaitForExit();
        if (child.ExitCode != 0 || result is null) throw new InvalidOperationException($"the {mode} run failed (exit code {child.ExitCode})");
        return System.Text.Json.JsonSerializer.Deserialize<Result>(result)!;
    }

    private static void Report(Result r) =>
        Console.WriteLine($"  {r.Name,-40} {r.Seconds,8:N2} s  {r.PodsPerSecond,10:N0} pods/s  cpu {r.CpuSeconds,7:N1} s  peak heap {r.PeakHeapBytes / 1e6,7:N0} MB  peak working set {r.PeakWorkingSetBytes / 1e6,7:N0} MB  alloc {r.AllocatedMb,8:N0} MB");

    private static async Task<Result> RunCluster(int nodes, int deployments, int replicas)
    {
        var total = deployments * replicas;
        GC.Collect();
        using var memory = new MemorySampler();
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        // Room for an uneven spread: the scheduler balances by requests, not by pod count.
        await using var cluster = await KubeCluster.CreateBuilder()
            .UseTimeProvider(TimeProvider.System)
            .AddNodes(nodes, n => n.WithCapacity(cpu: "64", memory: "256Gi", pods: 250))
            .UseScheduler()
            .AddBuiltInControllers()
            .StartAsync();
        var startup = sw.Elapsed;
        var running = new RunningCounter(cluster, total);
        await running.StartAsync();
        var measured = Stopwatch.StartNew();
        var client = cluster.Client;
        for (var d = 0; d < deployments; d++)
        {
            var name = "app-" + d.ToString(CultureInfo.InvariantCulture);
            var labels = new Dictionary<string, string> { ["app"] = name };
            await client.Deployments("default").CreateAsync(new Deployment
            {
                Metadata = new ObjectMeta { Name = name },
                Spec = new DeploymentSpec
                {
                    Replicas = replicas,
                    Selector = new LabelSelector { MatchLabels = labels },
                    Template = new PodTemplateSpec
                    {
                        Metadata = new ObjectMeta { Labels = labels },
                        Spec = new PodSpec { Containers = [new Container { Name = "pause", Image = "registry.k8s.io/pause:3.10" }] },
                    },
                },
            });
        }
        await running.WaitAsync(TimeSpan.FromMinutes(15));
        var seconds = measured.Elapsed.TotalSeconds;
        Console.WriteLine($"  (cluster with {nodes:N0} simulated nodes started in {startup.TotalSeconds:N2} s, not counted)");
        return new Result("Deployments -> Running (scheduler, controllers, kubelets)", nodes, total, seconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, memory.PeakHeap, memory.PeakWorkingSet,
            (GC.GetTotalAllocatedBytes() - allocated) / 1e6);
    }

    private static async Task<Result> RunBaseline(int nodes, int total)
    {
        GC.Collect();
        using var memory = new MemorySampler();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(TimeProvider.System).StartAsync();
        var client = cluster.Client;
        var nodeNames = new string[nodes];
        for (var i = 0; i < nodes; i++)
        {
            nodeNames[i] = "node-" + (i + 1).ToString(CultureInfo.InvariantCulture);
            await client.Nodes().CreateAsync(new Node { Metadata = new ObjectMeta { Name = nodeNames[i] } });
        }
        var running = new RunningCounter(cluster, total);
        await running.StartAsync();
        var measured = Stopwatch.StartNew();
        var pods = client.Pods("default");
        var labels = new Dictionary<string, string> { ["app"] = "app" };
        for (var i = 0; i < total; i++)
        {
            var name = "pod-" + i.ToString(CultureInfo.InvariantCulture);
            await pods.CreateAsync(new Pod
            {
                Metadata = new ObjectMeta { Name = name, Labels = labels },
                Spec = new PodSpec { Containers = [new Container { Name = "pause", Image = "registry.k8s.io/pause:3.10" }] },
            });
            var bound = await pods.BindAsync(name, nodeNames[i % nodes]);
            await pods.UpdateStatusAsync(bound with { Status = (bound.Status ?? new PodStatus()) with { Phase = "Running" } });
        }
        await running.WaitAsync(TimeSpan.FromMinutes(15));
        var seconds = measured.Elapsed.TotalSeconds;
        return new Result("baseline: create + bind + status by one loop", nodes, total, seconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, memory.PeakHeap, memory.PeakWorkingSet,
            (GC.GetTotalAllocatedBytes() - allocated) / 1e6);
    }

    private static void Print(Result baseline, Result full, int deployments, int replicas)
    {
        const double goalSeconds = 20, goalBytes = 2e9;
        var fullSize = full.Nodes == 1000 && full.Pods == 100_000;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"End-to-end run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {full.Nodes:N0} nodes, {deployments:N0} Deployments x {replicas:N0} replicas");
        sb.AppendLine();
        sb.AppendLine("| Figure | KubeCore (Deployments → Running) | Baseline (create + bind + status loop) | Ratio | Goal (1,000 nodes, 100,000 pods) | Met |");
        sb.AppendLine("|---|---:|---:|---:|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Wall time until all pods Running | {full.Seconds:N2} s ({full.PodsPerSecond:N0} pods/s) | {baseline.Seconds:N2} s ({baseline.PodsPerSecond:N0} pods/s) | {full.Seconds / baseline.Seconds:N2} | <= 20 s | {(fullSize ? (full.Seconds <= goalSeconds ? "yes" : $"no ({full.Seconds / goalSeconds:N2}x)") : "n/a (smaller size)")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| CPU time | {full.CpuSeconds:N1} s | {baseline.CpuSeconds:N1} s | {full.CpuSeconds / baseline.CpuSeconds:N2} | - | - |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Peak managed heap | {full.PeakHeapBytes / 1e6:N0} MB | {baseline.PeakHeapBytes / 1e6:N0} MB | {(double)full.PeakHeapBytes / baseline.PeakHeapBytes:N2} | - | - |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Peak working set | {full.PeakWorkingSetBytes / 1e6:N0} MB | {baseline.PeakWorkingSetBytes / 1e6:N0} MB | {(double)full.PeakWorkingSetBytes / baseline.PeakWorkingSetBytes:N2} | <= 2 GB | {(fullSize ? (full.PeakWorkingSetBytes <= goalBytes ? "yes" : $"no ({full.PeakWorkingSetBytes / goalBytes:N2}x)") : "n/a (smaller size)")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Allocated | {full.AllocatedMb:N0} MB | {baseline.AllocatedMb:N0} MB | {full.AllocatedMb / baseline.AllocatedMb:N2} | - | - |");
        var text = sb.ToString();
        Console.WriteLine();
        Console.WriteLine(text);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "e2e-summary.md");
        File.WriteAllText(path, text);
        Console.WriteLine($"(written to {Path.GetFullPath(path)})");
    }

    /// <summary>Counts pods whose phase became Running (informer events), and completes when all are.</summary>
    private sealed class RunningCounter(KubeCluster cluster, int total)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private IDisposable? _registration;

        public async Task StartAsync()
        {
            var informer = cluster.Informers.GetInformer<Pod>();
            _registration = informer.AddEventHandler(
                onAdd: p => { if (p.Status?.Phase == "Running") Count(); },
                onUpdate: (o, n) => { if (o.Status?.Phase != "Running" && n.Status?.Phase == "Running") Count(); });
            cluster.Informers.Start();
            await informer.WaitForSyncAsync();
        }

        private void Count()
        {
            if (Interlocked.Increment(ref _running) >= total) _done.TrySetResult();
        }

        public async Task WaitAsync(TimeSpan timeout)
        {
            try { await _done.Task.WaitAsync(timeout); }
            catch (TimeoutException) { throw new TimeoutException($"only {Volatile.Read(ref _running):N0} of {total:N0} pods were Running after {timeout}"); }
            finally { _registration?.Dispose(); }
        }
    }

    /// <summary>Samples the GC heap size and the process working set on a background thread.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private long _peakHeap;
        private long _peakWorkingSet;

        public MemorySampler()
        {
            _thread = new Thread(() =>
            {
                using var process = Process.GetCurrentProcess();
                while (!_stop.IsCancellationRequested)
                {
                    Sample(process);
                    _stop.Token.WaitHandle.WaitOne(100);
                }
                Sample(process);
            }) { IsBackground = true, Name = "memory sampler" };
            _thread.Start();
        }

        public long PeakHeap => Interlocked.Read(ref _peakHeap);
        public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

        private void Sample(Process process)
        {
            process.Refresh();
            var heap = GC.GetTotalMemory(false);
            if (heap > _peakHeap) Interlocked.Exchange(ref _peakHeap, heap);
            if (process.WorkingSet64 > _peakWorkingSet) Interlocked.Exchange(ref _peakWorkingSet, process.WorkingSet64);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }
}
