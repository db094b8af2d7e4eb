using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.Reconciliation;

public class ReconciliationMetricsTests : ClusterTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reconciles_are_counted_and_timed_on_the_cluster_clock_tagged_by_controller()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Result)>();
        var timed = new TaskCompletionSource();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ReconciliationMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            string? controller = null, result = null;
            foreach (var tag in tags)
            {
                if (tag.Key is "controller" or "name") controller = tag.Value as string;
                if (tag.Key == "result") result = tag.Value as string;
            }
            if (controller != "metrics-probe") return;
            measurements.Enqueue((instrument.Name, value, result));
            if (instrument.Name == "kubecore.reconcile.duration") timed.TrySetResult(); // recorded last
        }
        listener.SetMeasurementEventCallback<double>(OnMeasurement);
        listener.SetMeasurementEventCallback<long>((i, v, t, s) => OnMeasurement(i, v, t, s));
        listener.Start();

        await using var manager = new ControllerManager(Cluster).AddController(c => c.For<ConfigMap>().Named("metrics-probe").Reconcile((_, _) =>
        {
            Time.Advance(TimeSpan.FromSeconds(3)); // the reconcile "takes" 3 s of cluster time
            return Task.FromResult(ReconcileResult.Done);
        }));
        await manager.StartAsync();
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));

        await timed.Task.WaitAsync(Timeout);

        Assert.Contains(measurements, m => m.Instrument == "kubecore.workqueue.adds" && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "kubecore.reconcile.total" && m.Result == "success");
        Assert.Contains(measurements, m => m.Instrument == "kubecore.reconcile.duration" && m.Value == 3);
    }
}
