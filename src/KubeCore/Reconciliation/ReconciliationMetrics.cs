using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KubeCore.Reconciliation;

/// <summary>The instruments of the <c>KubeCore.Reconciliation</c> meter (names follow client-go's workqueue and controller-runtime's metrics).</summary>
public static class ReconciliationMetrics
{
    /// <summary>The meter's name, for <c>MeterListener</c>s and OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "KubeCore.Reconciliation";

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly UpDownCounter<long> Depth = Meter.CreateUpDownCounter<long>("kubecore.workqueue.depth", "{item}", "Items waiting in a work queue.");
    internal static readonly Counter<long> Adds = Meter.CreateCounter<long>("kubecore.workqueue.adds", "{item}", "Items added to a work queue.");
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("kubecore.workqueue.retries", "{item}", "Rate-limited re-adds to a work queue.");
    internal static readonly Counter<long> Reconciles = Meter.CreateCounter<long>("kubecore.reconcile.total", "{reconcile}", "Reconciles, by controller and result.");
    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>("kubecore.reconcile.errors", "{reconcile}", "Reconciles that threw.");
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("kubecore.reconcile.duration", "s", "Time spent in a reconcile.");

    internal static TagList Queue(string name) => new() { { "name", name } };

    internal static TagList Controller(string name) => new() { { "controller", name } };

    internal static TagList Controller(string name, string result) => new() { { "controller", name }, { "result", result } };
}
