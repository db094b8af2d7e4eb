using System.Collections.Concurrent;
using System.Threading.Channels;
using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Tests.Api;
using Microsoft.Extensions.Logging;

namespace KubeCore.Tests.Reconciliation;

public class ControllerTests : ClusterTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();
    private readonly CapturingLoggerProvider _logs = new();

    private int Calls(string name) => _calls.GetValueOrDefault(name);

    private int Count(ReconcileRequest request) => _calls.AddOrUpdate(request.Name, 1, (_, n) => n + 1);

    private async Task<(ControllerManager Manager, Controller Controller)> StartAsync(Action<ControllerBuilder> configure)
    {
        var manager = new ControllerManager(Cluster, loggerFactory: _logs).AddController(configure);
        await manager.StartAsync();
        var controller = Assert.Single(manager.Controllers);
        controller.DelayScheduled = (_, delay) => _delays.Writer.TryWrite(delay);
        return (manager, controller);
    }

    private async Task<TimeSpan> NextDelayAsync() => await _delays.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    [Fact]
    public async Task A_hundred_changes_while_an_object_is_being_reconciled_give_one_more_reconcile()
    {
        var cm = await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        var gate = new TaskCompletionSource();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var sentinel = new TaskCompletionSource();
        var (manager, _) = await StartAsync(c => c.For<ConfigMap>().Reconcile(async (r, _) =>
        {
            var n = Count(r);
            if (r.Name == "a" && n == 1) { first.TrySetResult(); await gate.Task; }
            if (r.Name == "a" && n == 2) second.TrySetResult();
            if (r.Name == "zzz") sentinel.TrySetResult();
            return ReconcileResult.Done;
        }));
        await using var running = manager;
        await first.Task.WaitAsync(Timeout);

        var sawLast = new TaskCompletionSource();
        using var handler = Cluster.Informers.GetInformer<ConfigMap>().AddEventHandler(onUpdate: (_, n) =>
        {
            if (n.Data?["key"] == "100") sawLast.TrySetResult();
        });
        for (var i = 1; i <= 100; i++)
            cm = await Client.ConfigMaps("default").UpdateAsync(cm with { Data = new Dictionary<string, string> { ["key"] = i.ToString() } });
        await sawLast.Task.WaitAsync(Timeout); // the controller's handler saw every update while "a" was in process
        gate.SetResult();
        await second.Task.WaitAsync(Timeout);
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("zzz"));
        await sentinel.Task.WaitAsync(Timeout);

        Assert.Equal(2, Calls("a"));
    }

    [Fact]
    public async Task WithMaxConcurrentReconciles_bounds_how_many_keys_are_reconciled_at_once()
    {
        for (var i = 0; i < 5; i++) await Client.ConfigMaps("default").CreateAsync(ConfigMap("c" + i));
        var gate = new TaskCompletionSource();
        var twoRunning = new TaskCompletionSource();
        var allDone = new TaskCompletionSource();
        int inFlight = 0, max = 0, done = 0;
        var (manager, controller) = await StartAsync(c => c.For<ConfigMap>().WithMaxConcurrentReconciles(2).Reconcile(async (_, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref max, now);
            if (now == 2) twoRunning.TrySetResult();
            await gate.Task;
            Interlocked.Decrement(ref inFlight);
            if (Interlocked.Increment(ref done) == 5) allDone.TrySetResult();
            return ReconcileResult.Done;
        }));
        await using var running = manager;

        await twoRunning.Task.WaitAsync(Timeout);
        Assert.Equal(2, controller.MaxConcurrentReconciles);
        Assert.Equal(3, controller.QueueLength); // the other three wait for a free worker
        gate.SetResult();
        await allDone.Task.WaitAsync(Timeout);

        Assert.Equal(2, max);
    }

    [Fact]
    public async Task Failures_are_retried_after_5_10_20_ms_and_the_backoff_resets_after_a_success()
    {
        var times = new ConcurrentQueue<DateTimeOffset>();
        var succeeded = new TaskCompletionSource();
        var (manager, controller) = await StartAsync(c => c.For<ConfigMap>().Reconcile((r, _) =>
        {
            var n = Count(r);
            times.Enqueue(Time.GetUtcNow());
            if (n == 4) { succeeded.TrySetResult(); return Task.FromResult(ReconcileResult.Done); }
            throw new InvalidOperationException("boom " + n);
        }));
        await using var running = manager;
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));

        Assert.Equal(TimeSpan.FromMilliseconds(5), await NextDelayAsync());
        Time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(1, controller.DelayedCount); // not due yet
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(10), await NextDelayAsync());
        Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(20), await NextDelayAsync());
        Time.Advance(TimeSpan.FromMilliseconds(20));
        await succeeded.Task.WaitAsync(Timeout);

        var at = times.ToArray();
        Assert.Equal([5.0, 10, 20], at.Zip(at.Skip(1), (a, b) => (b - a).TotalMilliseconds));

        controller.Enqueue(new ReconcileRequest("default", "a")); // fails again: backoff starts over
        Assert.Equal(TimeSpan.FromMilliseconds(5), await NextDelayAsync());
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom 1");
    }

    [Fact]
    public async Task RequeueAfter_reconciles_again_once_the_delay_has_passed_on_the_clock()
    {
        var second = new TaskCompletionSource<DateTimeOffset>();
        var (manager, controller) = await StartAsync(c => c.For<ConfigMap>().Reconcile((r, _) =>
        {
            if (Count(r) == 1) return Task.FromResult(ReconcileResult.After(TimeSpan.FromSeconds(30)));
            second.TrySetResult(Time.GetUtcNow());
            return Task.FromResult(ReconcileResult.Done);
        }));
        await using var running = manager;
        var start = Time.GetUtcNow();
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));

        Assert.Equal(TimeSpan.FromSeconds(30), await NextDelayAsync());
        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, controller.DelayedCount);
        Assert.Equal(1, Calls("a"));
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(start + TimeSpan.FromSeconds(30), await second.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_terminal_error_is_logged_and_not_retried()
    {
        var sentinel = new TaskCompletionSource();
        var (manager, controller) = await StartAsync(c => c.For<ConfigMap>().Reconcile((r, _) =>
        {
            Count(r);
            if (r.Name == "zzz") { sentinel.TrySetResult(); return Task.FromResult(ReconcileResult.Done); }
            throw new TerminalReconcileException("the spec can never work");
        }));
        await using var running = manager;
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("a"));
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("zzz"));
        await sentinel.Task.WaitAsync(Timeout);

        Assert.Equal(1, Calls("a"));
        Assert.Equal(0, controller.DelayedCount);
        Assert.False(_delays.Reader.TryRead(out _));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Exception is TerminalReconcileException);
    }

    [Fact]
    public async Task Owns_maps_a_change_of_a_child_to_its_controlling_owner()
    {
        var requests = Channel.CreateUnbounded<ReconcileRequest>();
        var (manager, _) = await StartAsync(c => c.For<ConfigMap>().Owns<Secret>().Reconcile((r, _) =>
        {
            requests.Writer.TryWrite(r);
            return Task.FromResult(ReconcileResult.Done);
        }));
        await using var running = manager;
        var parent = await Client.ConfigMaps("default").CreateAsync(ConfigMap("parent"));
        Assert.Equal(new ReconcileRequest("default", "parent"), await requests.Reader.ReadAsync().AsTask().WaitAsync(Timeout));

        OwnerReference Owner(bool controller) => new() { ApiVersion = "v1", Kind = "ConfigMap", Name = "parent", Uid = parent.Metadata.Uid!, Controller = controller };
        await Client.Secrets("default").CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "not-controlled", OwnerReferences = [Owner(false)] } });
        await Client.Secrets("default").CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "child", OwnerReferences = [Owner(true)] } });

        Assert.Equal(new ReconcileRequest("default", "parent"), await requests.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("zzz"));
        Assert.Equal(new ReconcileRequest("default", "zzz"), await requests.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.False(requests.Reader.TryRead(out _)); // the secret without controller: true woke nobody, and children never enqueue themselves
    }

    [Fact]
    public async Task Watches_maps_another_kind_with_a_function()
    {
        var requests = Channel.CreateUnbounded<ReconcileRequest>();
        var (manager, _) = await StartAsync(c => c.For<ConfigMap>()
            .Watches<Secret>(s => [new ReconcileRequest(s.Metadata.Namespace, "for-" + s.Metadata.Name)])
            .Reconcile((r, _) => { requests.Writer.TryWrite(r); return Task.FromResult(ReconcileResult.Done); }));
        await using var running = manager;

        await Client.Secrets("default").CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "s" } });

        Assert.Equal(new ReconcileRequest("default", "for-s"), await requests.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task GenerationChanged_filters_status_only_updates()
    {
        var generations = Channel.CreateUnbounded<(string Name, long? Generation)>();
        var (manager, _) = await StartAsync(c => c.For<Deployment>(Predicates.GenerationChanged).Reconcile(new GenerationProbe(generations.Writer)));
        await using var running = manager;
        async Task<(string, long?)> Next() => await generations.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        var d = await Client.Deployments("default").CreateAsync(Deployment("web"));
        Assert.Equal(("web", 1L), await Next());

        d = await Client.Deployments("default").UpdateStatusAsync(d with { Status = new DeploymentStatus { Replicas = 2, ObservedGeneration = 1 } });
        await Client.Deployments("default").CreateAsync(Deployment("zzz"));
        Assert.Equal(("zzz", 1L), await Next()); // the status update, delivered before this add, was filtered

        await Client.Deployments("default").UpdateAsync(d with { Spec = d.Spec! with { Replicas = 5 } });
        Assert.Equal(("web", 2L), await Next());
    }

    [Fact]
    public async Task A_typed_reconciler_gets_the_cached_object_and_null_once_it_is_deleted()
    {
        var generations = Channel.CreateUnbounded<(string Name, long? Generation)>();
        var (manager, _) = await StartAsync(c => c.For<Deployment>().Reconcile(new GenerationProbe(generations.Writer)));
        await using var running = manager;

        await Client.Deployments("default").CreateAsync(Deployment("web"));
        Assert.Equal(("web", 1L), await generations.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        await Client.Deployments("default").DeleteAsync("web");

        Assert.Equal(("web", (long?)null), await generations.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Controllers_are_named_after_their_kind_unless_Named()
    {
        await using var manager = new ControllerManager(Cluster)
            .AddController(c => c.For<ConfigMap>().Reconcile((_, _) => Task.FromResult(ReconcileResult.Done)))
            .AddController(c => c.For<Secret>().Named("secret-sync").Reconcile((_, _) => Task.FromResult(ReconcileResult.Done)));
        await manager.StartAsync();

        Assert.Equal(["configmap", "secret-sync"], manager.Controllers.Select(c => c.Name));
    }

    [Fact]
    public async Task A_typed_reconciler_for_another_kind_is_rejected_when_the_manager_starts()
    {
        await using var manager = new ControllerManager(Cluster)
            .AddController(c => c.For<ConfigMap>().Reconcile(new GenerationProbe(Channel.CreateUnbounded<(string, long?)>().Writer)));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => manager.StartAsync());
        Assert.Contains("For<ConfigMap>", e.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    /// <summary>Reports the generation of the cached object it is handed (null when gone).</summary>
    private sealed class GenerationProbe(ChannelWriter<(string, long?)> seen) : Reconciler<Deployment>
    {
        protected override Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, Deployment? current, CancellationToken cancellationToken)
        {
            seen.TryWrite((request.Name, current?.Metadata.Generation));
            return Task.FromResult(ReconcileResult.Done);
        }
    }
}
