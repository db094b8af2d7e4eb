using System.Diagnostics;
using System.Threading.Channels;

namespace KubeCore.ApiServer.Tests;

public sealed partial class Kubectl
{
    /// <summary>Extra environment for every kubectl this helper runs (EDITOR, KUBECTL_EXTERNAL_DIFF, …).</summary>
    public Dictionary<string, string> Env { get; } = [];

    /// <summary>
    /// Starts a kubectl that runs until killed (<c>get -w</c>, <c>logs -f</c>): read its lines with
    /// <see cref="KubectlStream.WaitForLineAsync"/>; disposing it kills the process.
    /// </summary>
    public KubectlStream Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--kubeconfig", kubeconfig, "--cache-dir", _cacheDir, .. arguments]) info.ArgumentList.Add(a);
        info.Environment["HOME"] = _cacheDir;
        foreach (var (name, value) in Env) info.Environment[name] = value;
        return new KubectlStream(Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start; it must be on PATH"), string.Join(' ', arguments));
    }
}

/// <summary>A running kubectl whose stdout is read line by line.</summary>
public sealed class KubectlStream : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _command;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task<string> _stderr;
    private readonly Task _pump;

    internal KubectlStream(Process process, string command)
    {
        _process = process;
        _command = command;
        _stderr = process.StandardError.ReadToEndAsync();
        _pump = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) await _lines.Writer.WriteAsync(line);
            _lines.Writer.Complete();
        });
    }

    /// <summary>Every line read so far, in order.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>
    /// Reads lines until one matches (returning it), failing the test if the process ends first or none matches
    /// within <paramref name="timeoutSeconds"/>.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, int timeoutSeconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
                while (_lines.Reader.TryRead(out var line))
                {
                    Lines.Add(line);
                    if (match(line)) return line;
                }
        }
        catch (OperationCanceledException) { }
        var ended = _process.HasExited ? $"exited {_process.ExitCode}, stderr: {(_stderr.IsCompleted ? await _stderr : "")}" : "still running";
        Assert.Fail($"kubectl {_command}: no line with {what} ({ended}); lines so far:\n{string.Join('\n', Lines)}");
        return "";
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(int timeoutSeconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        await _process.WaitForExitAsync(cts.Token);
        await _pump;
        while (_lines.Reader.TryRead(out var line)) Lines.Add(line);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        try { await _pump; } catch (IOException) { }
        _process.Dispose();
    }
}
