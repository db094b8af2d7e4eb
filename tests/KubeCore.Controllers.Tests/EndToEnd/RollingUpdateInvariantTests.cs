using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Watch;

namespace KubeCore.Controllers.Tests.EndToEnd;

/// <summary>
/// A rolling update on simulated nodes never drops below <c>replicas − maxUnavailable</c> available pods (checked at
/// every pod state a watch observes) and its ReplicaSets never ask for more than <c>replicas + maxSurge</c> pods
/// (checked at every ReplicaSet state). The surge bound is the controller's promise about ReplicaSet sizes: as in
/// kube-controller-manager, the old ReplicaSet's controller deletes its surplus concurrently with the new one creating
/// pods, so the live pod count can pass the bound for a moment; the test records how far it goes.
/// </summary>
public sealed class RollingUpdateInvariantTests
{
    [Theory]
    [InlineData(3, "1", "0", 1, 0)]
    [InlineData(3, "0", "1", 0, 1)]
    [InlineData(4, "2", "1", 2, 1)]
    [InlineData(5, "25%", "25%", 2, 1)]     // surge rounds up (1.25 → 2), unavailable rounds down (1.25 → 1)
    [InlineData(4, "50%", "50%", 2, 2)]
    [InlineData(3, "34%", "0%", 2, 0)]      // 1.02 → 2
    public async Task Every_observed_state_of_a_rolling_update_keeps_availability_and_surge_within_bounds(
        int replicas, string surge, string unavailable, int maxSurge, int maxUnavailable)
    {
        await using var sim = await SimulatedCluster.StartAsync(nodes: 3);
        var deployments = sim.Client.Deployments("default");
        await deployments.CreateAsync(SimulatedCluster.NewDeployment("web", replicas, "web:v1", Parse(surge), Parse(unavailable)));
        await sim.RolledOutAsync("web");
        await sim.UntilAsync("all v1 pods ready", async () =>
            (await sim.Client.Pods("default").ListAsync("app=web")).Items is var pods && pods.Count == replicas && pods.All(SimulatedCluster.IsReady) ? pods : null);

        using var stop = new CancellationTokenSource();
        var podWatch = ObservePodsAsync(sim.Client, replicas - maxUnavailable, stop.Token);
        var rsWatch = ObserveReplicaSetsAsync(sim.Client, replicas + maxSurge, stop.Token);
        await Task.WhenAll(podWatch.Started, rsWatch.Started);

        await deployments.UpdateWithRetryAsync("web", d => d with
        {
            Spec = d.Spec! with { Template = d.Spec.Template! with { Spec = d.Spec.Template.Spec! with { Containers = [d.Spec.Template.Spec.Containers![0] with { Image = "web:v2" }] } } },
        });
        await sim.RolledOutAsync("web");
        await sim.UntilAsync("all v2 pods ready and v1 pods gone", async () =>
            (await sim.Client.Pods("default").ListAsync("app=web")).Items is var pods && pods.Count == replicas
            && pods.All(p => SimulatedCluster.IsReady(p) && p.Spec!.Containers![0].Image == "web:v2") ? pods : null);
        // The watch has seen the final state too before we stop it.
        await sim.UntilAsync("the watch saw the end", () => Task.FromResult(podWatch.Observer.Latest is { } l && l.Count == replicas
            && l.Values.All(p => SimulatedCluster.IsReady(p) && p.Spec!.Containers![0].Image == "web:v2") ? l : null));
        stop.Cancel();
        await Task.WhenAll(podWatch.Run, rsWatch.Run);

        Assert.True(podWatch.Observer.Violations.Count == 0, string.Join("\n", podWatch.Observer.Violations));
        Assert.True(rsWatch.Observer.Violations.Count == 0, string.Join("\n", rsWatch.Observer.Violations));
        Assert.True(podWatch.Observer.States > replicas * 2, $"the watch saw the rollout step by step ({podWatch.Observer.States} states)");
        // The rollout really used its room to surge and to be unavailable, so the bounds were tested, not idle.
        if (maxSurge > 0) Assert.Equal(replicas + maxSurge, rsWatch.Observer.MaxDesired);
        else Assert.Equal(replicas, rsWatch.Observer.MaxDesired);
        if (maxUnavailable > 0) Assert.True(podWatch.Observer.MinAvailable < replicas, $"available went down to {podWatch.Observer.MinAvailable}");
        else Assert.Equal(replicas, podWatch.Observer.MinAvailable);
    }

    private static IntOrString Parse(string value) => value.EndsWith('%') ? new IntOrString(value) : new IntOrString(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

    private sealed class PodObserver
    {
        public Dictionary<string, Pod>? Latest;
        public List<string> Violations { get; } = [];
        public int States;
        public int MaxTotal;
        public int MinAvailable = int.MaxValue;
    }

    private sealed record Observation<T>(Task Started, Task Run, T Observer);

    private static Observation<PodObserver> ObservePodsAsync(KubeClient client, int minAvailable, CancellationToken cancellationToken)
    {
        var observer = new PodObserver();
        var started = new TaskCompletionSource();
        var run = Task.Run(async () =>
        {
            var list = await client.Pods("default").ListAsync("app=web");
            var pods = list.Items.ToDictionary(p => p.Metadata.Name!);
            observer.Latest = new(pods);
            started.SetResult();
            try
            {
                await foreach (var e in client.Pods("default").WatchAsync(new ListOptions { LabelSelector = "app=web", ResourceVersion = list.Metadata.ResourceVersion }, cancellationToken))
                {
                    if (e.Type == WatchEventType.Deleted) pods.Remove(e.Object!.Metadata.Name!);
                    else if (e.Type is WatchEventType.Added or WatchEventType.Modified) pods[e.Object!.Metadata.Name!] = e.Object;
                    else continue;
                    var total = pods.Values.Count(p => p.Metadata.DeletionTimestamp is null);
                    var available = pods.Values.Count(SimulatedCluster.IsReady);
                    observer.States++;
                    observer.MaxTotal = Math.Max(observer.MaxTotal, total);
                    observer.MinAvailable = Math.Min(observer.MinAvailable, available);
                    if (available < minAvailable)
                        observer.Violations.Add($"after {e.Type} {e.Object.Metadata.Name} (rv {e.Object.Metadata.ResourceVersion}): {available} available (min {minAvailable}), {total} pods: "
                            + string.Join(", ", pods.Values.Select(p => $"{p.Metadata.Name}[{p.Spec!.Containers![0].Image} {(SimulatedCluster.IsReady(p) ? "ready" : p.Metadata.DeletionTimestamp is null ? "not-ready" : "terminating")}]")));
                    observer.Latest = new(pods);
                }
            }
            catch (OperationCanceledException) { }
        });
        return new(started.Task, run, observer);
    }

    private sealed class ReplicaSetObserver
    {
        public List<string> Violations { get; } = [];
        public int MaxDesired;
    }

    private static Observation<ReplicaSetObserver> ObserveReplicaSetsAsync(KubeClient client, int maxTotal, CancellationToken cancellationToken)
    {
        var observer = new ReplicaSetObserver();
        var started = new TaskCompletionSource();
        var run = Task.Run(async () =>
        {
            var list = await client.ReplicaSets("default").ListAsync();
            var sets = list.Items.ToDictionary(r => r.Metadata.Name!);
            started.SetResult();
            try
            {
                await foreach (var e in client.ReplicaSets("default").WatchAsync(new ListOptions { ResourceVersion = list.Metadata.ResourceVersion }, cancellationToken))
                {
                    if (e.Type == WatchEventType.Deleted) sets.Remove(e.Object!.Metadata.Name!);
                    else if (e.Type is WatchEventType.Added or WatchEventType.Modified) sets[e.Object!.Metadata.Name!] = e.Object;
                    else continue;
                    var desired = sets.Values.Sum(r => r.Spec?.Replicas ?? 0);
                    observer.MaxDesired = Math.Max(observer.MaxDesired, desired);
                    if (desired > maxTotal)
                        observer.Violations.Add($"after {e.Type} {e.Object.Metadata.Name}: replica sets want {desired} pods (max {maxTotal})");
                }
            }
            catch (OperationCanceledException) { }
        });
        return new(started.Task, run, observer);
    }
}
