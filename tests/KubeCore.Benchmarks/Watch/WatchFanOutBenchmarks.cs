using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using KubeCore.Api;
using KubeCore.Benchmarks.Common;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Benchmarks.Watch;

/// <summary>
/// One writer, 1,000 watchers: 2,000 pod updates through the API layer, each watcher consuming its watch with
/// <c>await foreach</c> until it has seen all 2,000 MODIFIED events (it throws if one is missing or unexpected).
/// One operation = one delivery (event × watcher), so ops/s is deliveries/s. Watchers are registered in the
/// iteration set-up; the measured time runs from the first update until the last watcher has its last event.
/// Baseline: the same number of items written into 1,000 unbounded channels drained by 1,000 readers.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class WatchFanOutBenchmarks
{
    public const int Watchers = 1_000;
    public const int Events = 2_000;
    private const int Deliveries = Watchers * Events;

    private KubeCluster? _cluster;
    private Pod _pod = null!;
    private Task<int>[] _consumers = [];
    private CancellationTokenSource? _cts;

    private Channel<object>[] _channels = [];
    private static readonly object Item = new();

    [IterationSetup(Target = nameof(KubeWatch))]
    public void StartWatchers()
    {
        _cluster = Clusters.Start();
        var pods = _cluster.Client.Pods(PodFactory.Namespace);
        _pod = pods.CreateAsync(PodFactory.Small(0)).GetAwaiter().GetResult();
        var cache = Clusters.PodCache(_cluster);
        cache.WaitUntilFreshAsync(long.Parse(_pod.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture)).AsTask().GetAwaiter().GetResult();
        _cts = new CancellationTokenSource();
        var options = new ListOptions { ResourceVersion = _pod.Metadata.ResourceVersion };
        _consumers = new Task<int>[Watchers];
        for (var i = 0; i < Watchers; i++) _consumers[i] = Consume(pods.WatchAsync(options, _cts.Token));
        var spin = new SpinWait();
        while (cache.WatcherCount < Watchers) spin.SpinOnce();
        GC.Collect();
    }

    [IterationCleanup(Target = nameof(KubeWatch))]
    public void StopWatchers()
    {
        _cts?.Cancel();
        Clusters.Dispose(_cluster);
    }

    [IterationSetup(Target = nameof(Channels))]
    public void StartReaders()
    {
        _channels = new Channel<object>[Watchers];
        _consumers = new Task<int>[Watchers];
        for (var i = 0; i < Watchers; i++)
        {
            _channels[i] = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            _consumers[i] = Drain(_channels[i].Reader);
        }
        GC.Collect();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Deliveries)]
    public async Task<int> Channels()
    {
        for (var e = 0; e < Events; e++)
            foreach (var channel in _channels) channel.Writer.TryWrite(Item);
        return Verify(await Task.WhenAll(_consumers).ConfigureAwait(false));
    }

    [Benchmark(OperationsPerInvoke = Deliveries)]
    public async Task<int> KubeWatch()
    {
        var pods = _cluster!.Client.Pods(PodFactory.Namespace);
        var pod = _pod;
        for (var e = 0; e < Events; e++)
        {
            pod = await pods.UpdateAsync(pod with
            {
                Metadata = pod.Metadata with { Annotations = new Dictionary<string, string> { ["seq"] = e.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            }).ConfigureAwait(false);
        }
        return Verify(await Task.WhenAll(_consumers).ConfigureAwait(false));
    }

    private static async Task<int> Consume(IAsyncEnumerable<WatchEvent<Pod>> watch)
    {
        await Task.Yield();
        var count = 0;
        await foreach (var e in watch.ConfigureAwait(false))
        {
            if (e.Type != WatchEventType.Modified) throw new InvalidOperationException($"unexpected {e.Type} event after {count}: {e.Error?.Message}");
            if (++count == Events) break;
        }
        return count;
    }

    private static async Task<int> Drain(ChannelReader<object> reader)
    {
        await Task.Yield();
        var count = 0;
        await foreach (var _ in reader.ReadAllAsync().ConfigureAwait(false))
            if (++count == Events) break;
        return count;
    }

    private static int Verify(int[] counts)
    {
        foreach (var c in counts)
            if (c != Events) throw new InvalidOperationException($"a watcher received {c} of {Events} events");
        return counts.Length * Events;
    }
}
