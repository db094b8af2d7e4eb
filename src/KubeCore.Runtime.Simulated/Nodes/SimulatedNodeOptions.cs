using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Nodes;

/// <summary>Settings of one simulated node; defaults follow the kubelet's.</summary>
public sealed class SimulatedNodeOptions
{
    /// <summary>The node's name.</summary>
    public string Name { get; set; } = "node-1";
    /// <summary>Index used to derive addresses: InternalIP 10.0.x.y and pod CIDR 10.244.index.0/24. Default 1.</summary>
    public int Index { get; set; } = 1;
    /// <summary>Total resources. Default cpu 4, memory 8Gi, pods 110, ephemeral-storage 100Gi.</summary>
    public Dictionary<string, Quantity> Capacity { get; } = new(StringComparer.Ordinal)
    {
        ["cpu"] = Quantity.Parse("4"), ["memory"] = Quantity.Parse("8Gi"), ["pods"] = Quantity.Parse("110"), ["ephemeral-storage"] = Quantity.Parse("100Gi"),
    };
    /// <summary>Schedulable resources; null (the default) means equal to <see cref="Capacity"/>.</summary>
    public Dictionary<string, Quantity>? Allocatable { get; set; }
    /// <summary>Extra labels (the hostname, os and arch labels are always set).</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    /// <summary>Taints on the node.</summary>
    public List<Taint> Taints { get; } = [];
    /// <summary>Time to pull an image not yet on the node. Default 0 s; images already pulled are never pulled again.</summary>
    public TimeSpan ImagePullDuration { get; set; } = TimeSpan.Zero;
    /// <summary>Time from creating a container to it running. Default 0 s.</summary>
    public TimeSpan ContainerStartDuration { get; set; } = TimeSpan.Zero;
    /// <summary>The node Lease's duration (kubelet: 40 s).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(40);
    /// <summary>How often the Lease is renewed (kubelet: a quarter of the lease duration, 10 s).</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often node status is re-posted when nothing changed (kubelet's nodeStatusReportFrequency: 5 min).</summary>
    public TimeSpan NodeStatusReportFrequency { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Initial CrashLoopBackOff delay (kubelet: 10 s, doubling).</summary>
    public TimeSpan CrashLoopBackOffInitial { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Maximum CrashLoopBackOff delay (kubelet: 5 min).</summary>
    public TimeSpan CrashLoopBackOffMax { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>The kubelet version reported in nodeInfo. Default v1.32.0.</summary>
    public string KubeletVersion { get; set; } = "v1.32.0";
}
