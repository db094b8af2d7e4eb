using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Nodes;

namespace KubeCore.ApiServer.Streaming;

/// <summary>
/// The Kubernetes channel protocol over WebSocket (<c>v4.channel.k8s.io</c> and <c>v5.channel.k8s.io</c>) that
/// <c>kubectl exec/attach</c> and the clients speak: every binary message starts with its stream (0 stdin, 1 stdout, 2 stderr,
/// 3 status, 4 resize); v5 adds <c>[255, id]</c> for "the sender closed stream id". The session ends with the exit status on
/// channel 3, then a normal close.
/// </summary>
internal sealed class ChannelWebSocket
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>The protocols served: v5 and v4 report the exit status as JSON; the older ones (and none) as plain text on failure.</summary>
    public static readonly IReadOnlyList<string> Protocols = [V5, V4, "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

    private const byte StdinChannel = 0, StdoutChannel = 1, StderrChannel = 2, StatusChannel = 3, ResizeChannel = 4, CloseChannel = 255;

    private readonly WebSocket _socket;
    private readonly bool _v5;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Channel<byte[]> _stdin = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<TerminalSize> _resizes = Channel.CreateUnbounded<TerminalSize>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly bool _jsonStatus;

    /// <summary>How long after the upgrade the command starts, so the client has registered its streams.</summary>
    internal static readonly TimeSpan ClientSetupAllowance = TimeSpan.FromMilliseconds(50);

    public ChannelWebSocket(WebSocket socket, string protocol)
    {
        _socket = socket;
        _v5 = protocol == V5;
        _jsonStatus = protocol is V5 or V4;
    }

    /// <summary>
    /// The first of the client's protocols that is served; "" (the original <c>channel.k8s.io</c>) when it names none, as the
    /// kubelet does; null when it names only protocols not served.
    /// </summary>
    public static string? Negotiate(IEnumerable<string> requested)
    {
        var offered = requested.SelectMany(p => p.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return offered.Count == 0 ? "" : offered.FirstOrDefault(Protocols.Contains);
    }

    /// <summary>Runs <paramref name="handler"/> over the socket, then sends its exit status and closes.</summary>
    public async Task RunAsync(ContainerStreamHandler handler, bool stdin, bool stdout, bool stderr, bool tty, IReadOnlyList<string>? command, CancellationToken ct)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = ReadAsync(session);
        var streams = new ContainerStreams
        {
            Stdin = stdin ? new StdinStream(_stdin.Reader) : null,
            Stdout = stdout ? new OutputStream(this, StdoutChannel) : null,
            Stderr = stderr && !tty ? new OutputStream(this, StderrChannel) : null,
            Tty = tty,
            Resizes = tty ? _resizes.Reader.ReadAllAsync(session.Token) : null,
        };
        byte[] status;
        try
        {
            // client-go (kubectl) registers its channel streams on another goroutine after the upgrade and drops frames
            // for streams it has not registered yet ("Unknown stream id 1, discarding message"). Behind a real
            // kube-apiserver the kubelet and the runtime add milliseconds before the first byte; an in-process command
            // answers at once, so give the client that head start (network timing, so the real clock).
            await Task.Delay(ClientSetupAllowance, TimeProvider.System, session.Token).ConfigureAwait(false);
            var code = await handler(streams, session.Token).ConfigureAwait(false);
            status = code == 0 ? (_jsonStatus ? SuccessStatus() : []) : ExitCodeStatus(code, command);
        }
        catch (KubeApiException e) { status = _jsonStatus ? FailureStatus(e.Status) : System.Text.Encoding.UTF8.GetBytes(e.Status.Message ?? ""); }
        catch (OperationCanceledException) when (session.IsCancellationRequested) { status = []; }
        try
        {
            if (status.Length > 0 && _socket.State == WebSocketState.Open) await SendAsync(StatusChannel, status, ct).ConfigureAwait(false);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", ct).ConfigureAwait(false);
            // Wait (briefly: a network timeout, so on the real clock) for the client's close frame.
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System, ct)).ConfigureAwait(false);
        }
        catch (WebSocketException) { }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally { await session.CancelAsync().ConfigureAwait(false); }
        try { await reading.ConfigureAwait(false); } catch (OperationCanceledException) { }
    }

    /// <summary>Reads the client's messages: stdin data, resizes, stream closes. A close (or a lost connection) ends the session.</summary>
    private async Task ReadAsync(CancellationTokenSource session)
    {
        var buffer = new byte[32 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!session.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, session.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var data = message.ToArray();
                message.SetLength(0);
                if (data.Length == 0) continue;
                switch (data[0])
                {
                    case StdinChannel when data.Length > 1:
                        _stdin.Writer.TryWrite(data[1..]);
                        break;
                    case ResizeChannel when data.Length > 1:
                        if (ParseSize(data.AsSpan(1)) is { } size) _resizes.Writer.TryWrite(size);
                        break;
                    case CloseChannel when _v5 && data.Length > 1 && data[1] == StdinChannel:
                        _stdin.Writer.TryComplete();
                        break;
                }
            }
        }
        catch (WebSocketException) { }
        catch (OperationCanceledException) { }
        finally
        {
            _stdin.Writer.TryComplete();
            _resizes.Writer.TryComplete();
            // The client went away before the command finished: stop it, as the kubelet does.
            if (_socket.State != WebSocketState.Open && !session.IsCancellationRequested)
            {
                try { await session.CancelAsync().ConfigureAwait(false); } catch (ObjectDisposedException) { }
            }
        }
    }

    private static TerminalSize? ParseSize(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            return new TerminalSize(root.TryGetProperty("Width", out var w) ? w.GetInt32() : 0, root.TryGetProperty("Height", out var h) ? h.GetInt32() : 0);
        }
        catch (JsonException) { return null; }
        catch (InvalidOperationException) { return null; }
        catch (FormatException) { return null; }
    }

    private async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame.AsMemory(1));
        await _send.WaitAsync(ct).ConfigureAwait(false);
        try { await _socket.SendAsync(frame, WebSocketMessageType.Binary, true, ct).ConfigureAwait(false); }
        finally { _send.Release(); }
    }

    private static byte[] SuccessStatus() => """{"metadata":{},"status":"Success"}"""u8.ToArray();

    /// <summary>The kubelet's status for a command that exited with a non-zero code; clients read the code from the ExitCode cause.</summary>
    private byte[] ExitCodeStatus(int code, IReadOnlyList<string>? command) => !_jsonStatus
        ? System.Text.Encoding.UTF8.GetBytes($"command terminated with non-zero exit code: exit code {code}")
        : Json(w =>
    {
        w.WriteStartObject("metadata"); w.WriteEndObject();
        w.WriteString("status", Status.Failure);
        w.WriteString("message", command is null
            ? $"command terminated with non-zero exit code: exit code {code}"
            : $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {code}");
        w.WriteString("reason", "NonZeroExitCode");
        w.WriteStartObject("details");
        w.WriteStartArray("causes");
        w.WriteStartObject();
        w.WriteString("reason", "ExitCode");
        w.WriteString("message", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] FailureStatus(Status status) => Json(w =>
    {
        w.WriteStartObject("metadata"); w.WriteEndObject();
        w.WriteString("status", Status.Failure);
        if (status.Message is { } message) w.WriteString("message", message);
        if (status.Reason is { } reason) w.WriteString("reason", reason);
        if (status.Code is { } code) w.WriteNumber("code", code);
    });

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>A write-only stream whose writes become messages on one channel.</summary>
    private sealed class OutputStream(ChannelWebSocket socket, byte channel) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new System.NotSupportedException();
        public override long Position { get => throw new System.NotSupportedException(); set => throw new System.NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new System.NotSupportedException();
        public override void SetLength(long value) => throw new System.NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0) return;
            try { await socket.SendAsync(channel, buffer, cancellationToken).ConfigureAwait(false); }
            catch (WebSocketException e) { throw new IOException("the client closed the connection", e); }
        }
    }

    /// <summary>A read-only stream over the stdin messages; reads return 0 once the client closed stdin or the connection.</summary>
    private sealed class StdinStream(ChannelReader<byte[]> chunks) : Stream
    {
        private byte[] _current = [];
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new System.NotSupportedException();
        public override long Position { get => throw new System.NotSupportedException(); set => throw new System.NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new System.NotSupportedException();
        public override void SetLength(long value) => throw new System.NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_position >= _current.Length)
            {
                if (!await chunks.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return 0;
                if (chunks.TryRead(out var next)) { _current = next; _position = 0; }
            }
            var n = Math.Min(buffer.Length, _current.Length - _position);
            _current.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
    }
}
