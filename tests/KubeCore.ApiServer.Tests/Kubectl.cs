using System.Diagnostics;

namespace KubeCore.ApiServer.Tests;

/// <summary>Runs the real kubectl against a kubeconfig, with a fresh discovery cache per test.</summary>
public sealed partial class Kubectl(string kubeconfig) : IDisposable
{
    private readonly string _cacheDir = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string arguments, string? stdin = null, int timeoutSeconds = 60) =>
        RunAsync(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), stdin, timeoutSeconds);

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, string? stdin = null, int timeoutSeconds = 60)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--kubeconfig", kubeconfig, "--cache-dir", _cacheDir, .. arguments]) info.ArgumentList.Add(a);
        info.Environment["HOME"] = _cacheDir; // keep the user's ~/.kube out of it
        foreach (var (name, value) in Env) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start; it must be on PATH");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in {timeoutSeconds}s: {await stderr}");
        }
        if (Environment.GetEnvironmentVariable("KUBECTL_TRACE") is { } trace) File.AppendAllText(trace, $"{DateTime.UtcNow:HH:mm:ss.fff} {string.Join(' ', arguments)} -> {process.ExitCode}\n");
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test with its output unless it succeeds.</summary>
    public Task<string> OkAsync(string arguments, string? stdin = null) => OkAsync(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), stdin);

    public async Task<string> OkAsync(string[] arguments, string? stdin = null)
    {
        var (code, stdout, stderr) = await RunAsync(arguments, stdin);
        Assert.True(code == 0, $"kubectl {string.Join(' ', arguments)} exited {code}\nstdout: {stdout}\nstderr: {stderr}");
        return stdout;
    }

    public void Dispose()
    {
        try { Directory.Delete(_cacheDir, recursive: true); } catch (IOException) { }
    }
}
