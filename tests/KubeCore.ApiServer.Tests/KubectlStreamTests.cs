using System.Diagnostics;
using KubeCore.Runtime.Simulated;

namespace KubeCore.ApiServer.Tests;

/// <summary>The real kubectl's <c>logs</c> and <c>exec</c> (WebSocket v5) against simulated nodes, the scheduler and the controllers.</summary>
public sealed class KubectlStreamTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubecore-streams-").FullName;
    private readonly SimulatedRuntime _runtime = StreamWorkloads.Runtime();
    private KubeCluster _cluster = null!;
    private Kubectl _kubectl = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _cluster = await KubeCluster.CreateBuilder().AddNodes(1, n => n.UseRuntime(_runtime)).UseScheduler().AddBuiltInControllers().UseApiServer().StartAsync();
        _kubeconfig = Path.Combine(_dir, "config");
        Cli.Kubeconfig.Write(_kubeconfig, _cluster.GetApiServer().BaseAddress);
        _kubectl = new Kubectl(_kubeconfig);
        await _kubectl.OkAsync("run app --image=" + StreamWorkloads.Image + " --env=GREETING=hi");
        await StreamWorkloads.WaitForPodAsync(_cluster, "app", StreamWorkloads.Running);
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Logs_and_exec_work_as_on_a_real_cluster()
    {
        Assert.Equal("run 0\nline 2\nline 3\n", await _kubectl.OkAsync("logs app"));
        var tail = (await _kubectl.OkAsync("logs app --tail=2 --timestamps")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, tail.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line 2$", tail[0]);

        Assert.Equal("hi\n", await _kubectl.OkAsync("exec app -- echo hi"));
        Assert.Equal("hello\nworld\n", await _kubectl.OkAsync("exec -i app -- cat", "hello\nworld\n"));
        Assert.Equal(1, (await _kubectl.RunAsync("exec app -- false")).ExitCode);
        var (code, stdout, stderr) = await _kubectl.RunAsync("exec app -- greet you");
        Assert.Equal((3, "hello you\n"), (code, stdout));
        Assert.Contains("greeted", stderr);
        Assert.Contains("command terminated with exit code 3", stderr);
        (code, _, stderr) = await _kubectl.RunAsync("exec app -- nosuchcmd");
        Assert.NotEqual(0, code);
        Assert.Contains("exec: \"nosuchcmd\": executable file not found in $PATH", stderr);
        (code, _, stderr) = await _kubectl.RunAsync("logs app -c nope");
        Assert.Equal(1, code);
        Assert.Contains("container nope is not valid for pod app", stderr);
    }

    [Fact]
    public async Task Logs_follow_ends_when_the_pod_is_deleted_and_logs_of_a_deployment_work()
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--kubeconfig", _kubeconfig, "--cache-dir", Path.Combine(_dir, "cache"), "logs", "-f", "app"]) info.ArgumentList.Add(a);
        info.Environment["HOME"] = _dir;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // Once the third line is out, kubectl is following: deleting the pod stops the container and ends the stream.
            for (var i = 1; i <= 3; i++) Assert.NotNull(await process.StandardOutput.ReadLineAsync());
            await _cluster.Client.Pods("default").DeleteAsync("app");
            Assert.Equal("stopping", await process.StandardOutput.ReadLineAsync());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await stderr);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        await _kubectl.OkAsync("apply -f -", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: main, image: "app:v1"}]}
            """);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await foreach (var e in _cluster.Client.Pods("default").WatchAsync(new Api.ListOptions { LabelSelector = "app=web", ResourceVersion = "0" }, timeout.Token))
                if (e.Object is { } pod && StreamWorkloads.Running(pod)) break;
        Assert.Equal("run 0\nline 2\nline 3\n", await _kubectl.OkAsync("logs deploy/web"));
    }
}
