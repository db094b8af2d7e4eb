using KubeCore.Models;

namespace KubeCore.Api.Strategies;

/// <summary>Events: selectable by the involved object, reason, source and type (what <c>kubectl describe</c> queries).</summary>
public class EventResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static EventResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SelectableFields { get; } =
    [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    ];

    /// <inheritdoc />
    public override string? GetSelectableField(KubeObject obj, string field)
    {
        var e = (Event)obj;
        var o = e.InvolvedObject;
        return field switch
        {
            "involvedObject.kind" => o.Kind ?? "",
            "involvedObject.namespace" => o.Namespace ?? "",
            "involvedObject.name" => o.Name ?? "",
            "involvedObject.uid" => o.Uid ?? "",
            "involvedObject.apiVersion" => o.ApiVersion ?? "",
            "involvedObject.resourceVersion" => o.ResourceVersion ?? "",
            "involvedObject.fieldPath" => o.FieldPath ?? "",
            "reason" => e.Reason ?? "",
            "reportingComponent" => e.ReportingComponent ?? "",
            "source" => e.Source?.Component ?? "",
            "type" => e.Type ?? "",
            _ => base.GetSelectableField(obj, field),
        };
    }
}
