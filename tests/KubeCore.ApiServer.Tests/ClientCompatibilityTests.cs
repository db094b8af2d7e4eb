using System.Diagnostics;
using System.Text.Json;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// Debian's python3-kubernetes and npm's @kubernetes/client-node against <c>kubecore serve</c>'s own code path: each runs
/// a small program (tests/clients) that lists, creates, patches, watches and deletes through the client's typed API,
/// printing one JSON line per step. The clients are installed by tests/clients/install.sh when missing; a machine that
/// cannot install them fails these tests with the script's message.
/// </summary>
public sealed class ClientCompatibilityTests : IAsyncLifetime
{
    private static readonly string s_clients = Path.Combine(RepositoryRoot(), "tests", "clients");
    private static readonly Lazy<Task<string>> s_installed = new(InstallAsync);

    private readonly string _dir = Directory.CreateTempSubdirectory("kubecore-clients-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _serve;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _kubeconfig = Path.Combine(_dir, "config");
        var started = new TaskCompletionSource();
        _serve = Cli.ServeCommand.RunAsync(new Cli.ServeCommand.ServeOptions(0, _kubeconfig, 2, "4", "8Gi"), TextWriter.Null, _stop.Token, _ => started.TrySetResult());
        await Task.WhenAny(started.Task, _serve);
        Assert.True(started.Task.IsCompleted, "kubecore serve did not start");
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        Assert.Equal(0, await _serve!);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Python3_kubernetes_lists_creates_patches_watches_and_deletes()
    {
        await s_installed.Value;
        var steps = await RunClientAsync("/usr/bin/python3", Path.Combine(s_clients, "python", "client.py"), "py-compat");

        Assert.StartsWith("v1.32.", steps["version"].GetProperty("gitVersion").GetString());
        Assert.Contains("kube-system", Strings(steps["list-namespaces"].GetProperty("names")));
        // Deserialising nodes runs the models' required-field checks (status.nodeInfo has ten required fields).
        Assert.Equal(["node-1", "node-2"], Strings(steps["list-nodes"].GetProperty("names")));
        Assert.All(Strings(steps["list-nodes"].GetProperty("kubelet")), v => Assert.StartsWith("v1.32", v));
        Assert.Equal("Active", steps["create-namespace"].GetProperty("phase").GetString());
        AssertCreatedConfigMap(steps["create-configmap"]);
        Assert.Equal("""{"password":"czNjcjN0"}""", steps["create-secret"].GetProperty("data").GetRawText());
        Assert.Equal(JsonValueKind.Null, steps["create-secret"].GetProperty("stringData").ValueKind);
        Assert.Equal(1, steps["create-deployment"].GetProperty("generation").GetInt32());
        // A dict patch goes out as a strategic merge patch, a list as a JSON patch.
        Assert.Equal("""{"colour":"blue","size":"large"}""", steps["patch-configmap"].GetProperty("data").GetRawText());
        Assert.Equal(2, steps["patch-deployment"].GetProperty("replicas").GetInt32());
        Assert.Equal(2, steps["patch-deployment"].GetProperty("generation").GetInt32());
        AssertWatchedChanges(steps);
        Assert.Equal(2, steps["list-pods"].GetProperty("running").GetInt32());
        Assert.All(steps["list-pods"].GetProperty("pods").EnumerateArray(), p =>
        {
            Assert.StartsWith("web-", p[0].GetString());
            Assert.StartsWith("node-", p[2].GetString());
        });
        AssertDeletes(steps);
        Assert.Equal(422, steps["create-invalid"].GetProperty("code").GetInt32());
        Assert.Equal("Invalid", steps["create-invalid"].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Client_node_lists_creates_patches_watches_and_deletes()
    {
        await s_installed.Value;
        var steps = await RunClientAsync("node", Path.Combine(s_clients, "node", "client.mjs"), "node-compat");

        Assert.StartsWith("v1.32.", steps["version"].GetProperty("gitVersion").GetString());
        Assert.Contains("kube-system", Strings(steps["list-namespaces"].GetProperty("names")));
        Assert.Equal(["node-1", "node-2"], Strings(steps["list-nodes"].GetProperty("names")));
        Assert.Equal("Active", steps["create-namespace"].GetProperty("phase").GetString());
        AssertCreatedConfigMap(steps["create-configmap"]);
        Assert.Equal(1, steps["create-deployment"].GetProperty("generation").GetInt32());
        // client-node's default patch type (JSON patch), then a merge patch chosen by header.
        Assert.Equal("""{"colour":"blue","size":"large"}""", steps["patch-configmap"].GetProperty("data").GetRawText());
        Assert.Equal(2, steps["patch-deployment"].GetProperty("replicas").GetInt32());
        AssertWatchedChanges(steps);
        // makeInformer: the initial list, then a watch from its resourceVersion, kept as a cache.
        Assert.Equal("""[["add","settings"],["add","informed"],["update","informed","2"],["delete","informed"]]""", steps["informer"].GetProperty("events").GetRawText());
        Assert.Equal("""["settings"]""", steps["informer"].GetProperty("cached").GetRawText());
        // KubernetesObjectApi maps kind to resource through /api/v1.
        Assert.Equal("web", steps["generic-service"].GetProperty("name").GetString());
        Assert.Equal("Service", steps["generic-service"].GetProperty("kind").GetString());
        Assert.Equal("[80]", steps["generic-service"].GetProperty("ports").GetRawText());
        AssertDeletes(steps);
    }

    private static void AssertCreatedConfigMap(JsonElement step)
    {
        Assert.Equal("settings", step.GetProperty("name").GetString());
        Assert.True(Guid.TryParse(step.GetProperty("uid").GetString(), out _));
        Assert.True(long.Parse(step.GetProperty("resourceVersion").GetString()!) > 0);
        Assert.False(string.IsNullOrEmpty(step.GetProperty("created").GetString()), "creationTimestamp parsed as a date");
    }

    private static void AssertWatchedChanges(Dictionary<string, JsonElement> steps)
    {
        Assert.Equal("""[["ADDED","1"],["MODIFIED","2"],["DELETED","2"]]""", steps["watch-configmaps"].GetProperty("events").GetRawText());
        // timeoutSeconds=1 on a quiet namespace: the server ends the stream and the client's loop returns.
        Assert.Equal("[]", steps["watch-timeout"].GetProperty("events").GetRawText());
    }

    private static void AssertDeletes(Dictionary<string, JsonElement> steps)
    {
        Assert.Equal("Success", steps["delete-configmap"].GetProperty("status").GetString());
        Assert.Equal("Status", steps["delete-configmap"].GetProperty("kind").GetString());
        Assert.Equal(404, steps["read-deleted"].GetProperty("code").GetInt32());
        Assert.Equal("NotFound", steps["read-deleted"].GetProperty("reason").GetString());
        Assert.Equal("configmaps \"settings\" not found", steps["read-deleted"].GetProperty("message").GetString());
        Assert.Equal("Success", steps["delete-deployment"].GetProperty("status").GetString());
        // The namespace is Terminating until the namespace controller has emptied it, then gone.
        var ns = steps["delete-namespace"];
        Assert.True(ns.TryGetProperty("phase", out var phase) ? phase.GetString() == "Terminating" : ns.GetProperty("code").GetInt32() == 404, ns.GetRawText());
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Runs a client program and returns its steps by name; fails with its output when it fails.</summary>
    private async Task<Dictionary<string, JsonElement>> RunClientAsync(string runtime, string program, string ns)
    {
        var (code, stdout, stderr) = await RunAsync(runtime, [program, _kubeconfig, ns], TimeSpan.FromMinutes(3));
        var steps = new Dictionary<string, JsonElement>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            steps[doc.RootElement.GetProperty("step").GetString()!] = doc.RootElement.Clone();
        }
        Assert.True(code == 0 && !steps.ContainsKey("error"), $"{Path.GetFileName(program)} exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return steps;
    }

    private static async Task<string> InstallAsync()
    {
        var (code, stdout, stderr) = await RunAsync("bash", [Path.Combine(s_clients, "install.sh")], TimeSpan.FromMinutes(10));
        Assert.True(code == 0, $"tests/clients/install.sh could not install the Python and Node clients (exit {code}):\n{stderr}\n{stdout}");
        return stdout.Trim();
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish in {timeout}:\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KubeCore.sln"))) return dir.FullName;
        throw new InvalidOperationException("KubeCore.sln not found above " + AppContext.BaseDirectory);
    }
}
