using KubeCore;
using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace HelloK8s;

/// <summary>
/// Moves the cluster's virtual clock only while the cluster is quiet: after every change to pods, ReplicaSets,
/// Deployments or Nodes it re-checks the goal without moving time, so controllers always react "instantly" and a
/// story step takes as much virtual time as Kubernetes would need, not as much real time.
/// </summary>
public sealed class StoryClock : IDisposable
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _changed = new(0);
    private readonly List<IDisposable> _handlers = [];

    /// <summary>Watches <paramref name="cluster"/>'s informers for changes; <paramref name="time"/> is the cluster's clock.</summary>
    public StoryClock(KubeCluster cluster, FakeTimeProvider time)
    {
        Time = time;
        _handlers.Add(Watch<Pod>(cluster));
        _handlers.Add(Watch<ReplicaSet>(cluster));
        _handlers.Add(Watch<Deployment>(cluster));
        _handlers.Add(Watch<Node>(cluster));
    }

    /// <summary>The virtual clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The virtual time now.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// Returns <paramref name="probe"/>'s first non-null answer, advancing virtual time by <paramref name="step"/>
    /// whenever the cluster is quiet.
    /// </summary>
    /// <exception cref="StoryException">No answer within <paramref name="budget"/> of virtual time.</exception>
    public async Task<T> UntilAsync<T>(string what, Func<Task<T?>> probe, TimeSpan budget, TimeSpan? step = null) where T : class
    {
        var deadline = Now + budget;
        using var realLimit = new CancellationTokenSource(RealTimeLimit);
        while (true)
        {
            if (await probe() is { } result) return result;
            if (realLimit.IsCancellationRequested)
                throw new StoryException($"{what}: the cluster kept changing for {RealTimeLimit.TotalSeconds:0} s of real time without getting there");
            if (await _changed.WaitAsync(QuietPeriod))
            {
                while (_changed.Wait(0)) { }
                continue;
            }
            if (Now >= deadline) throw new StoryException($"{what}: not reached within {budget.TotalSeconds:0} s of virtual time");
            Time.Advance(step ?? TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Lets <paramref name="duration"/> of virtual time pass, in steps, letting the cluster react to each.</summary>
    public async Task AdvanceAsync(TimeSpan duration, TimeSpan? step = null)
    {
        var until = Now + duration;
        await UntilAsync("time passes", () => Task.FromResult(Now >= until ? this : null), duration + TimeSpan.FromSeconds(1), step);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var h in _handlers) h.Dispose();
        _changed.Dispose();
    }

    private IDisposable Watch<T>(KubeCluster cluster) where T : KubeObject =>
        cluster.Informers.GetInformer<T>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal());

    private void Signal()
    {
        try { _changed.Release(); }
        catch (ObjectDisposedException) { }
    }
}

/// <summary>A story step did not converge.</summary>
public sealed class StoryException(string message) : Exception(message);
