using System.Diagnostics;
using k8s;
using KubeCore.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace KubeCore.Benchmarks.Testing;

/// <summary>
/// How long a per-test cluster takes: <see cref="TestCluster.StartAsync"/> to ready and disposed, and to a first answer
/// from the in-process official client — against starting an empty ASP.NET Core TestServer (what an ordinary ASP.NET
/// integration test pays) measured in the same run.
/// </summary>
internal static class TestClusterStartup
{
    public static void Run(int rounds)
    {
        // Warm up every path once (JIT, static registries).
        Measure(1, StartAndDispose).GetAwaiter().GetResult();
        Measure(1, StartWithClientCall).GetAwaiter().GetResult();
        Measure(1, EmptyTestServer).GetAwaiter().GetResult();

        var baseline = Measure(rounds, EmptyTestServer).GetAwaiter().GetResult();
        var start = Measure(rounds, StartAndDispose).GetAwaiter().GetResult();
        var client = Measure(rounds, StartWithClientCall).GetAwaiter().GetResult();
        Console.WriteLine($"Per-test cluster start-up ({rounds} rounds each, median / p90 in ms; ratio of medians to the empty TestServer)");
        Console.WriteLine($"| scenario | median ms | p90 ms | ratio |");
        Console.WriteLine($"|---|---:|---:|---:|");
        Console.WriteLine($"| empty ASP.NET Core TestServer start+stop (baseline) | {baseline.Median:F2} | {baseline.P90:F2} | 1.00 |");
        Console.WriteLine($"| TestCluster.StartAsync + dispose (API, virtual clock) | {start.Median:F2} | {start.P90:F2} | {start.Median / baseline.Median:F2} |");
        Console.WriteLine($"| ... + in-process IKubernetes, first list | {client.Median:F2} | {client.P90:F2} | {client.Median / baseline.Median:F2} |");
    }

    private static async Task StartAndDispose()
    {
        await using var cluster = await TestCluster.StartAsync();
    }

    private static async Task StartWithClientCall()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();
        await k8s.CoreV1.ListNamespaceAsync();
    }

    private static async Task EmptyTestServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        await app.StartAsync();
        using var client = app.GetTestServer().CreateClient();
        await client.GetStringAsync("/");
        await app.StopAsync();
    }

    private static async Task<(double Median, double P90)> Measure(int rounds, Func<Task> action)
    {
        var samples = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(samples);
        return (samples[rounds / 2], samples[Math.Min(rounds - 1, rounds * 9 / 10)]);
    }
}
