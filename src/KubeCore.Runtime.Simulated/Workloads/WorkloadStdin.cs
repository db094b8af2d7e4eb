using System.Threading.Channels;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>A container's stdin: text written by attached callers (<c>kubectl attach -i</c>), read by the workload.</summary>
internal sealed class WorkloadStdin : TextReader
{
    private readonly Channel<string> _chunks = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private string _current = "";
    private int _position;
    private readonly SemaphoreSlim _read = new(1, 1);

    /// <summary>Feeds text to the reader.</summary>
    public void Feed(string text)
    {
        if (text.Length > 0) _chunks.Writer.TryWrite(text);
    }

    /// <summary>Ends the input: reads return what is left, then end of input.</summary>
    public void Close(bool _ = true) => _chunks.Writer.TryComplete();

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        while (_position >= _current.Length)
        {
            if (!await _chunks.Reader.WaitToReadAsync(ct).ConfigureAwait(false)) return false;
            if (_chunks.Reader.TryRead(out var next)) { _current = next; _position = 0; }
        }
        return true;
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        await _read.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (buffer.Length == 0 || !await FillAsync(cancellationToken).ConfigureAwait(false)) return 0;
            var n = Math.Min(buffer.Length, _current.Length - _position);
            _current.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return n;
        }
        finally { _read.Release(); }
    }

    /// <inheritdoc/>
    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        await _read.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var line = new System.Text.StringBuilder();
            while (await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                var c = _current[_position++];
                if (c == '\n') return line.ToString();
                if (c != '\r') line.Append(c);
            }
            return line.Length > 0 ? line.ToString() : null;
        }
        finally { _read.Release(); }
    }

    /// <inheritdoc/>
    public override Task<string?> ReadLineAsync() => ReadLineAsync(CancellationToken.None).AsTask();

    /// <inheritdoc/>
    public override async Task<string> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var sb = new System.Text.StringBuilder();
        var buffer = new char[1024];
        int n;
        while ((n = await ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0) sb.Append(buffer, 0, n);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override int Read() => ReadAsync(new char[1]).AsTask().GetAwaiter().GetResult() is 1 ? _current[_position - 1] : -1;

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask().GetAwaiter().GetResult();
}
