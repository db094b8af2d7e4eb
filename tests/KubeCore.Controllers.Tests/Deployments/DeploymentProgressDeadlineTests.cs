using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

public class DeploymentProgressDeadlineTests : DeploymentTestBase
{
    private readonly ObservedTimeProvider _clock;

    public DeploymentProgressDeadlineTests() => _clock = new ObservedTimeProvider(Time);

    protected override TimeProvider ClusterClock => _clock;

    [Fact]
    public async Task A_rollout_without_progress_for_progressDeadlineSeconds_is_marked_ProgressDeadlineExceeded()
    {
        var d = NewDeployment("web", replicas: 2);
        await Client.Deployments(Ns).CreateAsync(d with { Spec = d.Spec! with { ProgressDeadlineSeconds = 30 } });
        await WaitUntilAsync(async () => Progressing(await GetAsync("web"))?.Status == "True", "the rollout is progressing");

        await _clock.WaitForTimerAsync(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(32)); // the controller's requeue for the deadline
        Time.Advance(TimeSpan.FromSeconds(31));

        await WaitUntilAsync(async () => Progressing(await GetAsync("web"))?.Reason == "ProgressDeadlineExceeded", "the deadline is exceeded");
        var cond = Progressing(await GetAsync("web"))!;
        var rs = Assert.Single(await ReplicaSetsAsync());
        Assert.Equal("False", cond.Status);
        Assert.Equal($"ReplicaSet \"{rs.Metadata.Name}\" has timed out progressing.", cond.Message);
        Assert.Equal(Time.GetUtcNow().AddTicks(-(Time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond)), cond.LastTransitionTime!.Value.Value);
        var timedOut = await GetAsync("web");
        var error = Assert.Throws<InvalidOperationException>(() => RolloutStatus.Evaluate(timedOut));
        Assert.Equal("deployment \"web\" exceeded its progress deadline", error.Message);
    }

    private static DeploymentCondition? Progressing(Deployment d) => d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
}
