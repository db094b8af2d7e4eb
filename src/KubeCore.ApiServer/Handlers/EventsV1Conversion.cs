using System.Text.Json.Nodes;
using KubeCore.Models;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// Converts Events between <c>events.k8s.io/v1</c> and the stored core <c>v1</c> form, as kube-apiserver does (both
/// versions are views of one storage): <c>regarding</c> is <c>involvedObject</c>, <c>note</c> is <c>message</c>,
/// <c>reportingController</c> is <c>reportingComponent</c>, and the <c>deprecated*</c> fields are the core
/// <c>source</c>, <c>firstTimestamp</c>, <c>lastTimestamp</c> and <c>count</c>.
/// </summary>
internal static class EventsV1Conversion
{
    /// <summary>The events.k8s.io apiVersion.</summary>
    public const string V1 = "events.k8s.io/v1";

    private static readonly (string V1, string Core)[] s_renames =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    /// <summary>The top-level fields of an events.k8s.io/v1 Event.</summary>
    public static readonly string[] Fields =
    [
        "apiVersion", "kind", "metadata", "eventTime", "series", "reportingController", "reportingInstance", "action", "reason",
        "regarding", "related", "note", "type", "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount",
    ];

    /// <summary>Turns a stored core Event (as JSON) into its events.k8s.io/v1 form, in place.</summary>
    public static JsonObject ToV1(JsonObject core)
    {
        core["apiVersion"] = V1;
        foreach (var (v1, coreName) in s_renames) Rename(core, coreName, v1);
        // The core form always has an involvedObject; an empty one is no "regarding".
        if (core["regarding"] is JsonObject { Count: 0 }) core.Remove("regarding");
        return core;
    }

    /// <summary>Turns an events.k8s.io/v1 Event into the core form, in place. Fields unknown to v1 must be removed first.</summary>
    public static JsonObject ToCore(JsonObject v1)
    {
        v1["apiVersion"] = "v1";
        foreach (var (v1Name, coreName) in s_renames) Rename(v1, v1Name, coreName);
        return v1;
    }

    private static void Rename(JsonObject obj, string from, string to)
    {
        if (!obj.TryGetPropertyValue(from, out var value)) return;
        obj.Remove(from);
        obj[to] = value;
    }

    /// <summary>
    /// The checks kube-apiserver adds for events created through events.k8s.io/v1 (<c>ValidateEventCreate</c> for
    /// that version), on top of the legacy checks every Event gets. Field names are those of the internal type.
    /// </summary>
    public static List<StatusCause> ValidateCreate(Event e)
    {
        var causes = new List<StatusCause>();
        if (e.Series is { } series)
        {
            if (series.Count is null or < 2) causes.Add(Invalid("series.count", "should be at least 2"));
            if (series.LastObservedTime is null) causes.Add(Required("series.lastObservedTime"));
        }
        if (e.EventTime is null) causes.Add(Required("eventTime"));
        if (e.Type is not ("Normal" or "Warning")) causes.Add(Invalid("type", $"has invalid value: {e.Type}"));
        if (e.FirstTimestamp is not null) causes.Add(Invalid("firstTimestamp", "needs to be unset"));
        if (e.LastTimestamp is not null) causes.Add(Invalid("lastTimestamp", "needs to be unset"));
        if (e.Count is not (null or 0)) causes.Add(Invalid("count", "needs to be unset"));
        if (!string.IsNullOrEmpty(e.Source?.Component) || !string.IsNullOrEmpty(e.Source?.Host)) causes.Add(Invalid("source", "needs to be unset"));
        return causes;
    }

    private static StatusCause Required(string field) => new() { Reason = "FieldValueRequired", Message = "Required value", Field = field };

    private static StatusCause Invalid(string field, string detail) =>
        new() { Reason = "FieldValueInvalid", Message = $"Invalid value: \"\": {detail}", Field = field };
}
