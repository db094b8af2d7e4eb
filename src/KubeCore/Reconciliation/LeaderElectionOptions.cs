namespace KubeCore.Reconciliation;

/// <summary>Settings of a <see cref="LeaderElector"/> (client-go's <c>LeaderElectionConfig</c>).</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The name of the <c>coordination.k8s.io/v1</c> Lease the candidates compete for.</summary>
    /// <value>The default is <c>kubecore-controller-manager</c>.</value>
    public string LeaseName { get; set; } = "kubecore-controller-manager";

    /// <summary>The namespace of the Lease.</summary>
    /// <value>The default is <c>kube-system</c>.</value>
    public string LeaseNamespace { get; set; } = "kube-system";

    /// <summary>This candidate's identity, written to <c>spec.holderIdentity</c>; unique per candidate.</summary>
    /// <value>The default is the machine name followed by a random suffix.</value>
    public string Identity { get; set; } = Environment.MachineName + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>How long non-leaders wait after the last renewal before taking over.</summary>
    /// <value>The default is 15 s.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failed renewal before giving up leadership; less than <see cref="LeaseDuration"/>.</summary>
    /// <value>The default is 10 s.</value>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long candidates wait between attempts to acquire or renew.</summary>
    /// <value>The default is 2 s.</value>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether the leader clears the lease when it stops, so another candidate can take over at once.</summary>
    /// <value>The default is false.</value>
    public bool ReleaseOnCancel { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LeaseName);
        ArgumentException.ThrowIfNullOrWhiteSpace(LeaseNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(Identity);
        if (RetryPeriod <= TimeSpan.Zero) throw new ArgumentException("RetryPeriod must be positive");
        if (RenewDeadline <= RetryPeriod) throw new ArgumentException("RenewDeadline must be greater than RetryPeriod");
        if (LeaseDuration <= RenewDeadline) throw new ArgumentException("LeaseDuration must be greater than RenewDeadline");
    }
}
