using KubeCore.Client;
using KubeCore.Controllers.Deployments;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

/// <summary><c>kubectl rollout undo</c> through the client helper, against the real Deployment controller.</summary>
public class RolloutUndoTests : DeploymentTestBase
{
    private async Task<(string V1, string V2)> TwoRevisionsAsync(string name = "web")
    {
        var d = NewDeployment(name, replicas: 2, image: "nginx:1.0", strategy: Rolling(1, 0));
        d = d with { Metadata = d.Metadata with { Annotations = new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "first" } } };
        await Client.Deployments(Ns).CreateAsync(d);
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "the first replica set exists");
        await DriveRolloutAsync(name);
        var v1 = Assert.Single(await ReplicaSetsAsync()).Metadata.Name!;
        await ChangeAsync(name, x => WithImage(x, "nginx:2.0") with
        {
            Metadata = x.Metadata with { Annotations = new Dictionary<string, string>(x.Metadata.Annotations!) { ["kubernetes.io/change-cause"] = "second" } },
        });
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 2, "the second replica set exists");
        await DriveRolloutAsync(name);
        var v2 = (await ReplicaSetsAsync()).Single(rs => rs.Metadata.Name != v1).Metadata.Name!;
        return (v1, v2);
    }

    [Fact]
    public async Task Rollout_undo_restores_the_previous_template_and_its_annotations_and_reuses_the_old_replica_set()
    {
        var (v1, v2) = await TwoRevisionsAsync();

        var result = await Client.Deployments(Ns).RolloutUndoAsync("web");

        Assert.False(result.Skipped);
        Assert.Equal("rolled back", result.Message);
        Assert.Equal(1, result.Revision);
        Assert.Equal("nginx:1.0", result.Deployment.Spec!.Template!.Spec!.Containers![0].Image);
        Assert.False(result.Deployment.Spec.Template.Metadata!.Labels!.ContainsKey(DeploymentAnnotations.PodTemplateHash));
        Assert.Equal("first", result.Deployment.Metadata.Annotations!["kubernetes.io/change-cause"]);

        await DriveRolloutAsync("web");
        var sets = await ReplicaSetsAsync();
        Assert.Equal(2, sets.Count);   // no third ReplicaSet: the old one comes back
        Assert.Equal(2, sets.Single(rs => rs.Metadata.Name == v1).Spec!.Replicas);
        Assert.Equal(0, sets.Single(rs => rs.Metadata.Name == v2).Spec!.Replicas);
        Assert.Equal("3", (await GetAsync("web")).Metadata.Annotations![DeploymentAnnotations.Revision]);

        // Undo again goes back to what is now the previous revision (2: nginx:2.0), like kubectl.
        var again = await Client.Deployments(Ns).RolloutUndoAsync("web");
        Assert.Equal(2, again.Revision);
        Assert.Equal("nginx:2.0", again.Deployment.Spec!.Template!.Spec!.Containers![0].Image);
    }

    [Fact]
    public async Task Rollout_undo_to_a_revision_that_matches_the_current_template_is_skipped()
    {
        await TwoRevisionsAsync();
        var before = await GetAsync("web");

        var result = await Client.Deployments(Ns).RolloutUndoAsync("web", toRevision: 2);

        Assert.True(result.Skipped);
        Assert.Equal("skipped rollback (current template already matches revision 2)", result.Message);
        Assert.Equal(before.Metadata.ResourceVersion, (await GetAsync("web")).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Rollout_undo_refuses_a_paused_deployment_a_missing_revision_and_a_deployment_without_history()
    {
        await Client.Deployments(Ns).CreateAsync(NewDeployment("solo", replicas: 1));
        await WaitUntilAsync(async () => (await ReplicaSetsAsync()).Count == 1, "the replica set exists");
        var none = await Assert.ThrowsAsync<RolloutException>(() => Client.Deployments(Ns).RolloutUndoAsync("solo"));
        Assert.Equal("no rollout history found for deployment \"solo\"", none.Message);

        var missing = await Assert.ThrowsAsync<RolloutException>(() => Client.Deployments(Ns).RolloutUndoAsync("solo", toRevision: 7));
        Assert.Equal("unable to find specified revision 7 in history", missing.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.Deployments(Ns).RolloutUndoAsync("solo", toRevision: -1));
        await Assert.ThrowsAsync<KubeCore.Api.NotFoundException>(() => Client.Deployments(Ns).RolloutUndoAsync("nope"));

        await ChangeAsync("solo", d => d with { Spec = d.Spec! with { Paused = true } });
        var paused = await Assert.ThrowsAsync<RolloutException>(() => Client.Deployments(Ns).RolloutUndoAsync("solo"));
        Assert.StartsWith("you cannot rollback a paused deployment", paused.Message);
    }
}

/// <summary><c>kubectl rollout status</c>'s lines from <see cref="DeploymentRollout.GetRolloutStatus"/>.</summary>
public class RolloutStatusTests
{
    private static Deployment D(int replicas, long generation, long observed, int updated, int total, int available, string? progressingReason = null) => new()
    {
        Metadata = new ObjectMeta { Name = "hello-k8s", Generation = generation },
        Spec = new DeploymentSpec { Replicas = replicas },
        Status = new DeploymentStatus
        {
            ObservedGeneration = observed, UpdatedReplicas = updated, Replicas = total, AvailableReplicas = available,
            Conditions = progressingReason is null ? null : [new DeploymentCondition { Type = "Progressing", Status = "False", Reason = progressingReason }],
        },
    };

    [Theory]
    [InlineData(3, 2, 1, 3, 3, 3, false, "Waiting for deployment spec update to be observed...")]
    [InlineData(3, 2, 2, 2, 3, 2, false, "Waiting for deployment \"hello-k8s\" rollout to finish: 2 out of 3 new replicas have been updated...")]
    [InlineData(3, 2, 2, 3, 4, 3, false, "Waiting for deployment \"hello-k8s\" rollout to finish: 1 old replicas are pending termination...")]
    [InlineData(3, 2, 2, 3, 3, 2, false, "Waiting for deployment \"hello-k8s\" rollout to finish: 2 of 3 updated replicas are available...")]
    [InlineData(3, 2, 2, 3, 3, 3, true, "deployment \"hello-k8s\" successfully rolled out")]
    public void Rollout_status_words_each_state_as_kubectl_does(int replicas, long generation, long observed, int updated, int total, int available, bool done, string message)
    {
        var status = D(replicas, generation, observed, updated, total, available).GetRolloutStatus();
        Assert.Equal(done, status.Done);
        Assert.False(status.Failed);
        Assert.Equal(message, status.Message);
    }

    [Fact]
    public void Rollout_status_reports_an_exceeded_progress_deadline_as_failed()
    {
        var status = D(3, 2, 2, 1, 3, 2, "ProgressDeadlineExceeded").GetRolloutStatus();
        Assert.True(status.Failed);
        Assert.False(status.Done);
        Assert.Equal("deployment \"hello-k8s\" exceeded its progress deadline", status.Message);
    }
}
