using System.Text.Json.Nodes;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// Converts HorizontalPodAutoscalers between <c>autoscaling/v1</c> (one CPU utilization target) and the stored
/// <c>autoscaling/v2</c> (a list of metrics), as kube-apiserver's conversion does for the CPU target and status.
/// </summary>
/// <remarks>
/// kube-apiserver keeps v2-only data (other metrics, behavior, conditions) in <c>autoscaling.alpha.kubernetes.io/*</c>
/// annotations of the v1 form. KubeCore does not: a v1 read simply leaves them out, and a v1 update keeps the stored
/// object's other metrics and behavior, so writing through v1 never loses them.
/// </remarks>
internal static class HpaV1Conversion
{
    /// <summary>The v1 apiVersion.</summary>
    public const string V1 = "autoscaling/v1";

    /// <summary>The v2 apiVersion (the stored one).</summary>
    public const string V2 = "autoscaling/v2";

    /// <summary>Turns a v1 object into v2 (in place); unknown fields are left for fieldValidation to report.</summary>
    /// <param name="v1">The v1 object.</param>
    /// <param name="stored">The stored v2 object, on updates: its metrics other than the CPU utilization target and its behavior are kept.</param>
    public static JsonObject ToV2(JsonObject v1, JsonObject? stored = null)
    {
        v1["apiVersion"] = V2;
        if (v1["spec"] is JsonObject spec)
        {
            var cpu = spec["targetCPUUtilizationPercentage"]?.DeepClone();
            spec.Remove("targetCPUUtilizationPercentage");
            var metrics = new JsonArray();
            if (cpu is not null)
                metrics.Add(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = cpu } },
                });
            if (stored?["spec"] is JsonObject storedSpec)
            {
                if (storedSpec["metrics"] is JsonArray storedMetrics)
                    foreach (var m in storedMetrics)
                        if (m is JsonObject metric && !IsCpuUtilization(metric)) metrics.Add(metric.DeepClone());
                if (storedSpec["behavior"] is { } behavior) spec["behavior"] = behavior.DeepClone();
            }
            if (metrics.Count > 0) spec["metrics"] = metrics;
        }
        if (v1["status"] is JsonObject status)
        {
            var current = status["currentCPUUtilizationPercentage"]?.DeepClone();
            status.Remove("currentCPUUtilizationPercentage");
            if (current is not null)
                status["currentMetrics"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject { ["name"] = "cpu", ["current"] = new JsonObject { ["averageUtilization"] = current } },
                });
        }
        return v1;
    }

    /// <summary>Turns a v2 object (as JSON) into v1 (in place).</summary>
    public static JsonObject ToV1(JsonObject v2)
    {
        v2["apiVersion"] = V1;
        if (v2["spec"] is JsonObject spec)
        {
            var cpu = (spec["metrics"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(IsCpuUtilization);
            spec.Remove("metrics");
            spec.Remove("behavior");
            if (cpu?["resource"]?["target"]?["averageUtilization"] is { } target) spec["targetCPUUtilizationPercentage"] = target.DeepClone();
        }
        if (v2["status"] is JsonObject status)
        {
            var cpu = (status["currentMetrics"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(m => (string?)m["type"] == "Resource" && (string?)m["resource"]?["name"] == "cpu");
            status.Remove("currentMetrics");
            status.Remove("conditions");
            if (cpu?["resource"]?["current"]?["averageUtilization"] is { } current) status["currentCPUUtilizationPercentage"] = current.DeepClone();
        }
        return v2;
    }

    private static bool IsCpuUtilization(JsonObject metric) =>
        (string?)metric["type"] == "Resource" && (string?)metric["resource"]?["name"] == "cpu" && (string?)metric["resource"]?["target"]?["type"] == "Utilization";
}
