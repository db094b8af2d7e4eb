using System.Text;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>A container's log: the last lines written, in a bounded ring buffer.</summary>
internal sealed class ContainerLog : TextWriter
{
    private readonly object _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly StringBuilder _partial = new();
    private readonly int _maxLines;

    public ContainerLog(int maxLines) => _maxLines = Math.Max(1, maxLines);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n') { Append(_partial.ToString()); _partial.Clear(); }
            else if (value != '\r') _partial.Append(value);
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
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
    public override Task WriteLineAsync(char value) { Write(value); Write('\n'); return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteLineAsync(string? value) { Write(value); Write('\n'); return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) { Write(buffer.Span); return Task.CompletedTask; }
    /// <inheritdoc/>
    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) { Write(buffer.Span); Write('\n'); return Task.CompletedTask; }

    private void Append(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > _maxLines) _lines.Dequeue();
    }

    /// <summary>The retained lines, each ending with a newline, plus any unterminated last line.</summary>
    public string Read()
    {
        lock (_gate)
        {
            var sb = new StringBuilder();
            foreach (var line in _lines) sb.Append(line).Append('\n');
            sb.Append(_partial);
            return sb.ToString();
        }
    }
}
