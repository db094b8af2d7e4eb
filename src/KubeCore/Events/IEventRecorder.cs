using KubeCore.Models;

namespace KubeCore.Events;

/// <summary>
/// Records core/v1 Events about objects — what users read in <c>kubectl describe</c> (Scheduled, FailedScheduling,
/// Pulling, Started, ScalingReplicaSet, …). Implementations aggregate repeats of the same event into one Event with a
/// growing <c>count</c>, as client-go's recorder does, and never throw into the caller.
/// </summary>
public interface IEventRecorder
{
    /// <summary>Records an event about <paramref name="involved"/>.</summary>
    /// <param name="involved">The object the event is about.</param>
    /// <param name="type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>.</param>
    /// <param name="reason">A short CamelCase reason, e.g. <c>Scheduled</c>.</param>
    /// <param name="message">A human-readable message.</param>
    void Record(KubeObject involved, string type, string reason, string message);
}

/// <summary>The two event types Kubernetes uses.</summary>
public static class EventTypes
{
    /// <summary>Something expected happened.</summary>
    public const string Normal = "Normal";
    /// <summary>Something may need attention.</summary>
    public const string Warning = "Warning";
}
