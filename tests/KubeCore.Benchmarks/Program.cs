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
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --scheduling [SchedulingBasic|NodeAffinity|InterPodAffinity ...] [--nodes N] [--pods N] [--init-pods N]
//                                                                                   scheduler_perf shapes, scheduler vs a round-robin binder
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --e2e [--quick] [--nodes N] [--deployments N] [--replicas N]
//                                                                                   Deployments -> all pods Running on simulated nodes (default 1,000 x 100 x 1,000; --quick 100 x 10 x 500)
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --testing [rounds]  per-test cluster start-up (KubeCore.Testing) vs an empty TestServer
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --http [list|creates|openloop|watchers|serve|roundtrip ...] [--pods N] [--rounds N]
//                     [--clients N] [--seconds N] [--rate N] [--watchers N]     the HTTP API, each against a minimal Kestrel baseline in the same run
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --network [inproc|loopback|all] [--seconds N] [--rounds N] [--clients N]
//                                                                                   service proxy req/s: in-process vs a direct handler call, NodePort vs plain Kestrel
//   dotnet run -c Release --project tests/KubeCore.Benchmarks -- --serve-process [rounds]  process start of `serve` to the first 200 on /version vs an empty Kestrel app
// "--quick" combines with switcher arguments, e.g. "--quick --filter *Watch*" (the memory run is skipped when a filter is given).

if (args.Length > 0 && args[0] == "--e2e-child")
{
    KubeCore.Benchmarks.EndToEnd.DeploymentsToRunning.RunOne(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 0 && args[0] == "--serve-child")
{
    await KubeCore.Benchmarks.Http.HttpScenarios.ServeChild(args[1]);
    return 0;
}

if (args.Length > 0 && args[0] == "--serve-process")
{
    await KubeCore.Benchmarks.Http.HttpScenarios.ServeProcess(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return 0;
}

if (args.Length > 0 && args[0] == "--http")
{
    var valued = new HashSet<string> { "--pods", "--rounds", "--clients", "--seconds", "--rate", "--watchers" };
    int? HttpOption(string name)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0) return null;
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var v) || v <= 0) throw new ArgumentException($"{name} needs a positive number");
        return v;
    }
    var names = args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !valued.Contains(args[i])).ToArray();
    KubeCore.Benchmarks.Http.HttpScenarios.Run(names, HttpOption);
    return 0;
}

if (args.Length > 0 && args[0] == "--network")
{
    int NetworkOption(string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0) return fallback;
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var v) || v <= 0) throw new ArgumentException($"{name} needs a positive number");
        return v;
    }
    var valued = new HashSet<string> { "--seconds", "--rounds", "--clients" };
    var names = args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !valued.Contains(args[i])).ToArray();
    KubeCore.Benchmarks.Network.NetworkThroughput.Run(names, NetworkOption("--seconds", 1), NetworkOption("--rounds", 3), NetworkOption("--clients", 4));
    return 0;
}

if (args.Length > 0 && args[0] == "--testing")
{
    KubeCore.Benchmarks.Testing.TestClusterStartup.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return 0;
}

if (args.Contains("--scheduling") || args.Contains("--e2e"))
{
    int? Option(string name)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0) return null;
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var v) || v < 0) throw new ArgumentException($"{name} needs a non-negative number");
        return v;
    }
    if (args.Contains("--scheduling"))
    {
        var valued = new HashSet<string> { "--nodes", "--pods", "--init-pods" };
        var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valued.Contains(args[i - 1]))).ToArray();
        KubeCore.Benchmarks.Scheduling.SchedulingThroughput.Run(names, Option("--nodes"), Option("--pods"), Option("--init-pods"));
    }
    else
    {
        var small = args.Contains("--quick");
        KubeCore.Benchmarks.EndToEnd.DeploymentsToRunning.Run(Option("--nodes") ?? (small ? 100 : 1000), Option("--deployments") ?? (small ? 10 : 100),
            Option("--replicas") ?? (small ? 500 : 1000));
    }
    return 0;
}

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
    BenchmarkSwitcher.FromAssembly(typeof(KubeCore.Benchmarks.Http.HttpScenarios).Assembly).Run([.. rest]);
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
var summaries = BenchmarkSwitcher.FromAssembly(typeof(KubeCore.Benchmarks.Http.HttpScenarios).Assembly).Run([.. rest], config).ToArray();
// 25,000 pods keeps the quick run short; the per-pod figure is linear in the count (run --memory for 100,000).
IReadOnlyList<MemoryPerPod.Result>? memory = filtered ? null : MemoryPerPod.Run(25_000);
QuickSummary.Print(summaries, memory);
return 0;
