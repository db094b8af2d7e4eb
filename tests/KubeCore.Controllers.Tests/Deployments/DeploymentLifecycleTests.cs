using KubeCore.Controllers.Deployments;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

public class DeploymentLifecycleTests : DeploymentTestBase
{
    private async Task<string> RolledOutAsync(Deployment d)
    {
        await Client.Deployments(Ns).CreateAsync(d);
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "the first replica set exists");
        await DriveRolloutAsync(d.Metadata.Name!);
        return Assert.Single(await ReplicaSetsAsync()).Metadata.Name!;
    }

    [Fact]
    public async Task Recreate_scales_old_pods_to_zero_and_creates_the_new_replica_set_only_once_they_are_gone()
    {
        var v1 = await RolledOutAsync(NewDeployment("web", replicas: 3, strategy: new DeploymentStrategy { Type = "Recreate" }));

        var updated = await ChangeAsync("web", d => WithImage(d, "nginx:2.0"));
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Single().Spec!.Replicas == 0, "the old replica set is scaled to 0");
        await WaitUntilAsync(async () => (await GetAsync("web")).Status?.ObservedGeneration == updated.Metadata.Generation, "the change is observed");
        Assert.Single(await ReplicaSetsAsync()); // old pods still report running: no new replica set yet

        await ReportPodsAsync(v1, replicas: 0);
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 2, "the new replica set exists");
        var v2 = (await ReplicaSetsAsync()).Single(rs => rs.Metadata.Name != v1);
        Assert.Equal(3, v2.Spec!.Replicas);
        Assert.Equal("2", v2.Metadata.Annotations![DeploymentAnnotations.Revision]);
        await DriveRolloutAsync("web");
        await WaitUntilAsync(async () => (await EventMessagesAsync("ScalingReplicaSet")).Contains($"Scaled up replica set {v2.Metadata.Name} from 0 to 3"), "the scale-up event");
        Assert.Contains($"Scaled down replica set {v1} from 3 to 0", await EventMessagesAsync("ScalingReplicaSet"));
    }

    [Fact]
    public async Task Rollback_by_reapplying_the_old_template_reuses_the_old_replica_set_with_a_new_revision()
    {
        var v1 = await RolledOutAsync(NewDeployment("web", replicas: 2, strategy: Rolling(1, 0)));
        await ChangeAsync("web", d => WithImage(d, "nginx:2.0"));
        await DriveRolloutAsync("web");
        Assert.Equal(2, (await ReplicaSetsAsync()).Count);

        // kubectl rollout undo: the old ReplicaSet's template without its hash label, as kubectl sends it
        // (creationTimestamp: null, resources: {}).
        var old = (await ReplicaSetsAsync()).Single(rs => rs.Metadata.Name == v1);
        var labels = old.Spec!.Template!.Metadata!.Labels!.Where(l => l.Key != DeploymentAnnotations.PodTemplateHash).ToDictionary();
        var template = old.Spec.Template with
        {
            Metadata = new ObjectMeta { Labels = labels, CreationTimestamp = null },
            Spec = old.Spec.Template.Spec! with { Containers = [.. old.Spec.Template.Spec.Containers!.Select(c => c with { Resources = new ResourceRequirements() })] },
        };
        await ChangeAsync("web", d => d with { Spec = d.Spec! with { Template = template } });
        await DriveRolloutAsync("web");

        var sets = await ReplicaSetsAsync();
        Assert.Equal(2, sets.Count);
        var back = sets.Single(rs => rs.Metadata.Name == v1);
        Assert.Equal(2, back.Spec!.Replicas);
        Assert.Equal("3", back.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.Equal("1", back.Metadata.Annotations[DeploymentAnnotations.RevisionHistory]);
        Assert.Equal(0, sets.Single(rs => rs.Metadata.Name != v1).Spec!.Replicas);
        Assert.Equal("3", (await GetAsync("web")).Metadata.Annotations![DeploymentAnnotations.Revision]);
    }

    [Fact]
    public async Task A_paused_deployment_does_not_roll_out_but_still_scales_and_resuming_continues()
    {
        var v1 = await RolledOutAsync(NewDeployment("web", replicas: 2, strategy: Rolling(1, 0)));
        await ChangeAsync("web", d => d with { Spec = d.Spec! with { Paused = true } });
        await WaitUntilAsync(async () => Progressing(await GetAsync("web"))?.Reason == "DeploymentPaused", "Progressing says paused");
        Assert.Equal("Unknown", Progressing(await GetAsync("web"))!.Status);

        var changed = await ChangeAsync("web", d => WithImage(d, "nginx:2.0") with { Spec = WithImage(d, "nginx:2.0").Spec! with { Replicas = 4 } });
        await WaitUntilAsync(async () => (await GetAsync("web")).Status?.ObservedGeneration == changed.Metadata.Generation, "the paused change is observed");
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Single().Spec!.Replicas == 4, "the paused deployment scales");
        Assert.Single(await ReplicaSetsAsync());
        Assert.False(RolloutStatus.Evaluate(await GetAsync("web")).Done);

        await ChangeAsync("web", d => d with { Spec = d.Spec! with { Paused = false } });
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 2, "resuming creates the new replica set");
        await DriveRolloutAsync("web");
        var sets = await ReplicaSetsAsync();
        Assert.Equal(0, sets.Single(rs => rs.Metadata.Name == v1).Spec!.Replicas);
        Assert.Equal(4, sets.Single(rs => rs.Metadata.Name != v1).Spec!.Replicas);
        await WaitUntilAsync(async () => Progressing(await GetAsync("web"))?.Reason == "NewReplicaSetAvailable", "the rollout completes");
    }

    [Fact]
    public async Task Revision_history_limit_deletes_the_oldest_scaled_down_replica_sets()
    {
        var d = NewDeployment("web", replicas: 1, strategy: Rolling(1, 0));
        var v1 = await RolledOutAsync(d with { Spec = d.Spec! with { RevisionHistoryLimit = 1 } });
        await ChangeAsync("web", x => WithImage(x, "nginx:2.0"));
        await DriveRolloutAsync("web");
        var v2 = (await ReplicaSetsAsync()).Single(rs => rs.Metadata.Name != v1).Metadata.Name;
        await ChangeAsync("web", x => WithImage(x, "nginx:3.0"));
        await DriveRolloutAsync("web");

        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 2, "the oldest replica set is pruned");
        var names = (await ReplicaSetsAsync()).Select(rs => rs.Metadata.Name).ToList();
        Assert.DoesNotContain(v1, names);
        Assert.Contains(v2, names);
    }

    private static DeploymentCondition? Progressing(Deployment d) => d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
}
