using KubeCore.Controllers.Deployments;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

public class DeploymentRolloutTests : DeploymentTestBase
{
    [Fact]
    public async Task Creating_a_deployment_creates_one_owned_replica_set_with_the_hash_label_selector_and_revision_1()
    {
        var d = await Client.Deployments(Ns).CreateAsync(NewDeployment("web", replicas: 3));
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "a replica set exists");

        var rs = Assert.Single(await ReplicaSetsAsync());
        var hash = rs.Metadata.Labels![DeploymentAnnotations.PodTemplateHash];
        Assert.Equal("web-" + hash, rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec!.Selector!.MatchLabels![DeploymentAnnotations.PodTemplateHash]);
        Assert.Equal("web", rs.Spec.Selector.MatchLabels["app"]);
        Assert.Equal(hash, rs.Spec.Template!.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash]);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal("1", rs.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Equal("3", rs.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas]);
        Assert.Equal("4", rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas]); // 25% of 3 rounds up to 1
        var owner = Assert.Single(rs.Metadata.OwnerReferences!);
        Assert.Equal(("apps/v1", "Deployment", "web", d.Metadata.Uid), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
        Assert.True(owner.Controller);
        Assert.True(owner.BlockOwnerDeletion);
    }

    [Fact]
    public async Task A_new_deployment_becomes_rolled_out_once_its_pods_are_available()
    {
        await Client.Deployments(Ns).CreateAsync(NewDeployment("web", replicas: 3));
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "a replica set exists");
        Assert.False(RolloutStatus.Evaluate(await GetAsync("web")).Done);

        await ReportAllAvailableAsync();
        await WaitForRolloutAsync("web");

        var d = await GetAsync("web");
        Assert.Equal((3, 3, 3, 3, 0), (d.Status!.Replicas, d.Status.UpdatedReplicas, d.Status.ReadyReplicas, d.Status.AvailableReplicas, d.Status.UnavailableReplicas));
        Assert.Equal(d.Metadata.Generation, d.Status.ObservedGeneration);
        var available = d.Status.Conditions!.Single(c => c.Type == "Available");
        Assert.Equal(("True", "MinimumReplicasAvailable"), (available.Status, available.Reason));
        await WaitUntilAsync(async () => (await GetAsync("web")).Status?.Conditions?.Any(c => c.Reason == "NewReplicaSetAvailable") == true, "progressing reports complete");
        var progressing = (await GetAsync("web")).Status!.Conditions!.Single(c => c.Type == "Progressing");
        Assert.Equal("True", progressing.Status);
        Assert.NotNull(progressing.LastUpdateTime);
        Assert.NotNull(progressing.LastTransitionTime);
        Assert.Equal("1", (await GetAsync("web")).Metadata.Annotations![DeploymentAnnotations.Revision]);
    }

    [Fact]
    public async Task Rolling_update_with_surge_1_and_unavailable_0_replaces_one_pod_at_a_time_as_pods_become_available()
    {
        await Client.Deployments(Ns).CreateAsync(NewDeployment("web", replicas: 3, strategy: Rolling(1, 0)));
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "the first replica set exists");
        await ReportAllAvailableAsync();
        await WaitForRolloutAsync("web");
        var v1 = Assert.Single(await ReplicaSetsAsync()).Metadata.Name!;

        var observed = new List<(int Old, int New)>();
        string? v2 = null;
        using var _ = Cluster.Informers.GetInformer<ReplicaSet>().AddEventHandler((rs) => Record(rs), (_, rs) => Record(rs));
        await ChangeAsync("web", d => WithImage(d, "nginx:2.0"));

        foreach (var (oldCount, newCount) in new[] { (3, 1), (2, 2), (1, 3), (0, 3) })
        {
            await WaitUntilAsync(async () => await SizesAsync() == (oldCount, newCount), $"old={oldCount} new={newCount}");
            await ReportAllAvailableAsync();
        }
        await WaitForRolloutAsync("web");
        await WaitUntilAsync(() => { lock (observed) return Task.FromResult(observed[^1] == (0, 3)); }, "the informer saw the last scale-down");

        lock (observed)
            Assert.Equal([(3, 1), (2, 1), (2, 2), (1, 2), (1, 3), (0, 3)], observed.Distinct().ToList());
        var d = await GetAsync("web");
        Assert.Equal((3, 3, 3, 0), (d.Status!.Replicas, d.Status.UpdatedReplicas, d.Status.AvailableReplicas, d.Status.UnavailableReplicas));
        var sets = await ReplicaSetsAsync();
        Assert.Equal("2", sets.Single(rs => rs.Metadata.Name == v2).Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Equal(0, sets.Single(rs => rs.Metadata.Name == v1).Spec!.Replicas);
        Assert.Equal("2", d.Metadata.Annotations![DeploymentAnnotations.Revision]);

        var events = await EventMessagesAsync("ScalingReplicaSet");
        Assert.Contains($"Scaled up replica set {v2} from 0 to 1", events);
        Assert.Contains($"Scaled down replica set {v1} from 3 to 2", events);
        Assert.Contains($"Scaled down replica set {v1} from 1 to 0", events);

        void Record(ReplicaSet rs)
        {
            if (rs.Metadata.Name != v1) v2 = rs.Metadata.Name;
            lock (observed)
            {
                var last = observed.Count == 0 ? (Old: 3, New: 0) : observed[^1];
                (int Old, int New) current = rs.Metadata.Name == v1 ? (rs.Spec!.Replicas!.Value, last.New) : (last.Old, rs.Spec!.Replicas!.Value);
                if (current != last) observed.Add(current);
            }
            Signal();
        }

        async Task<(int, int)> SizesAsync()
        {
            var all = await ReplicaSetsAsync();
            var old = all.Single(rs => rs.Metadata.Name == v1).Spec!.Replicas ?? 0;
            var next = all.Where(rs => rs.Metadata.Name != v1).Sum(rs => rs.Spec!.Replicas ?? 0);
            return (old, next);
        }
    }

    [Fact]
    public async Task Scaling_events_name_the_replica_set_and_both_sizes()
    {
        await Client.Deployments(Ns).CreateAsync(NewDeployment("web", replicas: 3));
        await WaitUntilAsync(async () => (await EventMessagesAsync("ScalingReplicaSet")).Count == 1, "the scale-up event");
        var rs = Assert.Single(await ReplicaSetsAsync());
        Assert.Equal($"Scaled up replica set {rs.Metadata.Name} from 0 to 3", Assert.Single(await EventMessagesAsync("ScalingReplicaSet")));

        await ChangeAsync("web", d => d with { Spec = d.Spec! with { Replicas = 1 } });
        await WaitUntilAsync(async () => (await EventMessagesAsync("ScalingReplicaSet")).Count == 2, "the scale-down event");
        Assert.Equal($"Scaled down replica set {rs.Metadata.Name} from 3 to 1", (await EventMessagesAsync("ScalingReplicaSet"))[1]);
        Assert.Equal(1, (await ReplicaSetsAsync()).Single().Spec!.Replicas);
    }

    [Fact]
    public async Task Percentages_round_surge_up_and_unavailable_down_like_upstream()
    {
        // 10 replicas with 25%/25%: surge 3 (2.5 up), unavailable 2 (2.5 down).
        await Client.Deployments(Ns).CreateAsync(NewDeployment("web", replicas: 10, strategy: Rolling("25%", "25%")));
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "the first replica set exists");
        await ReportAllAvailableAsync();
        await WaitForRolloutAsync("web");
        var v1 = Assert.Single(await ReplicaSetsAsync()).Metadata.Name!;

        await ChangeAsync("web", d => WithImage(d, "nginx:2.0"));
        // new RS surges to 3 (13 total); old scales down by 2 (8 of 10 stay available).
        await WaitUntilAsync(async () =>
        {
            var all = await ReplicaSetsAsync();
            return all.Count == 2 && all.Single(r => r.Metadata.Name == v1).Spec!.Replicas == 8
                && all.Single(r => r.Metadata.Name != v1).Spec!.Replicas == 5;
        }, "old=8 new=5");
        Assert.Equal("13", (await ReplicaSetsAsync()).Single(r => r.Metadata.Name != v1).Metadata.Annotations![DeploymentAnnotations.MaxReplicas]);
    }

    [Fact]
    public async Task Scaling_mid_rollout_spreads_new_replicas_proportionally_as_in_the_kubernetes_docs()
    {
        // The docs' example: 10 replicas, maxSurge 3, maxUnavailable 2, a rollout stuck at old=8 new=5, then scaled to 15.
        await Client.Deployments(Ns).CreateAsync(NewDeployment("web", replicas: 10, strategy: Rolling(3, 2)));
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "the first replica set exists");
        await ReportAllAvailableAsync();
        await WaitForRolloutAsync("web");
        var v1 = Assert.Single(await ReplicaSetsAsync()).Metadata.Name!;
        await ChangeAsync("web", d => WithImage(d, "nginx:does-not-exist"));
        await WaitUntilAsync(async () => await SizesAsync(v1) == (8, 5), "old=8 new=5");

        await ChangeAsync("web", d => d with { Spec = d.Spec! with { Replicas = 15 } });

        await WaitUntilAsync(async () => await SizesAsync(v1) == (11, 7), "old=11 new=7");
    }

    [Fact]
    public async Task The_change_cause_annotation_is_copied_to_the_new_replica_set()
    {
        var d = NewDeployment("web");
        await Client.Deployments(Ns).CreateAsync(d with
        {
            Metadata = d.Metadata with { Annotations = new Dictionary<string, string> { [DeploymentAnnotations.ChangeCause] = "initial release" } },
        });
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "a replica set exists");
        Assert.Equal("initial release", Assert.Single(await ReplicaSetsAsync()).Metadata.Annotations![DeploymentAnnotations.ChangeCause]);
    }

    private async Task<(int Old, int New)> SizesAsync(string oldName)
    {
        var all = await ReplicaSetsAsync();
        return (all.Where(rs => rs.Metadata.Name == oldName).Sum(rs => rs.Spec!.Replicas ?? 0),
            all.Where(rs => rs.Metadata.Name != oldName).Sum(rs => rs.Spec!.Replicas ?? 0));
    }
}
