using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using KubeCore.ApiServer;
using KubeCore.Benchmarks.Common;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeCore.Benchmarks.Http;

/// <summary>
/// The HTTP API's figures (issue 4), each against a baseline measured in the same run on the same machine, because
/// the machine is shared and absolute times mean little: a minimal Kestrel app on loopback doing the least work that
/// answers the same request (a pre-serialized body of the same size; a POST handler storing into a
/// <see cref="ConcurrentDictionary{TKey,TValue}"/>), driven by the same <see cref="HttpClient"/> loop.
/// </summary>
internal static class HttpScenarios
{
    private static readonly string[] All = ["list", "creates", "openloop", "watchers", "serve", "roundtrip"];

    public static void Run(string[] names, Func<string, int?> option)
    {
        var chosen = names.Length == 0 ? All : names;
        foreach (var name in chosen)
        {
            Console.WriteLine();
            Console.WriteLine($"## {name}  (load: {Load()})");
            var started = Stopwatch.GetTimestamp();
            switch (name)
            {
                case "list": List(option("--pods") ?? 10_000, option("--rounds") ?? 8).GetAwaiter().GetResult(); break;
                case "creates": Creates(option("--clients") ?? 64, option("--seconds") ?? 10).GetAwaiter().GetResult(); break;
                case "openloop": OpenLoop(option("--rate") ?? 1000, option("--seconds") ?? 15).GetAwaiter().GetResult(); break;
                case "watchers": Watchers(option("--watchers") ?? 500, option("--rounds") ?? 40).GetAwaiter().GetResult(); break;
                case "serve": Serve(option("--rounds") ?? 10).GetAwaiter().GetResult(); break;
                case "roundtrip": RoundTrip(option("--rounds") ?? 3000).GetAwaiter().GetResult(); break;
                default: throw new ArgumentException($"unknown HTTP scenario {name}; known: {string.Join(", ", All)}");
            }
            Console.WriteLine($"(scenario took {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s; load after: {Load()})");
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    // ------------------------------------------------------------------ LIST

    private static async Task List(int pods, int rounds)
    {
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(TimeProvider.System).StartAsync();
        Clusters.Fill(cluster, Enumerable.Range(0, pods).Select(PodFactory.Realistic));
        await using var server = await KubeApiServer.StartAsync(cluster);
        using var http = NewClient();
        var path = "api/v1/namespaces/default/pods";
        const string tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

        // The baseline bodies: exactly what KubeCore answered, pre-serialized, served by an app that only copies them.
        var jsonBody = await http.GetByteArrayAsync(new Uri(server.BaseAddress, path));
        var tableBody = await Get(http, new Uri(server.BaseAddress, path), tableAccept);
        await using var baseline = await MinimalServer.StartAsync(app => app.Run(context =>
        {
            var body = context.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal) ? tableBody : jsonBody;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        }));

        var results = new List<(string Name, Stats Kube, Stats Base, int Bytes)>();
        foreach (var (label, accept, bytes) in new[] { ("JSON PodList", "application/json", jsonBody.Length), ("Table (kubectl get pods)", tableAccept, tableBody.Length) })
        {
            // Interleave the two servers round by round so a burst of load from other tenants hits both.
            var kube = new List<double>();
            var base_ = new List<double>();
            await Time(() => Drain(http, new Uri(server.BaseAddress, path), accept)); // warm-up
            await Time(() => Drain(http, new Uri(baseline.BaseAddress, path), accept));
            for (var i = 0; i < rounds; i++)
            {
                kube.Add(await Time(() => Drain(http, new Uri(server.BaseAddress, path), accept)));
                base_.Add(await Time(() => Drain(http, new Uri(baseline.BaseAddress, path), accept)));
            }
            results.Add((label, Stats.Of(kube), Stats.Of(base_), bytes));
        }
        Console.WriteLine($"HTTP LIST of {pods:N0} realistic pods, {rounds} rounds each, interleaved; baseline: minimal Kestrel endpoint writing the same body pre-serialized");
        Console.WriteLine("| response | body | KubeCore median ms | p90 ms | baseline median ms | ratio (median) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, kube, base_, bytes) in results)
            Console.WriteLine($"| {label} | {bytes / 1e6:F1} MB | {kube.P50:F0} | {kube.P90:F0} | {base_.P50:F0} | {kube.P50 / base_.P50:F1} |");
        await ListBreakdown(cluster, rounds);
    }

    /// <summary>Where a LIST's server time goes, step by step, in process (no HTTP): median ms of each step.</summary>
    private static async Task ListBreakdown(KubeCluster cluster, int rounds)
    {
        var resource = Clusters.Pods(cluster);
        var tables = new KubeCore.Printing.TableConverter();
        var steps = new Dictionary<string, List<double>> { ["Api.ListAsync"] = [], ["serialize items (Utf8JsonWriter)"] = [], ["ConvertToTable"] = [], ["serialize Table"] = [] };
        for (var i = 0; i <= rounds; i++)
        {
            var t = Stopwatch.GetTimestamp();
            var list = await cluster.Api.ListAsync(resource, "default");
            var t1 = Stopwatch.GetTimestamp();
            await using (var w = new System.Text.Json.Utf8JsonWriter(Stream.Null))
            {
                w.WriteStartArray();
                foreach (var item in list.Items) { KubeJson.Serialize(w, item); if (w.BytesPending > 32 * 1024) await w.FlushAsync(); }
                w.WriteEndArray();
            }
            var t2 = Stopwatch.GetTimestamp();
            var table = tables.ConvertToTable(list.Items, "", "Pod", new ListMeta { ResourceVersion = list.ResourceVersion }, DateTimeOffset.UtcNow, new KubeCore.Printing.TableOptions());
            var t3 = Stopwatch.GetTimestamp();
            System.Text.Json.JsonSerializer.Serialize(Stream.Null, table, KubeJson.GetTypeInfo(typeof(Table)));
            var t4 = Stopwatch.GetTimestamp();
            if (i == 0) continue;
            steps["Api.ListAsync"].Add(Stopwatch.GetElapsedTime(t, t1).TotalMilliseconds);
            steps["serialize items (Utf8JsonWriter)"].Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            steps["ConvertToTable"].Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
            steps["serialize Table"].Add(Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds);
        }
        Console.WriteLine("In-process breakdown of the server side (no HTTP), median ms:");
        Console.WriteLine("| step | median ms |");
        Console.WriteLine("|---|---:|");
        foreach (var (step, samples) in steps) Console.WriteLine($"| {step} | {Stats.Of(samples).P50:F0} |");
    }

    private static async Task<byte[]> Get(HttpClient http, Uri uri, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task Drain(HttpClient http, Uri uri, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
    }

    // ------------------------------------------------------------------ creates/s, closed loop

    private static async Task Creates(int clients, int seconds)
    {
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(TimeProvider.System).StartAsync();
        await using var server = await KubeApiServer.StartAsync(cluster);
        await using var baseline = await MinimalServer.StartAsync(MinimalServer.StoringPostHandler(out var stored));
        using var http = NewClient();
        var perRun = TimeSpan.FromSeconds(seconds);

        // Warm-up: a second of each.
        await ClosedLoop(http, new Uri(server.BaseAddress, "api/v1/namespaces/default/pods"), clients, TimeSpan.FromSeconds(1), "warm");
        await ClosedLoop(http, new Uri(baseline.BaseAddress, "api/v1/namespaces/default/pods"), clients, TimeSpan.FromSeconds(1), "warm");
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var kube = await ClosedLoop(http, new Uri(server.BaseAddress, "api/v1/namespaces/default/pods"), clients, perRun, "k");
        var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        var base_ = await ClosedLoop(http, new Uri(baseline.BaseAddress, "api/v1/namespaces/default/pods"), clients, perRun, "b");
        var cpu2 = Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine($"Creates over HTTP, {clients} concurrent clients (closed loop), {seconds} s each; baseline: minimal Kestrel POST handler storing the body in a ConcurrentDictionary ({stored.Count:N0} stored)");
        Console.WriteLine("| server | creates/s | p50 ms | p99 ms | CPU ms per create (whole process) | ratio (baseline/KubeCore throughput) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| KubeCore POST /api/v1/namespaces/default/pods | {kube.Rate:N0} | {kube.Latency.P50:F1} | {kube.Latency.P99:F1} | {(cpu1 - cpu0).TotalMilliseconds / kube.Count:F3} | {base_.Rate / kube.Rate:F1} |");
        Console.WriteLine($"| minimal Kestrel POST (baseline) | {base_.Rate:N0} | {base_.Latency.P50:F1} | {base_.Latency.P99:F1} | {(cpu2 - cpu1).TotalMilliseconds / base_.Count:F3} | 1.0 |");
    }

    private static async Task<(double Rate, int Count, Stats Latency)> ClosedLoop(HttpClient http, Uri uri, int clients, TimeSpan duration, string prefix)
    {
        var latencies = new ConcurrentBag<double[]>();
        var next = 0;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < end)
            {
                var i = Interlocked.Increment(ref next);
                var t = Stopwatch.GetTimestamp();
                await Post(http, uri, PodBody(prefix, i));
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            latencies.Add([.. mine]);
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / elapsed, all.Count, Stats.Of(all));
    }

    private static byte[] PodBody(string prefix, int i) => Encoding.UTF8.GetBytes(
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{prefix}}}-{{{i.ToString(CultureInfo.InvariantCulture)}}}","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}""");

    private static async Task Post(HttpClient http, Uri uri, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(uri, content);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST {uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await response.Content.CopyToAsync(Stream.Null);
    }

    // ------------------------------------------------------------------ open loop at a fixed rate

    private static async Task OpenLoop(int rate, int seconds)
    {
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(TimeProvider.System).StartAsync();
        await using var server = await KubeApiServer.StartAsync(cluster);
        await using var baseline = await MinimalServer.StartAsync(MinimalServer.StoringPostHandler(out _));
        // At most 128 connections: when the server falls behind, requests queue in the client (and their latency, counted
        // from the due time, shows it) instead of opening thousands of sockets.
        using var http = NewClient(128);
        await ClosedLoop(http, new Uri(server.BaseAddress, "api/v1/namespaces/default/pods"), 8, TimeSpan.FromSeconds(1), "warm");
        await ClosedLoop(http, new Uri(baseline.BaseAddress, "api/v1/namespaces/default/pods"), 8, TimeSpan.FromSeconds(1), "warm");
        var kube = await Paced(http, new Uri(server.BaseAddress, "api/v1/namespaces/default/pods"), rate, seconds, "k");
        var base_ = await Paced(http, new Uri(baseline.BaseAddress, "api/v1/namespaces/default/pods"), rate, seconds, "b");
        Console.WriteLine($"Mutating latency at a steady {rate:N0} creates/s for {seconds} s (open loop: request i is due at start + i/{rate} s and its latency runs from that due time, so a stall counts against every request it delays)");
        Console.WriteLine("| server | requests | p50 ms | p99 ms | p99.9 ms | max ms | sent late by > 1 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| KubeCore POST pods | {kube.Latency.Count:N0} | {kube.Latency.P50:F2} | {kube.Latency.P99:F2} | {kube.Latency.P999:F2} | {kube.Latency.Max:F1} | {kube.Late:P1} |");
        Console.WriteLine($"| minimal Kestrel POST (baseline) | {base_.Latency.Count:N0} | {base_.Latency.P50:F2} | {base_.Latency.P99:F2} | {base_.Latency.P999:F2} | {base_.Latency.Max:F1} | {base_.Late:P1} |");
        Console.WriteLine($"ratio KubeCore/baseline: p50 {kube.Latency.P50 / base_.Latency.P50:F1}, p99 {kube.Latency.P99 / base_.Latency.P99:F1}; goal p99 <= 5 ms (Kubernetes SLO: 1 s)");
    }

    private static async Task<(Stats Latency, double Late)> Paced(HttpClient http, Uri uri, int rate, int seconds, string prefix)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var bodies = Enumerable.Range(0, total).Select(i => PodBody(prefix, i)).ToArray();
        var inflight = new Task[total];
        var late = 0;
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var sent = 0;
        // A dedicated thread dispatches every request whose due time has passed without waiting for any response.
        var dispatcher = new Thread(() =>
        {
            while (sent < total)
            {
                var now = Stopwatch.GetTimestamp();
                while (sent < total && start + (long)(sent * ticksPerRequest) <= now)
                {
                    var i = sent++;
                    var due = start + (long)(i * ticksPerRequest);
                    if (now - due > Stopwatch.Frequency / 1000) late++;
                    inflight[i] = Task.Run(async () =>
                    {
                        await Post(http, uri, bodies[i]);
                        latencies[i] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
                    });
                }
                Thread.Sleep(0);
                if (sent < total && start + (long)(sent * ticksPerRequest) - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 2000) Thread.Sleep(1);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        dispatcher.Join();
        await Task.WhenAll(inflight);
        return (Stats.Of(latencies), (double)late / total);
    }

    // ------------------------------------------------------------------ watch fan-out

    private static async Task Watchers(int watchers, int rounds)
    {
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(TimeProvider.System).StartAsync();
        await using var server = await KubeApiServer.StartAsync(cluster);
        using var http = NewClient();
        var pods = new Uri(server.BaseAddress, "api/v1/namespaces/default/pods");

        // Baseline: the same write with nobody watching.
        for (var i = 0; i < 50; i++) await Post(http, pods, PodBody("warm", i));
        var alone = new List<double>();
        for (var i = 0; i < rounds; i++) alone.Add(await Time(() => Post(http, pods, PodBody("alone", i))));

        var list = await http.GetStringAsync(pods);
        var rv = System.Text.Json.Nodes.JsonNode.Parse(list)!["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var stop = new CancellationTokenSource();
        var expected = 0;
        var remaining = 0;
        var allSeen = new TaskCompletionSource();
        var opened = new CountdownEvent(watchers);
        string Marker(int round) => $"\"name\":\"w-{round.ToString(CultureInfo.InvariantCulture)}\"";
        var markers = Enumerable.Range(0, rounds + 1).Select(Marker).ToArray();
        var readers = Enumerable.Range(0, watchers).Select(_ => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pods + $"?watch=1&resourceVersion={rv}"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            response.EnsureSuccessStatusCode();
            opened.Signal();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            try
            {
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    var round = Volatile.Read(ref expected);
                    if (line.Contains(markers[round], StringComparison.Ordinal) && Interlocked.Decrement(ref remaining) == 0) allSeen.TrySetResult();
                }
            }
            catch (OperationCanceledException) { }
        })).ToArray();
        if (!opened.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("watchers did not open");

        var write = new List<double>();
        var fanout = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref remaining, watchers);
            Volatile.Write(ref expected, round);
            var t = Stopwatch.GetTimestamp();
            await Post(http, pods, PodBody("w", round));
            var w = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            await allSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var f = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (round == 0) continue; // warm-up
            write.Add(w);
            fanout.Add(f);
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        var a = Stats.Of(alone);
        var wr = Stats.Of(write);
        var fo = Stats.Of(fanout);
        Console.WriteLine($"{watchers} concurrent HTTP watchers (one connection each) on the pods of a namespace, {rounds} writes one after the other");
        Console.WriteLine("| measure | median ms | p90 ms | max ms | ratio to the write alone (median) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| POST pod, nobody watching (baseline) | {a.P50:F2} | {a.P90:F2} | {a.Max:F1} | 1.0 |");
        Console.WriteLine($"| POST pod with {watchers} watchers open (response) | {wr.P50:F2} | {wr.P90:F2} | {wr.Max:F1} | {wr.P50 / a.P50:F1} |");
        Console.WriteLine($"| POST start -> event read by all {watchers} watchers | {fo.P50:F2} | {fo.P90:F2} | {fo.Max:F1} | {fo.P50 / a.P50:F1} |");
    }

    // ------------------------------------------------------------------ serve start

    private static async Task Serve(int rounds)
    {
        using var http = NewClient();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubecore-bench-{Environment.ProcessId}.kubeconfig");
        async Task<double> ServeOnce()
        {
            using var stop = new CancellationTokenSource();
            var started = Stopwatch.GetTimestamp();
            var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = KubeCore.Cli.ServeCommand.RunAsync(new KubeCore.Cli.ServeCommand.ServeOptions(0, kubeconfig, 3, "4", "8Gi"), TextWriter.Null, stop.Token,
                s => ready.TrySetResult(s.BaseAddress));
            var address = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using (var response = await http.GetAsync(new Uri(address, "version"))) response.EnsureSuccessStatusCode();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await stop.CancelAsync();
            await run;
            return ms;
        }
        async Task<double> EmptyOnce()
        {
            var started = Stopwatch.GetTimestamp();
            var version = "{\"major\":\"1\",\"minor\":\"32\"}"u8.ToArray();
            await using var app = await MinimalServer.StartAsync(a => a.Run(c => c.Response.Body.WriteAsync(version).AsTask()));
            using (var response = await http.GetAsync(new Uri(app.BaseAddress, "version"))) response.EnsureSuccessStatusCode();
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var first = await ServeOnce(); // the first one pays JIT and static set-up: what a fresh `kubecore serve` pays, minus process start
        var firstEmpty = await EmptyOnce();
        var serve = new List<double>();
        var empty = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            serve.Add(await ServeOnce());
            empty.Add(await EmptyOnce());
        }
        File.Delete(kubeconfig);
        var s = Stats.Of(serve);
        var e = Stats.Of(empty);
        Console.WriteLine($"`serve` (ServeCommand.RunAsync: 3 simulated nodes, scheduler, built-in controllers, API server on port 0, kubeconfig written) start to first 200 on /version, in process, {rounds} rounds interleaved; baseline: an empty Kestrel app (CreateSlimBuilder, one endpoint) started the same way");
        Console.WriteLine("| start | first in process (cold JIT) ms | warm median ms | warm p90 ms | ratio (warm median) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| kubecore serve | {first:F0} | {s.P50:F1} | {s.P90:F1} | {s.P50 / e.P50:F1} |");
        Console.WriteLine($"| empty Kestrel app (baseline) | {firstEmpty:F0} | {e.P50:F1} | {e.P90:F1} | 1.0 |");
    }

    /// <summary>
    /// Process-level start: this executable re-run as a child that starts <c>serve</c> (or an empty Kestrel app) and
    /// prints the address; the parent times process start to the first 200 on /version.
    /// </summary>
    public static async Task ServeProcess(int rounds)
    {
        using var http = NewClient();
        var self = Environment.ProcessPath!;
        var assembly = typeof(HttpScenarios).Assembly.Location;
        async Task<double> Once(string mode)
        {
            var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            if (!self.EndsWith("KubeCore.Benchmarks", StringComparison.Ordinal)) info.ArgumentList.Add(assembly);
            info.ArgumentList.Add("--serve-child");
            info.ArgumentList.Add(mode);
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(info)!;
            string? line;
            Uri? address = null;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
                if (line.StartsWith("ADDRESS ", StringComparison.Ordinal)) { address = new Uri(line["ADDRESS ".Length..]); break; }
            if (address is null) throw new InvalidOperationException($"{mode} child printed no address");
            using (var response = await http.GetAsync(new Uri(address, "version"))) response.EnsureSuccessStatusCode();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            process.StandardInput.Close(); // the child stops when its stdin closes
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return ms;
        }
        await Once("empty");
        var serve = new List<double>();
        var empty = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            serve.Add(await Once("serve"));
            empty.Add(await Once("empty"));
        }
        var s = Stats.Of(serve);
        var e = Stats.Of(empty);
        Console.WriteLine($"Process start to first 200 on /version ({rounds} rounds interleaved; the same executable either runs ServeCommand.RunAsync or an empty Kestrel app)");
        Console.WriteLine("| child | median ms | p90 ms | ratio (median) |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| kubecore serve | {s.P50:F0} | {s.P90:F0} | {s.P50 / e.P50:F2} |");
        Console.WriteLine($"| empty Kestrel app (baseline) | {e.P50:F0} | {e.P90:F0} | 1.00 |");
    }

    /// <summary>The child side of <see cref="ServeProcess"/>.</summary>
    public static async Task ServeChild(string mode)
    {
        using var stop = new CancellationTokenSource();
        var waitForStdin = Task.Run(async () => { await Console.In.ReadToEndAsync(); await stop.CancelAsync(); });
        if (mode == "serve")
        {
            var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubecore-bench-{Environment.ProcessId}.kubeconfig");
            await KubeCore.Cli.ServeCommand.RunAsync(new KubeCore.Cli.ServeCommand.ServeOptions(0, kubeconfig, 3, "4", "8Gi"), TextWriter.Null, stop.Token,
                s => { Console.WriteLine("ADDRESS " + s.BaseAddress); Console.Out.Flush(); });
            File.Delete(kubeconfig);
        }
        else
        {
            var version = "{\"major\":\"1\",\"minor\":\"32\"}"u8.ToArray();
            await using var app = await MinimalServer.StartAsync(a => a.Run(c => c.Response.Body.WriteAsync(version).AsTask()));
            Console.WriteLine("ADDRESS " + app.BaseAddress);
            Console.Out.Flush();
            await waitForStdin;
        }
    }

    // ------------------------------------------------------------------ in-process vs loopback

    private static async Task RoundTrip(int rounds)
    {
        await using var cluster = await TestCluster.StartAsync();
        var inProcess = cluster.CreateKubernetesClient();
        var loopback = await cluster.CreateLoopbackKubernetesClientAsync();
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "target" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] } };
        await inProcess.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var results = new List<(string, Stats, Stats)>();
        foreach (var (label, op) in new (string, Func<IKubernetes, int, Task>)[]
        {
            ("GET one pod", (k, _) => k.CoreV1.ReadNamespacedPodAsync("target", "default")),
            ("POST (create) a pod", (k, i) => k.CoreV1.CreateNamespacedPodAsync(
                new V1Pod { Metadata = new V1ObjectMeta { Name = $"p-{(k == inProcess ? "i" : "l")}-{i}" }, Spec = pod.Spec }, "default")),
        })
        {
            for (var i = 0; i < 200; i++) { await op(inProcess, -i - 1); await op(loopback, -i - 1); }
            var a = new List<double>();
            var b = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                var n = i;
                a.Add(await Time(() => op(inProcess, n)));
                b.Add(await Time(() => op(loopback, n)));
            }
            results.Add((label, Stats.Of(a), Stats.Of(b)));
        }
        Console.WriteLine($"The official C# client (KubernetesClient) against one TestCluster: in-process handler (CreateKubernetesClient) vs loopback HTTP (CreateLoopbackKubernetesClientAsync), {rounds} calls each, interleaved");
        Console.WriteLine("| call | in-process median µs | p99 µs | loopback median µs | p99 µs | loopback / in-process (median) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, a, b) in results)
            Console.WriteLine($"| {label} | {a.P50 * 1000:F0} | {a.P99 * 1000:F0} | {b.P50 * 1000:F0} | {b.P99 * 1000:F0} | {b.P50 / a.P50:F2} |");
    }

    // ------------------------------------------------------------------ helpers

    private static HttpClient NewClient(int maxConnections = int.MaxValue) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    }) { Timeout = TimeSpan.FromMinutes(2) };

    private static async Task<double> Time(Func<Task> action)
    {
        var t = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }

    private sealed record Stats(int Count, double P50, double P90, double P99, double P999, double Max)
    {
        public static Stats Of(IEnumerable<double> samples)
        {
            var s = samples.ToArray();
            Array.Sort(s);
            double At(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
            return new Stats(s.Length, At(0.5), At(0.9), At(0.99), At(0.999), s[^1]);
        }
    }
}

/// <summary>The baseline: a minimal Kestrel app on loopback, configured as <see cref="KubeApiServer"/> configures its own.</summary>
internal sealed class MinimalServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MinimalServer(WebApplication app, Uri address) { _app = app; BaseAddress = address; }

    public Uri BaseAddress { get; }

    public static async Task<MinimalServer> StartAsync(Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
        });
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MinimalServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>POST: read the body, store it under a fresh key, answer 201 with the body (a create's response is the object).</summary>
    public static Action<WebApplication> StoringPostHandler(out ConcurrentDictionary<long, byte[]> stored)
    {
        var store = stored = new ConcurrentDictionary<long, byte[]>();
        long next = 0;
        return app => app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            store[Interlocked.Increment(ref next)] = body;
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
