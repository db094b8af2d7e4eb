using System.Collections.Concurrent;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>
/// How an in-process workload answers the kubelet's probes. A probe whose action has a handler here gets the handler's answer;
/// otherwise it gets the flag for its kind (<see cref="Live"/>, <see cref="Ready"/>, <see cref="Started"/>), all true by default.
/// </summary>
/// <example><code>
/// ctx.Probes.OnHttpGet("/healthz", () => healthy ? 200 : 500);
/// ctx.Probes.Ready = false;            // readiness probes fail until set back to true
/// </code></example>
/// <remarks>Handlers registered before the workload's first <c>await</c> are in place for the first probe.</remarks>
public sealed class WorkloadProbes
{
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<int>>> _http = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Func<CancellationToken, Task<bool>>> _tcp = new();
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<bool>>> _grpc = new(StringComparer.Ordinal);
    private volatile Func<IReadOnlyList<string>, CancellationToken, Task<ExecProbeResult>>? _exec;

    /// <summary>The answer to liveness probes without a handler. Default true.</summary>
    public bool Live { get; set; } = true;
    /// <summary>The answer to readiness probes without a handler. Default true.</summary>
    public bool Ready { get; set; } = true;
    /// <summary>The answer to startup probes without a handler. Default true.</summary>
    public bool Started { get; set; } = true;

    /// <summary>Answers <c>httpGet</c> probes on <paramref name="path"/> with an HTTP status code (2xx and 3xx succeed).</summary>
    public WorkloadProbes OnHttpGet(string path, Func<int> statusCode)
    {
        ArgumentNullException.ThrowIfNull(statusCode);
        return OnHttpGet(path, _ => Task.FromResult(statusCode()));
    }

    /// <summary>Answers <c>httpGet</c> probes on <paramref name="path"/> asynchronously; the token fires at the probe's <c>timeoutSeconds</c>.</summary>
    public WorkloadProbes OnHttpGet(string path, Func<CancellationToken, Task<int>> statusCode)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(statusCode);
        _http[NormalizePath(path)] = statusCode;
        return this;
    }

    /// <summary>Answers <c>tcpSocket</c> probes on <paramref name="port"/>: true accepts the connection, false refuses it.</summary>
    public WorkloadProbes OnTcpSocket(int port, Func<bool> accepting)
    {
        ArgumentNullException.ThrowIfNull(accepting);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _tcp[port] = _ => Task.FromResult(accepting());
        return this;
    }

    /// <summary>Answers <c>exec</c> probes: the command's exit code (0 succeeds) and output (shown in the <c>Unhealthy</c> event).</summary>
    public WorkloadProbes OnExec(Func<IReadOnlyList<string>, ExecProbeResult> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _exec = (command, _) => Task.FromResult(run(command));
        return this;
    }

    /// <summary>Answers <c>exec</c> probes asynchronously; the token fires at the probe's <c>timeoutSeconds</c>.</summary>
    public WorkloadProbes OnExec(Func<IReadOnlyList<string>, CancellationToken, Task<ExecProbeResult>> run)
    {
        _exec = run ?? throw new ArgumentNullException(nameof(run));
        return this;
    }

    /// <summary>Answers <c>grpc</c> health probes for <paramref name="service"/> (empty: the whole server): true is <c>SERVING</c>.</summary>
    public WorkloadProbes OnGrpc(string service, Func<bool> serving)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(serving);
        _grpc[service] = _ => Task.FromResult(serving());
        return this;
    }

    internal Func<CancellationToken, Task<int>>? FindHttp(string? path) => _http.TryGetValue(NormalizePath(path ?? "/"), out var h) ? h : null;
    internal Func<CancellationToken, Task<bool>>? FindTcp(int port) => _tcp.TryGetValue(port, out var h) ? h : null;
    internal Func<CancellationToken, Task<bool>>? FindGrpc(string? service) => _grpc.TryGetValue(service ?? "", out var h) ? h : null;
    internal Func<IReadOnlyList<string>, CancellationToken, Task<ExecProbeResult>>? Exec => _exec;

    private static string NormalizePath(string path) => path.StartsWith('/') ? path : "/" + path;
}

/// <summary>The outcome of an <c>exec</c> probe's command.</summary>
/// <param name="ExitCode">0 for success.</param>
/// <param name="Output">What the command printed; the kubelet puts it in the <c>Unhealthy</c> event.</param>
public readonly record struct ExecProbeResult(int ExitCode, string Output = "");
