using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Tests.Reconciliation;

public class ControllerManagerTests : ClusterTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_controller_added_to_the_cluster_builder_runs_once_the_cluster_starts()
    {
        var reconciled = new TaskCompletionSource<ReconcileRequest>();
        await using var cluster = await KubeCluster.CreateBuilder()
            .UseTimeProvider(Time)
            .AddController(c => c.For<ConfigMap>().Owns<Secret>().Reconcile((r, _) =>
            {
                reconciled.TrySetResult(r);
                return Task.FromResult(ReconcileResult.Done);
            }))
            .StartAsync();

        await cluster.Client.ConfigMaps("default").CreateAsync(ConfigMap("settings"));

        Assert.Equal(new ReconcileRequest("default", "settings"), await reconciled.Task.WaitAsync(Timeout));
        Assert.True(Assert.Single(cluster.Controllers.Controllers).IsRunning);
    }

    [Fact]
    public async Task Controllers_registered_in_DI_resolve_their_reconciler_from_the_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Time.GetUtcNow()));
        services.AddSingleton<Seen>();
        services.AddKubeCore().AddKubeCoreController<RecordingReconciler>(c => c.For<ConfigMap>().Named("recording"));
        await using var provider = services.BuildServiceProvider();
        var cluster = provider.GetRequiredService<KubeCluster>();
        await cluster.StartAsync();

        await cluster.Client.ConfigMaps("default").CreateAsync(ConfigMap("from-di"));

        Assert.Equal("default/from-di", await provider.GetRequiredService<Seen>().First.Task.WaitAsync(Timeout));
        Assert.Equal("recording", Assert.Single(cluster.Controllers.Controllers).Name);
    }

    [Fact]
    public async Task With_leader_election_controllers_run_only_on_the_leading_manager()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        var byManager = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        ControllerManager Manager(int index) => new ControllerManager(Cluster, new ControllerManagerOptions().UseLeaderElection(o =>
            {
                o.Identity = "manager-" + index;
                o.ReleaseOnCancel = true;
            }))
            .AddController(c => c.For<ConfigMap>().Reconcile((_, _) =>
            {
                byManager[index].TrySetResult();
                return Task.FromResult(ReconcileResult.Done);
            }));
        var first = Manager(0);
        var second = Manager(1);
        var followerClock = new ObservedTimeProvider(Time);
        second.ElectionClock = followerClock;
        try
        {
            await first.StartAsync();
            await byManager[0].Task.WaitAsync(Timeout);
            await second.StartAsync();
            await followerClock.WaitForTimerAsync(); // the follower tried once and waits for its retry period

            Assert.True(first.IsLeader);
            Assert.False(second.IsLeader);
            Assert.False(second.Controllers[0].IsRunning);
            Assert.False(byManager[1].Task.IsCompleted);

            await first.DisposeAsync(); // stops its controllers and releases the lease
            Assert.Null((await Client.Leases("kube-system").GetAsync("kubecore-controller-manager")).Spec!.HolderIdentity);
            Time.Advance(TimeSpan.FromSeconds(2)); // the follower's retry period: the lease is free now

            await byManager[1].Task.WaitAsync(Timeout);
            Assert.True(second.IsLeader);
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private sealed class Seen
    {
        public TaskCompletionSource<string> First { get; } = new();
    }

    private sealed class RecordingReconciler(Seen seen) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
        {
            seen.First.TrySetResult(request.ToString());
            return Task.FromResult(ReconcileResult.Done);
        }
    }
}
