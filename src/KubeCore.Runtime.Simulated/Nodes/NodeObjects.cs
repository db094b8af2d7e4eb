using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Nodes;

/// <summary>Builds the Node object and its status as a kubelet reports them.</summary>
internal static class NodeObjects
{
    public static string InternalIP(int index) => string.Create(CultureInfo.InvariantCulture, $"10.0.{(index / 250) % 256}.{index % 250 + 2}");

    public static string PodCidr(int index) => string.Create(CultureInfo.InvariantCulture, $"10.244.{index % 256}.0/24");

    public static Node Build(SimulatedNodeOptions o, TimeProvider time)
    {
        var labels = new Dictionary<string, string>(o.Labels, StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = o.Name, ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux", ["beta.kubernetes.io/arch"] = "amd64",
        };
        return new Node
        {
            Metadata = new ObjectMeta { Name = o.Name, Labels = labels, Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" } },
            Spec = new NodeSpec { PodCIDR = PodCidr(o.Index), PodCIDRs = [PodCidr(o.Index)], ProviderID = "kubecore://" + o.Name, Taints = o.Taints.Count > 0 ? [.. o.Taints] : null },
            Status = Status(o, null, time),
        };
    }

    public static NodeStatus Status(SimulatedNodeOptions o, NodeStatus? previous, TimeProvider time)
    {
        var now = KubeTime.Now(time);
        return new NodeStatus
        {
            Capacity = new Dictionary<string, Quantity>(o.Capacity),
            Allocatable = new Dictionary<string, Quantity>(o.Allocatable ?? o.Capacity),
            Conditions =
            [
                Condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                Condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                Condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                Condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
            ],
            Addresses = [new NodeAddress { Type = "InternalIP", Address = InternalIP(o.Index) }, new NodeAddress { Type = "Hostname", Address = o.Name }],
            DaemonEndpoints = new NodeDaemonEndpoints { KubeletEndpoint = new DaemonEndpoint { Port = 10250 } },
            NodeInfo = Info(o),
            Images = previous?.Images,
        };
    }

    public static IReadOnlyList<ContainerImage>? Images(IReadOnlyCollection<string> images) =>
        images.Count == 0 ? null : images.Order(StringComparer.Ordinal)
            .Select(i => new ContainerImage { Names = [Repository(i) + "@" + global::KubeCore.Runtime.Simulated.Images.SimulatedImageRegistry.Digest(i), i], SizeBytes = 10_000_000 + (i.Length * 1_000_003L % 90_000_000) })
            .ToList();

    private static string Repository(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    private static NodeCondition Condition(NodeStatus? previous, string type, string status, string reason, string message, KubeTime now)
    {
        var old = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
        return new NodeCondition
        {
            Type = type, Status = status, Reason = reason, Message = message, LastHeartbeatTime = now,
            LastTransitionTime = old is not null && old.Status == status ? old.LastTransitionTime ?? now : now,
        };
    }

    private static NodeSystemInfo Info(SimulatedNodeOptions o)
    {
        var id = Guid(o.Name);
        return new NodeSystemInfo
        {
            MachineID = id.ToString("N"), SystemUUID = id.ToString(), BootID = Guid("boot/" + o.Name).ToString(),
            KernelVersion = "6.8.0-kubecore", OsImage = "KubeCore Simulated Linux", ContainerRuntimeVersion = "kubecore-sim://1.0.0",
            KubeletVersion = o.KubeletVersion, KubeProxyVersion = o.KubeletVersion, OperatingSystem = "linux", Architecture = "amd64",
            Swap = new NodeSwapStatus { Capacity = 0 },
        };
    }

    /// <summary>A stable GUID derived from a name, so nodes are reproducible.</summary>
    private static Guid Guid(string name) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
