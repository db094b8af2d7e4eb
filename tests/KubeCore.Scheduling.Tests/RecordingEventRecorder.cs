using System.Collections.Concurrent;
using KubeCore.Events;
using KubeCore.Models;

namespace KubeCore.Scheduling.Tests;

/// <summary>A fake recorder that keeps every event in memory.</summary>
public sealed class RecordingEventRecorder : IEventRecorder
{
    private readonly ConcurrentQueue<RecordedEvent> _events = new();

    public event Action? Recorded;

    public IReadOnlyList<RecordedEvent> Events => [.. _events];

    public void Record(KubeObject involved, string type, string reason, string message)
    {
        _events.Enqueue(new RecordedEvent(involved.Metadata.Namespace, involved.Metadata.Name, type, reason, message));
        Recorded?.Invoke();
    }

    public IReadOnlyList<RecordedEvent> For(string name) => Events.Where(e => e.Name == name).ToList();
}

public sealed record RecordedEvent(string? Namespace, string? Name, string Type, string Reason, string Message);
