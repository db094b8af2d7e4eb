using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeCore.Manifests;
using KubeCore.Runtime.Simulated.Networking;
using KubeCore.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeCore.Benchmarks.Network;

/// <summary>
/// Requests per second through the service proxy, each against a baseline measured in the same run: in-process
/// (<see cref="ClusterNetwork.CreateHttpClient"/> to a Service, and to a pod IP without balancing) against calling the
/// workload's handler directly; over loopback (a NodePort on 127.0.0.1) against a plain Kestrel app answering the same body.
/// </summary>
internal static class NetworkThroughput
{
    private const string Body = "hello from the benchmark\n";
    private static readonly RequestDelegate Handler = http => http.Response.WriteAsync(Body);

    public static void Run(string[] names, int seconds, int rounds, int clients) => RunAsync(names, seconds, rounds, clients).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] names, int seconds, int rounds, int clients)
    {
        var all = names.Length == 0 || names.Contains("all");
        var nodePort = FreeNodePort();
        await using var test = await TestCluster.StartAsync(o =>
        {
            o.Nodes = 2; o.Controllers = true;
            o.Configure = b => b.ConfigureNetwork(n => n.ExposeNodePorts = true);
        });
        var cluster = test.Cluster;
        cluster.GetSimulatedRuntime().Options.Workloads.Map("bench:v1", async ctx =>
        {
            ctx.ServeHttp(8080, Handler);
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });
        await cluster.Client.ApplyAsync(ManifestReader.Default.LoadString($$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: bench}
            spec:
              replicas: 2
              selector: {matchLabels: {app: bench}}
              template:
                metadata: {labels: {app: bench}}
                spec: {containers: [{name: bench, image: "bench:v1", ports: [{containerPort: 8080}]}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: bench}
            spec:
              type: NodePort
              selector: {app: bench}
              ports: [{port: 80, targetPort: 8080, nodePort: {{{nodePort}}}}]
            """));
        var network = cluster.GetClusterNetwork();
        IReadOnlyList<IPEndPoint> endpoints = [];
        for (var i = 0; i < 600 && (endpoints = await network.GetEndpointsAsync("default", "bench")).Count < 2; i++) await test.AdvanceAsync(TimeSpan.FromSeconds(1));
        if (endpoints.Count < 2) throw new InvalidOperationException("the benchmark Service never got two ready endpoints");
        for (var i = 0; i < 600 && !network.ExposedNodePorts.Contains(nodePort); i++) await test.AdvanceAsync(TimeSpan.Zero);
        var pod = endpoints[0];

        Console.WriteLine($"Service proxy throughput: {clients} concurrent client(s), {seconds} s per measurement, median of {rounds} rounds; ratio to the baseline of the same block");
        Console.WriteLine("| path | connections | req/s | ratio |");
        Console.WriteLine("|---|---|---:|---:|");
        if (all || names.Contains("inproc"))
        {
            var direct = await Median(rounds, () => Rate(seconds, clients, _ => DirectCall()));
            Row("handler called directly (baseline)", "-", direct, direct);
            foreach (var reuse in new[] { false, true })
            {
                using var toPod = network.CreateHttpClient(reuseConnections: reuse);
                using var toService = network.CreateHttpClient(reuseConnections: reuse);
                var mode = reuse ? "kept alive" : "new per request";
                Row($"in-process client → pod IP {pod} (no balancing)", mode, await Median(rounds, () => Rate(seconds, clients, _ => Get(toPod, $"http://{pod}/"))), direct);
                Row("in-process client → Service name (proxy)", mode, await Median(rounds, () => Rate(seconds, clients, _ => Get(toService, "http://bench/"))), direct);
            }
        }
        if (all || names.Contains("loopback"))
        {
            await using var kestrel = await KestrelBaseline();
            foreach (var reuse in new[] { true, false })
            {
                using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = reuse ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, MaxConnectionsPerServer = int.MaxValue });
                var mode = reuse ? "kept alive" : "new per request";
                var baseline = await Median(rounds, () => Rate(seconds, clients, _ => Get(http, kestrel.Url)));
                Row("plain Kestrel on 127.0.0.1 (baseline)", mode, baseline, baseline);
                Row($"NodePort 127.0.0.1:{nodePort} → proxy → pod", mode, await Median(rounds, () => Rate(seconds, clients, _ => Get(http, $"http://127.0.0.1:{nodePort}/"))), baseline);
            }
        }
    }

    private static void Row(string path, string connections, double rate, double baseline) =>
        Console.WriteLine($"| {path} | {connections} | {rate:N0} | {rate / baseline:F3} |");

    private static async Task DirectCall()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await Handler(context);
    }

    private static async Task Get(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body != Body) throw new InvalidOperationException($"unexpected answer {(int)response.StatusCode}: {body}");
    }

    private static async Task<double> Rate(int seconds, int clients, Func<int, Task> request)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        var counts = new long[clients];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until) { await request(c); counts[c]++; }
        })));
        return counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<double> Median(int rounds, Func<Task<double>> measure)
    {
        await measure(); // warm-up round, not counted
        var samples = new double[rounds];
        for (var i = 0; i < rounds; i++) samples[i] = await measure();
        Array.Sort(samples);
        return samples[rounds / 2];
    }

    private static async Task<Baseline> KestrelBaseline()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(Handler);
        await app.StartAsync();
        return new Baseline(app, app.Urls.First() + "/");
    }

    private sealed record Baseline(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static int FreeNodePort()
    {
        for (var port = 30000 + Environment.ProcessId % 2000; port < 32767; port++)
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free port in the node-port range");
    }
}
