using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.Reconciliation;

public class LeaderElectorTests : ClusterTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private sealed class Candidate
    {
        public required LeaderElector Elector { get; init; }
        public required ObservedTimeProvider Clock { get; init; }
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenSource Stop { get; } = new();
        public int StartedCount;
        public Task Run = Task.CompletedTask;
    }

    private Candidate Create(string identity, bool release = false)
    {
        var clock = new ObservedTimeProvider(Time);
        var elector = new LeaderElector(Client, new LeaderElectionOptions { LeaseName = "ctrl", LeaseNamespace = "kube-system", Identity = identity, ReleaseOnCancel = release }, clock);
        var candidate = new Candidate { Elector = elector, Clock = clock };
        elector.OnStartedLeading = _ => { Interlocked.Increment(ref candidate.StartedCount); candidate.Started.TrySetResult(); };
        elector.OnStoppedLeading = () => candidate.Stopped.TrySetResult();
        return candidate;
    }

    private static Candidate Run(Candidate c)
    {
        c.Run = Task.Run(() => c.Elector.RunAsync(c.Stop.Token));
        return c;
    }

    private async Task<Lease> LeaseAsync() => await Client.Leases("kube-system").GetAsync("ctrl");

    [Fact]
    public async Task Two_candidates_on_one_cluster_never_both_lead()
    {
        var a = Run(Create("a"));
        var b = Run(Create("b"));
        await Task.WhenAny(a.Started.Task, b.Started.Task).WaitAsync(Timeout);
        await Task.WhenAll(a.Clock.WaitForTimerAsync(), b.Clock.WaitForTimerAsync()); // both tried once and are waiting

        for (var i = 0; i < 5; i++) // 10 s of renewals and retries
        {
            Time.Advance(TimeSpan.FromSeconds(2));
            await Task.WhenAll(a.Clock.WaitForTimerAsync(), b.Clock.WaitForTimerAsync());
            Assert.True(a.Elector.IsLeader ^ b.Elector.IsLeader);
        }

        var leader = a.Elector.IsLeader ? a : b;
        var follower = leader == a ? b : a;
        Assert.Equal(1, leader.StartedCount);
        Assert.Equal(0, follower.StartedCount);
        Assert.Equal(leader.Elector.Identity, follower.Elector.Leader);
        var lease = await LeaseAsync();
        Assert.Equal(leader.Elector.Identity, lease.Spec!.HolderIdentity);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(0, lease.Spec.LeaseTransitions);
        Assert.Equal(MicroTime.Now(Time), lease.Spec.RenewTime); // renewed on every retry period
        await a.Stop.CancelAsync();
        await b.Stop.CancelAsync();
        await Task.WhenAll(a.Run, b.Run).WaitAsync(Timeout);
    }

    [Fact]
    public async Task When_the_leader_stops_renewing_another_takes_over_after_the_lease_duration()
    {
        var a = Run(Create("a"));
        await a.Started.Task.WaitAsync(Timeout);
        var b = Run(Create("b"));
        await b.Clock.WaitForTimerAsync();
        Assert.Equal("a", b.Elector.Leader);

        await a.Stop.CancelAsync(); // a stops renewing without releasing
        await a.Run.WaitAsync(Timeout);
        await a.Stopped.Task.WaitAsync(Timeout);
        var renewed = (await LeaseAsync()).Spec!.RenewTime!.Value.Value;

        var retries = 0;
        while (!b.Elector.IsLeader)
        {
            Assert.False(b.Started.Task.IsCompleted);
            Time.Advance(TimeSpan.FromSeconds(2)); // b's retry period
            await b.Clock.WaitForTimerAsync();    // b tried again and is waiting (or renewing)
            Assert.True(++retries <= 8, "b should take over once the lease has expired");
        }

        Assert.Equal(8, retries); // failed at +2 … +14 s, acquired at +16 s: the first retry after renewTime + 15 s
        Assert.True(Time.GetUtcNow() >= renewed + TimeSpan.FromSeconds(15));
        await b.Started.Task.WaitAsync(Timeout);
        var lease = await LeaseAsync();
        Assert.Equal("b", lease.Spec!.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        await b.Stop.CancelAsync();
        await b.Run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Releasing_on_cancel_lets_another_candidate_take_over_at_its_next_retry()
    {
        var a = Run(Create("a", release: true));
        await a.Started.Task.WaitAsync(Timeout);
        var b = Run(Create("b"));
        await b.Clock.WaitForTimerAsync();

        await a.Stop.CancelAsync();
        await a.Run.WaitAsync(Timeout);
        Assert.Null((await LeaseAsync()).Spec!.HolderIdentity);
        Time.Advance(TimeSpan.FromSeconds(2));

        await b.Started.Task.WaitAsync(Timeout);
        Assert.Equal(1, (await LeaseAsync()).Spec!.LeaseTransitions);
        await b.Stop.CancelAsync();
        await b.Run.WaitAsync(Timeout);
    }
}
