using System.Collections.Concurrent;
using KubeCore.Client;
using KubeCore.Events;

namespace KubeCore.Scheduling.Framework;

/// <summary>What every profile of one scheduler shares.</summary>
internal sealed class SchedulerServices(KubeClient client, TimeProvider time, IEventRecorder recorder)
{
    public KubeClient Client { get; } = client;
    public TimeProvider Time { get; } = time;
    public IEventRecorder Recorder { get; } = recorder;
    public volatile Snapshot CurrentSnapshot = new([]);
    public ConcurrentDictionary<string, WaitingPod> WaitingPods { get; } = new(StringComparer.Ordinal);
    public Nominator Nominator { get; } = new();
}
