using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Scales a workload on metrics (<c>autoscaling/v2 HorizontalPodAutoscaler</c>).</summary>
public sealed record HorizontalPodAutoscaler : KubeObject<HorizontalPodAutoscalerSpec, HorizontalPodAutoscalerStatus>
{
    /// <summary>Creates an empty HorizontalPodAutoscaler with apiVersion and kind set.</summary>
    public HorizontalPodAutoscaler() { ApiVersion = "autoscaling/v2"; Kind = "HorizontalPodAutoscaler"; }
}

/// <summary>The desired state of an autoscaler.</summary>
public sealed record HorizontalPodAutoscalerSpec
{
    /// <summary>The workload to scale.</summary>
    public CrossVersionObjectReference? ScaleTargetRef { get; init; }
    /// <summary>Lower replica bound.</summary>
    public int? MinReplicas { get; init; }
    /// <summary>Upper replica bound.</summary>
    public int MaxReplicas { get; init; }
    /// <summary>Metrics to scale on.</summary>
    public IReadOnlyList<MetricSpec>? Metrics { get; init; }
    /// <summary>Scaling behaviour.</summary>
    public HorizontalPodAutoscalerBehavior? Behavior { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A reference to an object of any version.</summary>
public sealed record CrossVersionObjectReference
{
    /// <summary>Kind.</summary>
    public string Kind { get; init; } = "";
    /// <summary>Name.</summary>
    public string Name { get; init; } = "";
    /// <summary>API version.</summary>
    public string? ApiVersion { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A metric to scale on (resource metrics typed; pods/object/external loosely).</summary>
public sealed record MetricSpec
{
    /// <summary><c>Resource</c>, <c>ContainerResource</c>, <c>Pods</c>, <c>Object</c> or <c>External</c>.</summary>
    public string Type { get; init; } = "";
    /// <summary>A resource metric.</summary>
    public ResourceMetricSource? Resource { get; init; }
    /// <summary>A container resource metric.</summary>
    public ContainerResourceMetricSource? ContainerResource { get; init; }
    /// <summary>A pods metric (loosely typed).</summary>
    public JsonElement? Pods { get; init; }
    /// <summary>An object metric (loosely typed).</summary>
    public JsonElement? Object { get; init; }
    /// <summary>An external metric (loosely typed).</summary>
    public JsonElement? External { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A resource metric.</summary>
public sealed record ResourceMetricSource
{
    /// <summary>The resource, e.g. <c>cpu</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>The target.</summary>
    public MetricTarget? Target { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A container resource metric.</summary>
public sealed record ContainerResourceMetricSource
{
    /// <summary>The resource.</summary>
    public string Name { get; init; } = "";
    /// <summary>The container.</summary>
    public string Container { get; init; } = "";
    /// <summary>The target.</summary>
    public MetricTarget? Target { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A metric target.</summary>
public sealed record MetricTarget
{
    /// <summary><c>Utilization</c>, <c>Value</c> or <c>AverageValue</c>.</summary>
    public string Type { get; init; } = "";
    /// <summary>Target value.</summary>
    public Quantity? Value { get; init; }
    /// <summary>Target average value.</summary>
    public Quantity? AverageValue { get; init; }
    /// <summary>Target average utilisation percentage.</summary>
    public int? AverageUtilization { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Scaling behaviour.</summary>
public sealed record HorizontalPodAutoscalerBehavior
{
    /// <summary>Scale-up rules.</summary>
    public HpaScalingRules? ScaleUp { get; init; }
    /// <summary>Scale-down rules.</summary>
    public HpaScalingRules? ScaleDown { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Scaling rules for one direction.</summary>
public sealed record HpaScalingRules
{
    /// <summary>Stabilisation window.</summary>
    public int? StabilizationWindowSeconds { get; init; }
    /// <summary><c>Max</c>, <c>Min</c> or <c>Disabled</c>.</summary>
    public string? SelectPolicy { get; init; }
    /// <summary>Policies.</summary>
    public IReadOnlyList<HpaScalingPolicy>? Policies { get; init; }
    /// <summary>Tolerance on the metric ratio.</summary>
    public Quantity? Tolerance { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A scaling policy.</summary>
public sealed record HpaScalingPolicy
{
    /// <summary><c>Pods</c> or <c>Percent</c>.</summary>
    public string Type { get; init; } = "";
    /// <summary>Amount of change.</summary>
    public int Value { get; init; }
    /// <summary>Window the policy applies to.</summary>
    public int PeriodSeconds { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of an autoscaler.</summary>
public sealed record HorizontalPodAutoscalerStatus
{
    /// <summary>The generation observed.</summary>
    public long? ObservedGeneration { get; init; }
    /// <summary>When the autoscaler last scaled.</summary>
    public KubeTime? LastScaleTime { get; init; }
    /// <summary>Current replicas.</summary>
    public int? CurrentReplicas { get; init; }
    /// <summary>Desired replicas.</summary>
    public int DesiredReplicas { get; init; }
    /// <summary>Last observed metrics.</summary>
    public IReadOnlyList<MetricStatus>? CurrentMetrics { get; init; }
    /// <summary>Observations.</summary>
    public IReadOnlyList<HorizontalPodAutoscalerCondition>? Conditions { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An observed metric (resource metrics typed; others loosely).</summary>
public sealed record MetricStatus
{
    /// <summary>The metric type.</summary>
    public string Type { get; init; } = "";
    /// <summary>A resource metric.</summary>
    public ResourceMetricStatus? Resource { get; init; }
    /// <summary>A container resource metric (loosely typed).</summary>
    public JsonElement? ContainerResource { get; init; }
    /// <summary>A pods metric (loosely typed).</summary>
    public JsonElement? Pods { get; init; }
    /// <summary>An object metric (loosely typed).</summary>
    public JsonElement? Object { get; init; }
    /// <summary>An external metric (loosely typed).</summary>
    public JsonElement? External { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An observed resource metric.</summary>
public sealed record ResourceMetricStatus
{
    /// <summary>The resource.</summary>
    public string Name { get; init; } = "";
    /// <summary>The current value.</summary>
    public MetricValueStatus? Current { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A current metric value.</summary>
public sealed record MetricValueStatus
{
    /// <summary>Value.</summary>
    public Quantity? Value { get; init; }
    /// <summary>Average value.</summary>
    public Quantity? AverageValue { get; init; }
    /// <summary>Average utilisation percentage.</summary>
    public int? AverageUtilization { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An autoscaler condition.</summary>
public sealed record HorizontalPodAutoscalerCondition
{
    /// <summary>The condition type.</summary>
    public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>When the status last changed.</summary>
    public KubeTime? LastTransitionTime { get; init; }
    /// <summary>Machine-readable reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
