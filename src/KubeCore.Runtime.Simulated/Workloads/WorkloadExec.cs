using System.Collections.Concurrent;
using KubeCore.Nodes;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>Runs one <c>kubectl exec</c> command: write to <see cref="ExecCall.Stdout"/>, read <see cref="ExecCall.Stdin"/>, return the exit code.</summary>
/// <param name="call">The command, its streams and the container it runs in.</param>
/// <param name="cancellationToken">Fires when the caller leaves or the container stops.</param>
public delegate Task<int> ExecHandler(ExecCall call, CancellationToken cancellationToken);

/// <summary>
/// The commands a container answers to <c>kubectl exec</c> (and <c>pods/exec</c>), by program name: <c>cat</c> also answers
/// <c>/bin/cat</c>. Commands without a handler fall back to <see cref="Fallback"/>, then to built-ins (<c>echo</c>, <c>env</c>,
/// <c>printenv</c>, <c>hostname</c>, <c>cat</c>, <c>true</c>, <c>false</c>, <c>sleep</c>, <c>sh -c</c>); anything else fails
/// like a missing executable (exit code 127).
/// </summary>
/// <example><code>
/// ctx.Exec.Handle("cat", async (call, ct) =>
/// {
///     await call.Stdout.WriteAsync(await call.Stdin.ReadToEndAsync(ct));
///     return 0;
/// });
/// ctx.Exec.Handle("redis-cli", async (call, ct) => { await call.Stdout.WriteLineAsync("PONG"); return 0; });
/// </code></example>
public sealed class WorkloadExec
{
    private readonly ConcurrentDictionary<string, ExecHandler> _handlers = new(StringComparer.Ordinal);
    private volatile ExecHandler? _fallback;

    /// <summary>Answers <paramref name="command"/> (a program name such as <c>cat</c>, or a full path) with <paramref name="handler"/>.</summary>
    public WorkloadExec Handle(string command, ExecHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[command] = handler;
        return this;
    }

    /// <summary>Answers <paramref name="command"/> synchronously: the handler returns the exit code.</summary>
    public WorkloadExec Handle(string command, Func<ExecCall, int> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Handle(command, (call, _) => Task.FromResult(handler(call)));
    }

    /// <summary>Answers every command without its own handler (before the built-ins).</summary>
    public WorkloadExec Fallback(ExecHandler handler)
    {
        _fallback = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>Whether built-in commands answer what no handler does. Default true.</summary>
    public bool BuiltIns { get; set; } = true;

    internal ExecHandler? Find(string program)
    {
        if (_handlers.TryGetValue(program, out var h)) return h;
        var slash = program.LastIndexOf('/');
        if (slash >= 0 && _handlers.TryGetValue(program[(slash + 1)..], out h)) return h;
        return _fallback;
    }
}

/// <summary>One command run by <c>kubectl exec</c>: its arguments, streams and terminal.</summary>
public sealed class ExecCall
{
    internal ExecCall(IReadOnlyList<string> command, TextReader stdin, TextWriter stdout, TextWriter stderr, bool tty,
        IReadOnlyDictionary<string, string> environment, string ns, string podName, string containerName, TimeProvider time, WorkloadContext? workload)
    {
        Command = command; Stdin = stdin; Stdout = stdout; Stderr = stderr; Tty = tty; Environment = environment;
        Namespace = ns; PodName = podName; ContainerName = containerName; TimeProvider = time; Workload = workload;
    }

    /// <summary>The whole command line (<c>argv</c>): the program, then its arguments.</summary>
    public IReadOnlyList<string> Command { get; }
    /// <summary>The program (<c>argv[0]</c>).</summary>
    public string Program => Command[0];
    /// <summary>The arguments after the program.</summary>
    public IReadOnlyList<string> Arguments => Command.Skip(1).ToArray();
    /// <summary>What the caller sends (<c>kubectl exec -i</c>); empty without stdin. Ends at the caller's end of input.</summary>
    public TextReader Stdin { get; }
    /// <summary>The command's stdout; every write reaches the caller at once.</summary>
    public TextWriter Stdout { get; }
    /// <summary>The command's stderr (the same as stdout with a TTY).</summary>
    public TextWriter Stderr { get; }
    /// <summary>Whether a terminal was allocated (<c>kubectl exec -t</c>).</summary>
    public bool Tty { get; }
    /// <summary>The terminal's latest size, if the caller sent one.</summary>
    public TerminalSize? TerminalSize { get; internal set; }
    /// <summary>Raised when the caller's terminal is resized.</summary>
    public event Action<TerminalSize>? Resized;
    /// <summary>The container's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }
    /// <summary>The pod's namespace.</summary>
    public string Namespace { get; }
    /// <summary>The pod's name (also the container's hostname).</summary>
    public string PodName { get; }
    /// <summary>The container's name.</summary>
    public string ContainerName { get; }
    /// <summary>The cluster's clock.</summary>
    public TimeProvider TimeProvider { get; }
    /// <summary>The running workload's context, if the container runs one.</summary>
    public WorkloadContext? Workload { get; }

    internal void OnResized(TerminalSize size)
    {
        TerminalSize = size;
        Resized?.Invoke(size);
    }
}
