using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A report of an event somewhere in the cluster (<c>v1 Event</c>).</summary>
public sealed record Event : KubeObject
{
    /// <summary>Creates an empty Event with apiVersion and kind set.</summary>
    public Event() { ApiVersion = "v1"; Kind = "Event"; }
    /// <summary>The object the event is about.</summary>
    public ObjectReference InvolvedObject { get; init; } = new();
    /// <summary>Machine-readable reason, e.g. <c>Scheduled</c>.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable description.</summary>
    public string? Message { get; init; }
    /// <summary>The component reporting the event.</summary>
    public EventSource? Source { get; init; }
    /// <summary>When the event was first recorded.</summary>
    public KubeTime? FirstTimestamp { get; init; }
    /// <summary>When the most recent occurrence was recorded.</summary>
    public KubeTime? LastTimestamp { get; init; }
    /// <summary>How many times the event occurred.</summary>
    public int? Count { get; init; }
    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public string? Type { get; init; }
    /// <summary>When the event was first observed.</summary>
    public MicroTime? EventTime { get; init; }
    /// <summary>Data about the series this event represents.</summary>
    public EventSeries? Series { get; init; }
    /// <summary>What action was taken or failed.</summary>
    public string? Action { get; init; }
    /// <summary>A secondary object involved.</summary>
    public ObjectReference? Related { get; init; }
    /// <summary>The controller that emitted the event.</summary>
    public string? ReportingComponent { get; init; }
    /// <summary>The controller instance that emitted the event.</summary>
    public string? ReportingInstance { get; init; }
}

/// <summary>The component reporting an event.</summary>
public sealed record EventSource
{
    /// <summary>Component name.</summary>
    public string? Component { get; init; }
    /// <summary>Node name.</summary>
    public string? Host { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A series of similar events.</summary>
public sealed record EventSeries
{
    /// <summary>Occurrences so far.</summary>
    public int? Count { get; init; }
    /// <summary>When the last occurrence was observed.</summary>
    public MicroTime? LastObservedTime { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
