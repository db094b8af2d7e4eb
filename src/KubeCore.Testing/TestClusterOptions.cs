using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Testing;

/// <summary>What a <see cref="TestCluster"/> runs. The default is the API alone on a virtual clock: the fastest test double.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Simulated nodes to start (0 by default). Pods only run when there are nodes and a scheduler.</summary>
    public int Nodes { get; set; }

    /// <summary>Runs the scheduler (default false; on automatically when <see cref="Nodes"/> is above 0).</summary>
    public bool? Scheduler { get; set; }

    /// <summary>Runs the built-in controllers: Deployments, ReplicaSets, Jobs, garbage collection, … (default false).</summary>
    public bool Controllers { get; set; }

    /// <summary>
    /// The cluster clock. Default: a new <see cref="FakeTimeProvider"/> starting at <see cref="StartTime"/>, which only
    /// moves when the test calls <see cref="TestCluster.Advance"/>. Pass <see cref="System.TimeProvider.System"/> for real time.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where the default virtual clock starts. <value>2025-01-01T00:00:00Z.</value></summary>
    public DateTimeOffset StartTime { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Anything else to configure on the underlying <see cref="KubeClusterBuilder"/> (admission, resources, …).</summary>
    public Action<KubeClusterBuilder>? Configure { get; set; }

    /// <summary>How long the wait helpers (<see cref="TestCluster.WaitForAsync{T}"/>, …) wait by default, on the cluster clock. <value>5 minutes.</value></summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether the wait helpers move the default virtual clock themselves (default true): whenever the cluster has
    /// been quiet for a moment and the condition does not hold yet, time advances by <see cref="WaitStep"/>, so probes,
    /// back-offs and grace periods elapse while the test waits. Off: the clock only moves when the test advances it.
    /// </summary>
    public bool WaitAdvancesTime { get; set; } = true;

    /// <summary>How far a waiting helper advances the virtual clock at a time. <value>1 second.</value></summary>
    public TimeSpan WaitStep { get; set; } = TimeSpan.FromSeconds(1);
}
