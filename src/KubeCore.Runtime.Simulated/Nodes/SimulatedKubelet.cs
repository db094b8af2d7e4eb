using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Nodes;
using KubeCore.Runtime.Simulated.Pods;
using KubeCore.Runtime.Simulated.Workloads;

namespace KubeCore.Runtime.Simulated.Nodes;

/// <summary>
/// A simulated node's kubelet API: container logs (per run, with timestamps, <c>previous</c> and follow), exec against the
/// workload's commands and the built-ins, and attach to the main process's stdio. Registered in <see cref="KubeCluster.Kubelets"/>.
/// </summary>
internal sealed class SimulatedKubelet(PodManager pods, SimulatedRuntime runtime) : IKubeletApi
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public ValueTask<IAsyncEnumerable<string>> GetContainerLogsAsync(ContainerLogRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (worker, c) = Find(request.Namespace, request.Pod, request.Container, logs: true);
        string? containerId;
        lock (worker.Gate) containerId = LogContainerId(request.Pod, c, request.Previous);
        var log = runtime.LogsOf(request.Namespace, request.Pod, request.Container)?.Find(containerId);
        return ValueTask.FromResult(log is null ? Empty() : Stream(log, request, pods.Time, cancellationToken));
    }

    public ValueTask<ContainerStreamHandler> ExecAsync(ContainerExecRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (worker, c) = Find(request.Namespace, request.Pod, request.Container, logs: false);
        WorkloadContext? workload;
        CancellationToken running;
        lock (worker.Gate)
        {
            if (c.State.Running is null || c.CurrentRun is not { } run) throw ContainerNotFound(request.Container);
            workload = c.Workload;
            running = run.Token;
        }
        if (request.Command.Count == 0) throw ApiErrors.BadRequest("you must specify at least one command for the container");
        ContainerStreamHandler handler = async (streams, ct) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, running);
            var stdin = streams.Stdin is null ? TextReader.Null : new StreamReader(streams.Stdin, Utf8, false, 4096, leaveOpen: true);
            var stdout = Writer(streams.Stdout);
            var stderr = streams.Tty ? stdout : Writer(streams.Stderr);
            var call = new ExecCall(request.Command, stdin, stdout, stderr, streams.Tty, c.Environment, request.Namespace, request.Pod,
                request.Container, pods.Time, workload);
            var resizes = streams.Resizes is { } sizes ? PumpResizesAsync(sizes, call, linked.Token) : Task.CompletedTask;
            ExecHandler? Lookup(string program) => workload?.Exec.Find(program) ?? runtime.Options.Exec.Find(program);
            var builtIns = (workload?.Exec.BuiltIns ?? true) && runtime.Options.Exec.BuiltIns;
            int code;
            try { code = await BuiltInCommands.RunAsync(call, Lookup, builtIns, linked.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (running.IsCancellationRequested && !ct.IsCancellationRequested) { code = 137; }
            catch (Exception e) when (e is not KubeApiException && e is not OperationCanceledException)
            {
                throw ApiErrors.Internal($"error executing command in container: {e.Message}", e);
            }
            finally
            {
                await linked.CancelAsync().ConfigureAwait(false);
                try { await resizes.ConfigureAwait(false); } catch (OperationCanceledException) { }
            }
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return code;
        };
        return ValueTask.FromResult(handler);
    }

    public ValueTask<ContainerStreamHandler> AttachAsync(ContainerAttachRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (worker, c) = Find(request.Namespace, request.Pod, request.Container, logs: false);
        ContainerLog log;
        WorkloadStdin? stdinPipe;
        lock (worker.Gate)
        {
            if (c.State.Running is null || c.CurrentRun is null || c.Log is not { } current) throw ContainerNotFound(request.Container);
            log = current;
            stdinPipe = c.Workload?.StdinPipe;
        }
        ContainerStreamHandler handler = async (streams, ct) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // The attached caller sees what the process prints from now on (stdout and stderr are one log here). "Now" is
            // taken before stdin flows: a process answering the caller's first line at once must not answer into the past.
            var from = log.NextSequence;
            var input = streams.Stdin is { } stdin && stdinPipe is not null ? PumpStdinAsync(stdin, stdinPipe, linked.Token) : Task.CompletedTask;
            try
            {
                while (true)
                {
                    var (lines, changed, completed, next) = log.Snapshot(from, includePartial: false);
                    foreach (var line in lines)
                        if (streams.Stdout is { } stdout)
                        {
                            await stdout.WriteAsync(Utf8.GetBytes(line.Text + (line.Terminated ? "\n" : "")), ct).ConfigureAwait(false);
                            await stdout.FlushAsync(ct).ConfigureAwait(false);
                        }
                    from = next;
                    if (completed) return 0;
                    await changed.WaitAsync(ct).ConfigureAwait(false);
                }
            }
            finally
            {
                await linked.CancelAsync().ConfigureAwait(false);
                try { await input.ConfigureAwait(false); } catch (OperationCanceledException) { }
            }
        };
        return ValueTask.FromResult(handler);
    }

    private static async Task PumpStdinAsync(Stream stdin, WorkloadStdin pipe, CancellationToken ct)
    {
        var decoder = Utf8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[Utf8.GetMaxCharCount(bytes.Length)];
        int n;
        while ((n = await stdin.ReadAsync(bytes, ct).ConfigureAwait(false)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, n, chars, 0);
            pipe.Feed(new string(chars, 0, count));
        }
    }

    private static async Task PumpResizesAsync(IAsyncEnumerable<TerminalSize> sizes, ExecCall call, CancellationToken ct)
    {
        await foreach (var size in sizes.WithCancellation(ct).ConfigureAwait(false)) call.OnResized(size);
    }

    private static TextWriter Writer(Stream? stream) =>
        stream is null ? TextWriter.Null : new StreamWriter(stream, Utf8, 4096, leaveOpen: true) { AutoFlush = true };

    private (PodWorker Worker, ContainerRun Container) Find(string ns, string pod, string container, bool logs)
    {
        // A pod bound to this node that the agent has not picked up yet is still being created.
        var worker = pods.FindWorker(ns, pod)
            ?? throw (logs ? ApiErrors.BadRequest($"container \"{container}\" in pod \"{pod}\" is waiting to start: ContainerCreating") : ContainerNotFound(container));
        var c = worker.FindContainer(container)
            ?? throw (logs ? ApiErrors.BadRequest($"container \"{container}\" in pod \"{pod}\" is not available") : ContainerNotFound(container));
        return (worker, c);
    }

    /// <summary>The kubelet's answer when exec or attach names a container that is not running.</summary>
    private static KubeApiException ContainerNotFound(string container) => new(new Status
    {
        StatusValue = Status.Failure,
        Code = 500,
        Reason = StatusReasons.InternalError,
        Message = $"container not found (\"{container}\")",
    });

    /// <summary>Which run's log to show, as the kubelet's <c>validateContainerLogStatus</c> decides (and words its refusals).</summary>
    private static string? LogContainerId(string pod, ContainerRun c, bool previous)
    {
        var last = c.LastState?.Terminated;
        var state = c.State;
        string Quote(string s) => "\"" + s + "\"";
        if (previous)
        {
            if (last is null || string.IsNullOrEmpty(last.ContainerID))
                throw ApiErrors.BadRequest($"previous terminated container {Quote(c.Name)} in pod {Quote(pod)} not found");
            return last.ContainerID;
        }
        if (state.Running is not null) return c.ContainerId;
        if (state.Terminated is { } terminated)
        {
            if (!string.IsNullOrEmpty(terminated.ContainerID)) return terminated.ContainerID;
            if (!string.IsNullOrEmpty(last?.ContainerID)) return last!.ContainerID;
            throw ApiErrors.BadRequest($"container {Quote(c.Name)} in pod {Quote(pod)} is terminated");
        }
        if (last is not null)
        {
            if (string.IsNullOrEmpty(last.ContainerID)) throw ApiErrors.BadRequest($"container {Quote(c.Name)} in pod {Quote(pod)} is terminated");
            return last.ContainerID;
        }
        var reason = state.Waiting?.Reason;
        throw ApiErrors.BadRequest(reason switch
        {
            "ErrImagePull" => $"container {Quote(c.Name)} in pod {Quote(pod)} is waiting to start: image can't be pulled",
            "ImagePullBackOff" => $"container {Quote(c.Name)} in pod {Quote(pod)} is waiting to start: trying and failing to pull image",
            not null => $"container {Quote(c.Name)} in pod {Quote(pod)} is waiting to start: {reason}",
            null => $"container {Quote(c.Name)} in pod {Quote(pod)} is waiting to start - no logs yet",
        });
    }

    private static async IAsyncEnumerable<string> Empty()
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    /// <summary>The lines of one run: tail first, then since, then (when following) new lines until the run ends.</summary>
    private static async IAsyncEnumerable<string> Stream(ContainerLog log, ContainerLogRequest request, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var (lines, changed, completed, next) = log.Snapshot(0, includePartial: !request.Follow);
        IEnumerable<LogLine> first = lines;
        if (request.TailLines is { } tail) first = lines.Skip(Math.Max(0, lines.Count - (int)Math.Min(tail, int.MaxValue)));
        foreach (var line in first)
            if (Keep(line)) yield return Format(line);
        if (!request.Follow) yield break;
        while (!completed)
        {
            await changed.WaitAsync(ct).ConfigureAwait(false);
            (lines, changed, completed, next) = log.Snapshot(next, includePartial: false);
            foreach (var line in lines)
                if (Keep(line)) yield return Format(line);
        }

        bool Keep(LogLine line) => request.SinceTime is not { } since || line.Time >= since;
        string Format(LogLine line) => (request.Timestamps ? Timestamp(line.Time) + " " : "") + line.Text + (line.Terminated ? "\n" : "");
    }

    /// <summary>The kubelet's timestamp: RFC 3339 with nanoseconds, in UTC.</summary>
    internal static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
}
