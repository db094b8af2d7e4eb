using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KubeCore.Benchmarks;
using KubeCore.Benchmarks.Memory;

// Usage (from the repository root):
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --quick            every benchmark, short in-process job, summary table
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --memory [count]   memory per stored pod only (default 100,000 pods)
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --profile [rounds]  create-path stopwatch breakdown and pod memory by part
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --filter *Create*  plain BenchmarkDotNet switcher (full default job)
// "--quick" combines with switcher arguments, e.g. "--quick --filter *Watch*" (the memory run is skipped when a filter is given).

var quick = args.Contains("--quick");
var memoryOnly = args.Contains("--memory");
var profile = args.Contains("--profile");
var rest = args.Where(a => a is not "--quick" and not "--memory" and not "--profile").ToList();

if (profile)
{
    KubeCore.Benchmarks.Profiling.CreateProfile.Run(rest.Count > 0 && int.TryParse(rest[0], out var r) ? r : 9);
    KubeCore.Benchmarks.Profiling.PodMemoryBreakdown.Run(20_000);
    return 0;
}

if (memoryOnly)
{
    var count = rest.Count > 0 && int.TryParse(rest[0], out var n) ? n : 100_000;
    MemoryPerPod.Run(count);
    return 0;
}

if (!quick)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest]);
    return 0;
}

var filtered = rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f");
if (!filtered) rest.AddRange(["--filter", "*"]);
var config = DefaultConfig.Instance
    .AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(5)
        .WithId("Quick"))
    .WithOptions(ConfigOptions.DisableLogFile);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], config).ToArray();
// 25,000 pods keeps the quick run short; the per-pod figure is linear in the count (run --memory for 100,000).
IReadOnlyList<MemoryPerPod.Result>? memory = filtered ? null : MemoryPerPod.Run(25_000);
QuickSummary.Print(summaries, memory);
return 0;
