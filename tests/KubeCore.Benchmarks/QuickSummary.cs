using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using KubeCore.Benchmarks.Memory;

namespace KubeCore.Benchmarks;

/// <summary>One table for a quick run: per-operation figures as throughput, each against its class's baseline, with the goals.</summary>
internal static class QuickSummary
{
    // Goals from the performance brief, as operations per second of the named benchmark.
    private static readonly Dictionary<string, (double OpsPerSecond, string Text)> Goals = new(StringComparer.Ordinal)
    {
        ["CreateBenchmarks.ApiCreate"] = (200_000, ">= 200,000 creates/s"),
        ["CreateBenchmarks.ClientCreate"] = (200_000, ">= 200,000 creates/s"),
        ["WatchFanOutBenchmarks.KubeWatch"] = (10_000_000, ">= 10M deliveries/s"),
    };

    public static void Print(IEnumerable<Summary> summaries, IReadOnlyList<MemoryPerPod.Result>? memory)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Quick run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, BenchmarkDotNet {typeof(Summary).Assembly.GetName().Version}");
        sb.AppendLine();
        sb.AppendLine("| Benchmark | Mean per op | Ops/s | Baseline ops/s | Ratio (time vs baseline) | Error % | Alloc B/op | Goal | Met |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var summary in summaries)
        {
            var reports = summary.Reports.Where(r => r.ResultStatistics is not null).ToArray();
            var baseline = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
            foreach (var r in reports)
            {
                var stats = r.ResultStatistics!;
                var name = $"{r.BenchmarkCase.Descriptor.Type.Name}.{r.BenchmarkCase.Descriptor.WorkloadMethod.Name}";
                var ops = 1e9 / stats.Mean;
                var baseOps = baseline?.ResultStatistics is { } b ? 1e9 / b.Mean : double.NaN;
                var ratio = baseline?.ResultStatistics is { } bs ? stats.Mean / bs.Mean : double.NaN;
                var errorPct = stats.N > 1 ? 100 * stats.ConfidenceInterval.Margin / stats.Mean : double.NaN;
                var alloc = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase);
                var (goal, met) = Goals.TryGetValue(name, out var g) ? (g.Text, ops >= g.OpsPerSecond ? "yes" : $"no ({ops / g.OpsPerSecond:P0} of goal)") : ("-", "-");
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name}{(r.BenchmarkCase.Descriptor.Baseline ? " (baseline)" : "")} | {Format(stats.Mean)} | {ops:N0} | {baseOps:N0} | {ratio:N2} | {errorPct:N1} | {alloc?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} | {goal} | {met} |");
            }
        }
        if (memory is { Count: > 0 })
        {
            sb.AppendLine();
            sb.AppendLine("| Memory per stored pod | Retained B/pod | Ratio vs Dictionary | Allocated B/pod (incl. JSON decode) | Goal | Met |");
            sb.AppendLine("|---|---:|---:|---:|---|---|");
            var baseBytes = memory[0].BytesPerPod;
            foreach (var m in memory)
            {
                var isFull = ReferenceEquals(m, memory[^1]);
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {m.Name} | {m.BytesPerPod:N0} | {m.BytesPerPod / baseBytes:N2} | {m.AllocatedPerPod:N0} | {(isFull ? "<= 2,048 B" : "-")} | {(isFull ? (m.BytesPerPod <= MemoryPerPod.GoalBytes ? "yes" : $"no ({m.BytesPerPod / MemoryPerPod.GoalBytes:N2}x goal)") : "-")} |");
            }
        }
        var text = sb.ToString();
        Console.WriteLine();
        Console.WriteLine(text);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "quick-summary.md");
        File.WriteAllText(path, text);
        Console.WriteLine($"(written to {Path.GetFullPath(path)})");
    }

    private static string Format(double ns) => ns switch
    {
        < 1_000 => $"{ns:N1} ns",
        < 1_000_000 => $"{ns / 1_000:N2} us",
        _ => $"{ns / 1_000_000:N2} ms",
    };
}
