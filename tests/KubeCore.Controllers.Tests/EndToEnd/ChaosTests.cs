using KubeCore.Client;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.EndToEnd;

/// <summary>
/// Seeded chaos on a simulated cluster: random pod deletions (and node failures) while Deployments roll out, then
/// the cluster must converge — every rollout complete, exact replica counts, all pods running on live nodes, no orphans.
/// </summary>
public sealed class ChaosTests
{
    private static readonly (string Name, int Replicas, IntOrString Surge, IntOrString Unavailable)[] Apps =
    [
        ("alpha", 4, 1, 1),
        ("beta", 3, "25%", "25%"),
    ];

    [Theory]
    [InlineData(20261123, false)]
    [InlineData(20261123, true)]
    public async Task Random_pod_kills_and_node_failures_during_rollouts_converge(int seed, bool failNodes)
    {
        var random = new Random(seed);
        await using var sim = await SimulatedCluster.StartAsync(nodes: 4);
        foreach (var app in Apps)
            await sim.Client.Deployments("default").CreateAsync(SimulatedCluster.NewDeployment(app.Name, app.Replicas, $"{app.Name}:v1", app.Surge, app.Unavailable, readinessDelaySeconds: 1));
        foreach (var app in Apps) await sim.RolledOutAsync(app.Name);

        var failed = new HashSet<string>(StringComparer.Ordinal);
        const int rounds = 3;
        for (var version = 2; version <= rounds + 1; version++)
        {
            foreach (var app in Apps)
                await sim.Client.Deployments("default").UpdateWithRetryAsync(app.Name, d => d with
                {
                    Spec = d.Spec! with { Template = d.Spec.Template! with { Spec = d.Spec.Template.Spec! with { Containers = [d.Spec.Template.Spec.Containers![0] with { Image = $"{app.Name}:v{version}" }] } } },
                });
            for (var step = 0; step < 4; step++)
            {
                await sim.AdvanceAsync(TimeSpan.FromMilliseconds(random.Next(500, 3000)), TimeSpan.FromMilliseconds(500));
                var pods = (await sim.Client.Pods("default").ListAsync()).Items.Where(p => p.Metadata.DeletionTimestamp is null).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
                if (failNodes && failed.Count == 0 && version == 3 && step == 2)
                {
                    // One node dies mid-rollout (the cluster keeps three).
                    var node = sim.Nodes[random.Next(sim.Nodes.Count)];
                    node.Fail();
                    failed.Add(node.Name);
                }
                else if (pods.Count > 0)
                {
                    await sim.Client.Pods("default").DeleteAsync(pods[random.Next(pods.Count)].Metadata.Name!);
                }
            }
        }

        var converged = await sim.UntilAsync("the cluster converges", async () =>
        {
            foreach (var app in Apps)
                if ((await sim.Client.Deployments("default").GetAsync(app.Name)).GetRolloutStatus() is not { Done: true }) return null;
            var pods = (await sim.Client.Pods("default").ListAsync()).Items;
            var live = pods.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            foreach (var app in Apps)
            {
                var mine = live.Where(p => p.Metadata.Labels?.GetValueOrDefault("app") == app.Name).ToList();
                if (mine.Count != app.Replicas || !mine.All(p => SimulatedCluster.IsReady(p) && p.Spec!.Containers![0].Image == $"{app.Name}:v{rounds + 1}"
                                                                 && !failed.Contains(p.Spec.NodeName!))) return null;
            }
            // Pods being deleted may linger only where no kubelet is left to confirm it (as in Kubernetes).
            return pods.Where(p => p.Metadata.DeletionTimestamp is not null).All(p => failed.Contains(p.Spec?.NodeName ?? "")) ? pods : null;
        }, budget: TimeSpan.FromMinutes(20), step: TimeSpan.FromSeconds(2));

        // No orphans: every pod belongs to an existing ReplicaSet that belongs to an existing Deployment.
        var sets = (await sim.Client.ReplicaSets("default").ListAsync()).Items.ToDictionary(rs => rs.Metadata.Uid!);
        var deployments = (await sim.Client.Deployments("default").ListAsync()).Items.Select(d => d.Metadata.Uid).ToHashSet();
        foreach (var pod in converged)
        {
            var owner = Assert.Single(pod.Metadata.OwnerReferences!, o => o.Controller == true);
            Assert.True(sets.TryGetValue(owner.Uid, out var rs), $"pod {pod.Metadata.Name} has no ReplicaSet");
            Assert.Contains(Assert.Single(rs!.Metadata.OwnerReferences!, o => o.Controller == true).Uid, deployments);
        }
        // Exactly one ReplicaSet per Deployment still wants pods, and it runs the last version.
        foreach (var app in Apps)
        {
            var active = sets.Values.Where(rs => rs.Metadata.Labels?.GetValueOrDefault("app") == app.Name && (rs.Spec?.Replicas ?? 0) > 0).ToList();
            Assert.Equal(app.Replicas, Assert.Single(active).Spec!.Replicas);
            Assert.Equal($"{app.Name}:v{rounds + 1}", active[0].Spec!.Template!.Spec!.Containers![0].Image);
        }
        Assert.Equal(failNodes ? 1 : 0, failed.Count);
    }
}
