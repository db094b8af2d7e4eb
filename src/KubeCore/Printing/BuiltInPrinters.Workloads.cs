using System.Globalization;
using System.Text.Json;
using KubeCore.Models;
using KubeCore.Selectors;

namespace KubeCore.Printing;

/// <summary>The column printers of kube-apiserver 1.32 for the built-in kinds.</summary>
internal static partial class BuiltInPrinters
{
    public static IColumnPrinter Deployment { get; } = new ColumnPrinter<Deployment>(
    [
        TableColumns.Name,
        TableColumns.Text("Ready", "Number of the pod with ready state"),
        TableColumns.Text("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        TableColumns.Text("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Selector("Label selector for pods."),
    ], (d, now) =>
    {
        var (names, images) = PrintFormat.Containers(d.Spec?.Template?.Spec?.Containers);
        string selector;
        try { selector = d.Spec?.Selector.ToSelectorString() ?? ""; }
        catch (SelectorParseException) { selector = "<invalid>"; }
        return
        [
            d.Metadata.Name ?? "",
            Invariant($"{d.Status?.ReadyReplicas ?? 0}/{d.Spec?.Replicas ?? 1}"),
            (long)(d.Status?.UpdatedReplicas ?? 0),
            (long)(d.Status?.AvailableReplicas ?? 0),
            HumanDuration.Since(d.Metadata.CreationTimestamp, now),
            names, images, selector,
        ];
    });

    public static IColumnPrinter ReplicaSet { get; } = new ColumnPrinter<ReplicaSet>(
    [
        TableColumns.Name,
        TableColumns.Integer("Desired", "Replicas is the number of desired pods."),
        TableColumns.Integer("Current", "Replicas is the most recently observed number of replicas."),
        TableColumns.Integer("Ready", "The number of ready replicas for this replica set."),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Selector("Selector is a label query over pods that should match the replica count."),
    ], (rs, now) =>
    {
        var (names, images) = PrintFormat.Containers(rs.Spec?.Template?.Spec?.Containers);
        return
        [
            rs.Metadata.Name ?? "",
            (long)(rs.Spec?.Replicas ?? 1),
            (long)(rs.Status?.Replicas ?? 0),
            (long)(rs.Status?.ReadyReplicas ?? 0),
            HumanDuration.Since(rs.Metadata.CreationTimestamp, now),
            names, images, PrintFormat.LabelSelector(rs.Spec?.Selector),
        ];
    });

    public static IColumnPrinter Job { get; } = new ColumnPrinter<Job>(
    [
        TableColumns.Name,
        TableColumns.Text("Status", "Status of the job."),
        TableColumns.Text("Completions", "The number of pods which reached phase Succeeded."),
        TableColumns.Text("Duration", "Time required to complete the job."),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Selector("A label query over pods that should match the pod count."),
    ], (job, now) =>
    {
        var spec = job.Spec ?? new JobSpec();
        var status = job.Status ?? new JobStatus();
        var succeeded = status.Succeeded ?? 0;
        string completions;
        if (spec.Completions is { } c) completions = Invariant($"{succeeded}/{c}");
        else if ((spec.Parallelism ?? 0) > 1) completions = Invariant($"{succeeded}/1 of {spec.Parallelism}");
        else completions = Invariant($"{succeeded}/1");

        var duration = status.StartTime switch
        {
            null => "",
            { } start when status.CompletionTime is { } end => HumanDuration.Format(end.Value - start.Value),
            { } start => HumanDuration.Format(now - start.Value),
        };

        string state;
        if (HasJobCondition(status, "Complete")) state = "Complete";
        else if (HasJobCondition(status, "Failed")) state = "Failed";
        else if (job.Metadata.DeletionTimestamp is not null) state = "Terminating";
        else if (HasJobCondition(status, "Suspended")) state = "Suspended";
        else if (HasJobCondition(status, "FailureTarget")) state = "FailureTarget";
        else state = "Running";

        var (names, images) = PrintFormat.Containers(spec.Template?.Spec?.Containers);
        return
        [
            job.Metadata.Name ?? "", state, completions, duration,
            HumanDuration.Since(job.Metadata.CreationTimestamp, now),
            names, images, PrintFormat.LabelSelector(spec.Selector),
        ];
    });

    public static IColumnPrinter CronJob { get; } = new ColumnPrinter<CronJob>(
    [
        TableColumns.Name,
        TableColumns.Text("Schedule", "The schedule in Cron format."),
        TableColumns.Text("Timezone", "The time zone name for the given schedule."),
        TableColumns.Boolean("Suspend", "Whether subsequent executions are suspended."),
        TableColumns.Integer("Active", "A list of pointers to currently running jobs."),
        TableColumns.Text("Last Schedule", "Information when was the last time the job was successfully scheduled."),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Selector("A label query over pods that should match the pod count."),
    ], (cj, now) =>
    {
        var jobSpec = cj.Spec?.JobTemplate?.Spec;
        var (names, images) = PrintFormat.Containers(jobSpec?.Template?.Spec?.Containers);
        return
        [
            cj.Metadata.Name ?? "",
            cj.Spec?.Schedule ?? "",
            cj.Spec?.TimeZone ?? PrintFormat.None,
            PrintFormat.BoolPtr(cj.Spec?.Suspend),
            (long)(cj.Status?.Active?.Count ?? 0),
            cj.Status?.LastScheduleTime is { } last ? HumanDuration.Since(last, now) : PrintFormat.None,
            HumanDuration.Since(cj.Metadata.CreationTimestamp, now),
            names, images, PrintFormat.LabelSelector(jobSpec?.Selector),
        ];
    });

    public static IColumnPrinter HorizontalPodAutoscaler { get; } = new ColumnPrinter<HorizontalPodAutoscaler>(
    [
        TableColumns.Name,
        TableColumns.Text("Reference", "The target resource to scale."),
        TableColumns.Text("Targets", "The metrics used to calculate the desired replica count."),
        TableColumns.Text("MinPods", "The lower limit for the number of replicas."),
        TableColumns.Text("MaxPods", "The upper limit for the number of replicas."),
        TableColumns.Text("Replicas", "Current number of replicas of pods managed by this autoscaler."),
        TableColumns.Age,
    ], (hpa, now) =>
    [
        hpa.Metadata.Name ?? "",
        (hpa.Spec?.ScaleTargetRef?.Kind ?? "") + "/" + (hpa.Spec?.ScaleTargetRef?.Name ?? ""),
        HpaMetrics(hpa.Spec?.Metrics, hpa.Status?.CurrentMetrics),
        hpa.Spec?.MinReplicas is { } min ? PrintFormat.Int(min) : PrintFormat.Unset,
        (long)(hpa.Spec?.MaxReplicas ?? 0),
        (long)(hpa.Status?.CurrentReplicas ?? 0),
        HumanDuration.Since(hpa.Metadata.CreationTimestamp, now),
    ]);

    private static bool HasJobCondition(JobStatus status, string type) =>
        status.Conditions?.FirstOrDefault(c => c.Type == type) is { } c && c.Status == "True";

    private static string HpaMetrics(IReadOnlyList<MetricSpec>? specs, IReadOnlyList<MetricStatus>? statuses)
    {
        if (specs is null || specs.Count == 0) return PrintFormat.None;
        const int Max = 2;
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = statuses is not null && statuses.Count > i ? statuses[i] : null;
            list.Add(spec.Type switch
            {
                "Resource" when spec.Resource is { } r => ResourceMetric(r.Name, r.Target, status?.Resource?.Current),
                "ContainerResource" when spec.ContainerResource is { } r =>
                    ResourceMetric(r.Name, r.Target, CurrentFromJson(status?.ContainerResource)),
                "Pods" when spec.Pods is { } p =>
                    (JsonQuantity(status?.Pods, "current", "averageValue") ?? PrintFormat.Unknown) + "/" + JsonQuantity(p, "target", "averageValue"),
                "Object" or "External" when (spec.Type == "Object" ? spec.Object : spec.External) is { } source =>
                    ObjectOrExternal(source, spec.Type == "Object" ? status?.Object : status?.External),
                _ => "<unknown type>",
            });
        }
        var joined = string.Join(", ", list.Take(Max));
        return specs.Count > Max ? joined + " + " + PrintFormat.Int(specs.Count - Max) + " more..." : joined;
    }

    private static string ResourceMetric(string name, MetricTarget? target, MetricValueStatus? current)
    {
        if (target?.AverageValue is { } averageValue)
            return name + ": " + (current?.AverageValue?.ToString() ?? PrintFormat.Unknown) + "/" + averageValue;
        var currentText = current?.AverageUtilization is { } u ? PrintFormat.Int(u) + "%" : PrintFormat.Unknown;
        var targetText = target?.AverageUtilization is { } t ? PrintFormat.Int(t) + "%" : "<auto>";
        return name + ": " + currentText + "/" + targetText;
    }

    private static string ObjectOrExternal(JsonElement source, JsonElement? status)
    {
        if (JsonQuantity(source, "target", "averageValue") is { } average)
            return (JsonQuantity(status, "current", "averageValue") ?? PrintFormat.Unknown) + "/" + average + " (avg)";
        return (JsonQuantity(status, "current", "value") ?? PrintFormat.Unknown) + "/" + (JsonQuantity(source, "target", "value") ?? "0");
    }

    private static MetricValueStatus? CurrentFromJson(JsonElement? status)
    {
        if (status is not { ValueKind: JsonValueKind.Object } s || !s.TryGetProperty("current", out var current)) return null;
        return current.Deserialize<MetricValueStatus>(Serialization.KubeJson.Options);
    }

    private static string? JsonQuantity(JsonElement? element, string outer, string inner)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(outer, out var o)
            || o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(inner, out var value)) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return Models.Quantity.TryParse(text, CultureInfo.InvariantCulture, out var q) ? q.ToString() : text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
