namespace KubeCore.Nodes;

/// <summary>
/// The streaming part of a node agent's API (the kubelet's <c>/containerLogs</c>, <c>/exec</c> and <c>/attach</c>), which the
/// API server proxies <c>pods/log</c>, <c>pods/exec</c> and <c>pods/attach</c> to. Node agents register one per node in
/// <see cref="KubeCluster.Kubelets"/>.
/// </summary>
/// <remarks>
/// Each call validates first and fails with a <see cref="Api.KubeApiException"/> carrying the kubelet's message
/// (e.g. <c>container "web" in pod "web-1" is waiting to start: ContainerCreating</c>); what it returns then streams.
/// </remarks>
public interface IKubeletApi
{
    /// <summary>Opens a container's log: the text chunks to send (lines ending in <c>\n</c>, timestamped if asked), ending when the log ends.</summary>
    /// <exception cref="Api.KubeApiException">The container has no log to show yet (400 with the kubelet's message).</exception>
    ValueTask<IAsyncEnumerable<string>> GetContainerLogsAsync(ContainerLogRequest request, CancellationToken cancellationToken = default);

    /// <summary>Prepares a command in a running container; the returned handler runs it over the caller's streams and yields its exit code.</summary>
    /// <exception cref="Api.KubeApiException">The container is not running.</exception>
    ValueTask<ContainerStreamHandler> ExecAsync(ContainerExecRequest request, CancellationToken cancellationToken = default);

    /// <summary>Prepares an attach to a running container's main process; the returned handler runs until the container exits or the caller leaves.</summary>
    /// <exception cref="Api.KubeApiException">The container is not running.</exception>
    ValueTask<ContainerStreamHandler> AttachAsync(ContainerAttachRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Runs an exec or attach session over <paramref name="streams"/>; the result is the exit code (0 for success).</summary>
public delegate Task<int> ContainerStreamHandler(ContainerStreams streams, CancellationToken cancellationToken);

/// <summary>Which container's log to read, and how (the kubelet's part of <c>PodLogOptions</c>).</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Container">The container's name (already resolved by the API server).</param>
public sealed record ContainerLogRequest(string Namespace, string Pod, string Container)
{
    /// <summary>Keep streaming new lines until the container stops.</summary>
    public bool Follow { get; init; }
    /// <summary>The log of the previous, terminated instance of the container.</summary>
    public bool Previous { get; init; }
    /// <summary>Prefix each line with its RFC 3339 timestamp (nanosecond precision) and a space.</summary>
    public bool Timestamps { get; init; }
    /// <summary>Only lines written at or after this time.</summary>
    public DateTimeOffset? SinceTime { get; init; }
    /// <summary>Only the last N lines (applied before <see cref="SinceTime"/>, as the kubelet does).</summary>
    public long? TailLines { get; init; }
}

/// <summary>A command to run in a container.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Container">The container's name.</param>
/// <param name="Command">The command and its arguments.</param>
public sealed record ContainerExecRequest(string Namespace, string Pod, string Container, IReadOnlyList<string> Command)
{
    /// <summary>Whether the caller sends stdin.</summary>
    public bool Stdin { get; init; }
    /// <summary>Whether a terminal is allocated (stderr is then merged into stdout).</summary>
    public bool Tty { get; init; }
}

/// <summary>A container to attach to.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Container">The container's name.</param>
public sealed record ContainerAttachRequest(string Namespace, string Pod, string Container)
{
    /// <summary>Whether the caller sends stdin.</summary>
    public bool Stdin { get; init; }
    /// <summary>Whether a terminal is allocated.</summary>
    public bool Tty { get; init; }
}

/// <summary>The caller's ends of an exec or attach session: null streams were not requested.</summary>
public sealed class ContainerStreams
{
    /// <summary>What the caller types; reads return 0 at the caller's end of input.</summary>
    public Stream? Stdin { get; init; }
    /// <summary>Where the process's stdout goes.</summary>
    public Stream? Stdout { get; init; }
    /// <summary>Where the process's stderr goes (null with a TTY).</summary>
    public Stream? Stderr { get; init; }
    /// <summary>Whether a terminal is allocated.</summary>
    public bool Tty { get; init; }
    /// <summary>Terminal size changes from the caller (with a TTY), or null.</summary>
    public IAsyncEnumerable<TerminalSize>? Resizes { get; init; }
}

/// <summary>A terminal's size in character cells.</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct TerminalSize(int Width, int Height);
