using System.Text;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>
/// The log of one container instance (one run): the last lines written, each stamped with the cluster clock, in a bounded ring
/// buffer. Followers wait for new lines until the instance completes (the container exited).
/// </summary>
internal sealed class ContainerLog : TextWriter
{
    private readonly object _gate = new();
    private readonly Queue<LogLine> _lines = new();
    private readonly StringBuilder _partial = new();
    private readonly int _maxLines;
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next; // the sequence number of the next line
    private DateTimeOffset _partialStarted;

    public ContainerLog(int maxLines, TimeProvider time, string containerId = "")
    {
        _maxLines = Math.Max(1, maxLines);
        _time = time;
        ContainerId = containerId;
    }

    /// <summary>The container ID of the instance this log belongs to.</summary>
    public string ContainerId { get; }

    /// <summary>Whether the instance ended: no more lines will come.</summary>
    public bool Completed { get; private set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (Completed) return;
            if (value == '\n') { Append(_partial.ToString(), true); _partial.Clear(); }
            else if (value != '\r')
            {
                if (_partial.Length == 0) _partialStarted = _time.GetUtcNow();
                _partial.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate) foreach (var c in value) Write(c);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate) foreach (var c in buffer) Write(c);
    }

    // In-memory writes finish at once; TextWriter's default async methods would hop to the thread pool, so a workload's
    // "log, then start a timer" would race with a test advancing the clock.

    /// <inheritdoc/>
    public override Task WriteAsync(char value) { Write(value); return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteAsync(string? value) { Write(value); return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteLineAsync() { Write('\n'); return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteLineAsync(char value) { lock (_gate) { Write(value); Write('\n'); } return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteLineAsync(string? value) { lock (_gate) { Write(value); Write('\n'); } return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) { Write(buffer.Span); return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) { lock (_gate) { Write(buffer.Span); Write('\n'); } return Task.CompletedTask; }

    private void Append(string text, bool terminated)
    {
        var time = _partial.Length > 0 ? _partialStarted : _time.GetUtcNow();
        _lines.Enqueue(new LogLine(_next++, time, text, terminated));
        while (_lines.Count > _maxLines) _lines.Dequeue();
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>Ends the instance: an unterminated last line is kept as is, and followers finish.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (Completed) return;
            if (_partial.Length > 0) { Append(_partial.ToString(), false); _partial.Clear(); }
            Completed = true;
            _changed.TrySetResult();
        }
    }

    /// <summary>The retained lines, each ending with a newline, plus any unterminated last line.</summary>
    public string Read()
    {
        lock (_gate)
        {
            var sb = new StringBuilder();
            foreach (var line in _lines) sb.Append(line.Text).Append(line.Terminated ? "\n" : "");
            sb.Append(_partial);
            return sb.ToString();
        }
    }

    /// <summary>
    /// The retained lines from sequence number <paramref name="from"/> on; with <paramref name="includePartial"/>, an unterminated
    /// last line too. Also a task that completes at the next change, whether the log is complete, and the next line's sequence number.
    /// </summary>
    public (IReadOnlyList<LogLine> Lines, Task Changed, bool Completed, long Next) Snapshot(long from, bool includePartial)
    {
        lock (_gate)
        {
            var lines = _lines.Where(l => l.Sequence >= from).ToList();
            if (includePartial && _partial.Length > 0) lines.Add(new LogLine(_next, _partialStarted, _partial.ToString(), false));
            return (lines, _changed.Task, Completed, _next);
        }
    }

    /// <summary>The sequence number the next line will get.</summary>
    public long NextSequence { get { lock (_gate) return _next; } }
}

/// <summary>One line of a container log.</summary>
/// <param name="Sequence">Its position in the instance's log (0 for the first line ever written).</param>
/// <param name="Time">When it was written (its first character), on the cluster clock.</param>
/// <param name="Text">The text without the newline.</param>
/// <param name="Terminated">Whether it ended with a newline.</param>
internal readonly record struct LogLine(long Sequence, DateTimeOffset Time, string Text, bool Terminated);

/// <summary>The log instances of one container: the current run and the one before it (for <c>previous=true</c>).</summary>
internal sealed class ContainerLogs(int maxLines, TimeProvider time)
{
    private readonly object _gate = new();
    private ContainerLog? _current;
    private ContainerLog? _previous;

    public ContainerLog? Current { get { lock (_gate) return _current; } }
    public ContainerLog? Previous { get { lock (_gate) return _previous; } }

    /// <summary>Starts the log of a new run; the last one becomes the previous instance.</summary>
    public ContainerLog Start(string containerId)
    {
        lock (_gate)
        {
            _current?.Complete();
            _previous = _current;
            _current = new ContainerLog(maxLines, time, containerId);
            return _current;
        }
    }

    /// <summary>The instance with that container ID, if it is one of the last two.</summary>
    public ContainerLog? Find(string? containerId)
    {
        lock (_gate)
        {
            if (_current?.ContainerId == containerId) return _current;
            if (_previous?.ContainerId == containerId) return _previous;
            return null;
        }
    }

    /// <summary>Ends every instance (the pod is gone).</summary>
    public void CompleteAll()
    {
        lock (_gate) { _current?.Complete(); _previous?.Complete(); }
    }
}
