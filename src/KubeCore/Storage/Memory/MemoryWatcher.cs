using System.Threading.Channels;

namespace KubeCore.Storage.Memory;

/// <summary>One live watch: its prefix and its bounded buffer of events not yet consumed.</summary>
internal sealed class MemoryWatcher
{
    private readonly Channel<StorageEvent> _buffer;

    /// <summary>Creates a watcher of keys under <paramref name="prefix"/> holding at most <paramref name="capacity"/> events.</summary>
    public MemoryWatcher(string prefix, int capacity)
    {
        Prefix = prefix;
        _buffer = Channel.CreateBounded<StorageEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The key prefix watched.</summary>
    public string Prefix { get; }

    /// <summary>The buffered events, read by the watch enumeration.</summary>
    public ChannelReader<StorageEvent> Reader => _buffer.Reader;

    /// <summary>Why the watch ended abnormally, thrown once the buffered events are consumed.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Buffers <paramref name="change"/>; false when the buffer is full (the caller then ends the watcher).</summary>
    public bool TryPublish(StorageEvent change) => _buffer.Writer.TryWrite(change);

    /// <summary>Ends the watch after the buffered events, failing it with <paramref name="failure"/> when given.</summary>
    public void End(Exception? failure)
    {
        Failure ??= failure;
        _buffer.Writer.TryComplete();
    }
}
