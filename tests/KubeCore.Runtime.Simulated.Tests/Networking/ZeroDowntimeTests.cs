using KubeCore.Models;
using KubeCore.Runtime.Simulated.Networking;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>The seed story: a steady request loop through a Service loses nothing while pods go away or roll over.</summary>
public sealed class ZeroDowntimeTests : NetworkTest
{
    [Fact]
    public async Task Deleting_a_pod_during_a_steady_request_loop_fails_no_request()
    {
        await DeployHello(replicas: 2, serviceExtra: "  clusterIP: 10.96.0.60");
        var victim = (await Cluster.Client.Pods("default").ListAsync("app=hello")).Items[0].Metadata.Name!;
        await using var load = Network.StartRequestLoop("http://hello/");
        await WaitForAnswers(load, 20);

        await Cluster.Client.Pods("default").DeleteAsync(victim);
        await Test.WaitForDeletionAsync<Pod>(victim, "default");
        await ReadyEndpoints("hello", 2); // the ReplicaSet's replacement is serving
        var before = load.AnswerCount;
        await WaitForAnswers(load, before + 20);

        await load.DisposeAsync();
        var result = (load.Answers, load.Failures);
        Assert.Empty(result.Failures);
        Assert.Contains(result.Answers, a => a.Contains(victim, StringComparison.Ordinal));
        // The replacement pod answered too.
        Assert.Contains(result.Answers.Skip(before), a => !a.Contains(victim, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rolling_update_under_load_fails_no_request_and_moves_answers_from_v1_to_v2()
    {
        await DeployHello(replicas: 2, serviceExtra: "  clusterIP: 10.96.0.61");
        await using var load = Network.StartRequestLoop("http://hello/");
        await WaitForAnswers(load, 20);

        await DeployHello(replicas: 2, serviceExtra: "  clusterIP: 10.96.0.61", version: "v2");
        await Test.WaitForAsync<Deployment>("hello", "default", d =>
            d.Status?.UpdatedReplicas == 2 && d.Status.Replicas == 2 && d.Status.AvailableReplicas == 2 && d.Status.ObservedGeneration == d.Metadata.Generation);
        await ReadyEndpoints("hello", 2);
        var before = load.AnswerCount;
        await WaitForAnswers(load, before + 20);

        await load.DisposeAsync();
        var result = (load.Answers, load.Failures);
        Assert.Empty(result.Failures);
        Assert.EndsWith(" v1\n", result.Answers[0], StringComparison.Ordinal);
        Assert.All(result.Answers.Skip(before), a => Assert.EndsWith(" v2\n", a, StringComparison.Ordinal));
    }

    /// <summary>Waits (real time, bounded) for answers; fails at once on a failed request.</summary>
    private static async Task WaitForAnswers(RequestLoop load, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await load.WaitForAnswersAsync(count, timeout.Token);
        Assert.Empty(load.Failures);
    }
}
