using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using KubeCore.Runtime.Simulated;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.ApiServer.Tests;

/// <summary>The in-process workloads every pod-stream test runs: a log, exec handlers, and an attachable stdin.</summary>
internal static class StreamWorkloads
{
    public const string Image = "app:v1";

    public static SimulatedRuntime Runtime() => new(r =>
    {
        r.Registry.Reject("broken:v1");
        r.Workloads.Map(Image, async ctx =>
        {
            ctx.Exec.Handle("greet", async (call, ct) =>
            {
                await call.Stdout.WriteLineAsync("hello " + string.Join(' ', call.Arguments));
                await call.Stderr.WriteLineAsync("greeted");
                return 3;
            });
            ctx.Exec.Handle("say", call => { ctx.Log.WriteLine(string.Join(' ', call.Arguments)); return 0; });
            await ctx.Log.WriteLineAsync($"run {ctx.RestartCount}");
            await ctx.Log.WriteLineAsync("line 2");
            await ctx.Log.WriteLineAsync("line 3");
            try
            {
                while (await ctx.Stdin.ReadLineAsync(ctx.Stopping) is { } line) await ctx.Log.WriteLineAsync("got " + line);
            }
            catch (OperationCanceledException) { await ctx.Log.WriteLineAsync("stopping"); }
            return 0;
        });
    });

    public static V1Pod Pod(string name, string image = Image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 1,
            Containers = [new V1Container { Name = "main", Image = image, Env = [new V1EnvVar { Name = "GREETING", Value = "hi" }] }],
        },
    };

    /// <summary>Waits (on the watch) until the pod satisfies <paramref name="condition"/>.</summary>
    public static async Task<Models.Pod> WaitForPodAsync(KubeCluster cluster, string name, Func<Models.Pod, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in cluster.Client.Pods("default").WatchAsync(new Api.ListOptions { FieldSelector = "metadata.name=" + name, ResourceVersion = "0" }, timeout.Token))
            if (e.Object is { } pod && condition(pod)) return pod;
        throw new TimeoutException($"pod {name}");
    }

    public static bool Running(Models.Pod p) => p.Status?.Phase == "Running" && p.Status.ContainerStatuses?[0].State?.Running is not null;
}

/// <summary><c>pods/log</c> and <c>pods/exec</c> through the official C# client, against simulated nodes on the real clock.</summary>
public sealed class PodStreamTests : ApiServerTest
{
    private readonly SimulatedRuntime _runtime = StreamWorkloads.Runtime();

    protected override KubeClusterBuilder Configure(KubeClusterBuilder builder) =>
        builder.AddNodes(1, n => n.UseRuntime(_runtime)).UseScheduler();

    private async Task StartAsync(string name, string image = StreamWorkloads.Image)
    {
        await Client.CreateNamespacedPodAsync(StreamWorkloads.Pod(name, image), "default");
        if (image == StreamWorkloads.Image) await StreamWorkloads.WaitForPodAsync(Cluster, name, StreamWorkloads.Running);
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Logs_honour_tail_timestamps_limit_bytes_and_since()
    {
        await StartAsync("app");
        Assert.Equal("run 0\nline 2\nline 3\n", await ReadAllAsync(await Client.ReadNamespacedPodLogAsync("app", "default")));
        Assert.Equal("line 2\nline 3\n", await ReadAllAsync(await Client.ReadNamespacedPodLogAsync("app", "default", container: "main", tailLines: 2)));
        Assert.Equal("run", await ReadAllAsync(await Client.ReadNamespacedPodLogAsync("app", "default", limitBytes: 3)));
        Assert.Equal("run 0\nline 2\nline 3\n", await ReadAllAsync(await Client.ReadNamespacedPodLogAsync("app", "default", sinceSeconds: 3600)));
        var stamped = await ReadAllAsync(await Client.ReadNamespacedPodLogAsync("app", "default", timestamps: true, tailLines: 1));
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line 3\n$"), stamped);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        Assert.Equal("", (await SendAsync(HttpMethod.Get, $"api/v1/namespaces/default/pods/app/log?sinceTime={future}")).Body);
    }

    private async Task<(int Code, string Message)> StatusOf(string path)
    {
        var (code, body, _) = await SendAsync(HttpMethod.Get, path);
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        return (code, doc.RootElement.GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task Bad_log_requests_get_kube_apiservers_statuses()
    {
        await StartAsync("app");
        const string log = "api/v1/namespaces/default/pods/app/log";
        Assert.Equal((422, "PodLogOptions \"app\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0"), await StatusOf(log + "?tailLines=-1"));
        Assert.Equal((422, "PodLogOptions \"app\" is invalid: limitBytes: Invalid value: 0: must be greater than 0"), await StatusOf(log + "?limitBytes=0"));
        var (code, message) = await StatusOf(log + "?sinceSeconds=5&sinceTime=2025-01-01T00:00:00Z");
        Assert.Equal(422, code);
        Assert.Contains("at most one of `sinceTime` or `sinceSeconds` may be specified", message);
        Assert.Equal((400, "container nope is not valid for pod app"), await StatusOf(log + "?container=nope"));
        Assert.Equal((404, "pods \"nosuch\" not found"), await StatusOf("api/v1/namespaces/default/pods/nosuch/log"));
        Assert.Equal((400, "previous terminated container \"main\" in pod \"app\" not found"), await StatusOf(log + "?previous=true"));

        await StartAsync("broken", "broken:v1");
        await StreamWorkloads.WaitForPodAsync(Cluster, "broken", p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff");
        (code, message) = await StatusOf("api/v1/namespaces/default/pods/broken/log");
        Assert.Equal(400, code);
        Assert.Matches("^container \"main\" in pod \"broken\" is waiting to start: (image can't be pulled|trying and failing to pull image)$", message);
    }

    [Fact]
    public async Task Previous_shows_the_run_before_a_restart()
    {
        await StartAsync("app");
        _runtime.KillContainer("default", "app", "main");
        await StreamWorkloads.WaitForPodAsync(Cluster, "app", p => p.Status?.ContainerStatuses?[0] is { RestartCount: 1, State.Running: not null });
        Assert.StartsWith("run 1\n", await ReadAllAsync(await Client.ReadNamespacedPodLogAsync("app", "default")));
        Assert.StartsWith("run 0\n", await ReadAllAsync(await Client.ReadNamespacedPodLogAsync("app", "default", previous: true)));
    }

    [Fact]
    public async Task Follow_streams_new_lines_and_ends_when_the_pod_is_deleted()
    {
        await StartAsync("app");
        using var reader = new StreamReader(await Client.ReadNamespacedPodLogAsync("app", "default", follow: true));
        Assert.Equal(new[] { "run 0", "line 2", "line 3" }, new[] { await reader.ReadLineAsync(), await reader.ReadLineAsync(), await reader.ReadLineAsync() });
        Assert.Equal(0, await Client.NamespacedPodExecAsync("app", "default", "main", ["say", "fresh", "line"], false, (_, _, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal("fresh line", await reader.ReadLineAsync());
        await Client.DeleteNamespacedPodAsync("app", "default");
        Assert.Equal("stopping", await reader.ReadLineAsync());
        Assert.Null(await reader.ReadLineAsync());
    }

    private async Task<(int Code, string Stdout, string Stderr)> ExecAsync(params string[] command)
    {
        string stdout = "", stderr = "";
        var code = await Client.NamespacedPodExecAsync("app", "default", "main", command, false, async (_, output, error) =>
        {
            var o = new StreamReader(output).ReadToEndAsync();
            var e = new StreamReader(error).ReadToEndAsync();
            (stdout, stderr) = (await o, await e);
        }, CancellationToken.None);
        return (code, stdout, stderr);
    }

    [Fact]
    public async Task Exec_runs_workload_commands_and_built_ins_with_real_exit_codes()
    {
        await StartAsync("app");
        Assert.Equal((0, "hi there\n", ""), await ExecAsync("echo", "hi", "there"));
        Assert.Equal((3, "hello world\n", "greeted\n"), await ExecAsync("/usr/bin/greet", "world"));
        Assert.Equal((1, "", ""), await ExecAsync("false"));
        Assert.Equal((5, "", ""), await ExecAsync("sh", "-c", "exit 5"));
        Assert.Equal((0, "app\n", ""), await ExecAsync("cat", "/etc/hostname"));
        Assert.Contains("GREETING=hi\n", (await ExecAsync("env")).Stdout);
        var (code, stdout, stderr) = await ExecAsync("nosuchcmd");
        Assert.Equal((127, ""), (code, stdout));
        Assert.Contains("exec: \"nosuchcmd\": executable file not found in $PATH", stderr);
    }

    [Fact]
    public async Task Muxed_exec_sends_stdin_and_attach_reaches_the_main_process()
    {
        await StartAsync("app");
        using (var ws = await Client.WebSocketNamespacedPodAttachAsync("app", "default", "main", stdin: true, stdout: true, stderr: false, tty: false))
        using (var mux = new StreamDemuxer(ws))
        {
            var stdin = mux.GetStream((byte?)null, (byte)0);
            using var stdout = new StreamReader(mux.GetStream((byte)1, (byte?)null));
            mux.Start();
            await stdin.WriteAsync(Encoding.UTF8.GetBytes("ping\n"));
            Assert.Equal("got ping", await stdout.ReadLineAsync());
        }
        Assert.Contains("got ping\n", _runtime.GetLogs("default", "app", "main"));

        using var exec = await Client.MuxedStreamNamespacedPodExecAsync("app", "default", ["sh", "-c", "exit 7"], "main");
        // Streams must exist before Start: the demuxer drops data for channels nobody asked for yet, and a stream
        // asked for after the connection closed never ends (this test once hung that way).
        var statusStream = exec.GetStream((byte)3, (byte?)null);
        exec.Start();
        var status = await new StreamReader(statusStream).ReadToEndAsync();
        Assert.Contains("\"reason\":\"NonZeroExitCode\"", status);
        Assert.Contains("{\"reason\":\"ExitCode\",\"message\":\"7\"}", status);
    }

    [Fact]
    public async Task Exec_on_a_pod_without_a_node_or_without_streams_is_refused()
    {
        Cluster.GetSimulatedNodes()[0].Kill();
        await Client.CreateNamespacedPodAsync(StreamWorkloads.Pod("app"), "default");
        var (code, body, _) = await SendAsync(HttpMethod.Get, "api/v1/namespaces/default/pods/app/exec?command=true&stdout=true");
        Assert.True(code is 400 or 500, body);
        (code, body, _) = await SendAsync(HttpMethod.Get, "api/v1/namespaces/default/pods/app/exec?command=true");
        Assert.Equal(400, code);
        Assert.True(body.Contains("you must specify at least 1 of stdin, stdout, stderr") || body.Contains("does not have a host assigned"), body);
    }
}
