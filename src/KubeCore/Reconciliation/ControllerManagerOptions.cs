namespace KubeCore.Reconciliation;

/// <summary>Settings of a <see cref="ControllerManager"/>.</summary>
public sealed class ControllerManagerOptions
{
    /// <summary>When set, controllers that need leader election run only while this manager holds the lease.</summary>
    /// <value>The default is null (no leader election: every controller runs).</value>
    public LeaderElectionOptions? LeaderElection { get; set; }

    /// <summary>Turns leader election on, with settings adjusted by <paramref name="configure"/>.</summary>
    public ControllerManagerOptions UseLeaderElection(Action<LeaderElectionOptions>? configure = null)
    {
        LeaderElection ??= new LeaderElectionOptions();
        configure?.Invoke(LeaderElection);
        return this;
    }
}
