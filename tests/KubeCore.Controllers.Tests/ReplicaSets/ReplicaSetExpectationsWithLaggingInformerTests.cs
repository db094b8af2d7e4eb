using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.ReplicaSets;

public sealed class ReplicaSetExpectationsWithLaggingInformerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly LaggingPodStorage _storage = new();
    private KubeCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await KubeCluster.CreateBuilder().UseTimeProvider(_time).UseStore(_ => _storage).AddBuiltInControllers().StartAsync();

    public async Task DisposeAsync()
    {
        _storage.Release();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_ReplicaSet_creates_exactly_its_replicas_while_the_pod_informer_lags_behind()
    {
        _storage.Hold();
        var replicaSets = _cluster.Client.ReplicaSets("default");
        await replicaSets.CreateAsync(new ReplicaSet
        {
            Metadata = new ObjectMeta { Name = "web" },
            Spec = new ReplicaSetSpec
            {
                Replicas = 3,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] },
                },
            },
        });
        // The controller's first sync has written 3 pods that its informer has not seen yet.
        await WaitUntil(async () => (await _storage.ListAsync("/registry/pods/default/")).Items.Count >= 3, "the first sync created its pods");

        // Every spec change makes the controller sync again (it reports the generation it saw), with a cache that
        // still shows no pods.
        for (var i = 1; i <= 5; i++)
        {
            var changed = await replicaSets.UpdateWithRetryAsync("web", r => r with { Spec = r.Spec! with { MinReadySeconds = i } });
            await WaitUntil(async () => (await replicaSets.GetAsync("web")).Status?.ObservedGeneration == changed.Metadata.Generation, "the change is synced");
        }
        Assert.Equal(3, (await _storage.ListAsync("/registry/pods/default/")).Items.Count);

        _storage.Release();

        await WaitUntil(async () => (await replicaSets.GetAsync("web")).Status?.Replicas == 3, "the status counts the 3 pods");
        Assert.Equal(3, (await _storage.ListAsync("/registry/pods/default/")).Items.Count);
    }

    private async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail("timed out waiting until " + what);
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(10);
        }
    }
}
