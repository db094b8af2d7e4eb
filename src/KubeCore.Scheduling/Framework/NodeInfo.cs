using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>
/// A node with the pods on it and what they use (upstream <c>NodeInfo</c>): requested and non-zero requested resources
/// (overhead and init containers included), allocatable resources, host ports and images. Instances in a
/// <see cref="Snapshot"/> are never changed; plugins that simulate (preemption) work on a <see cref="Clone"/>.
/// </summary>
public sealed class NodeInfo
{
    private readonly List<PodInfo> _pods = [];
    private readonly List<PodInfo> _podsWithAffinity = [];
    private readonly List<PodInfo> _podsWithRequiredAntiAffinity = [];

    /// <summary>Creates the info of a node with no pods.</summary>
    public NodeInfo(Node node)
    {
        SetNode(node);
    }

    private NodeInfo() { }

    /// <summary>The node.</summary>
    public Node Node { get; private set; } = null!;

    /// <summary>The node's name.</summary>
    public string Name => Node.Metadata.Name ?? "";

    /// <summary>The pods on the node (bound or assumed).</summary>
    public IReadOnlyList<PodInfo> Pods => _pods;

    /// <summary>The sum of the pods' requests.</summary>
    public Resource Requested { get; private set; } = new();

    /// <summary>The sum of the pods' non-zero requests (for scoring).</summary>
    public Resource NonZeroRequested { get; private set; } = new();

    /// <summary>The node's allocatable resources.</summary>
    public Resource Allocatable { get; private set; } = new();

    /// <summary>Host ports in use.</summary>
    public HostPortSet UsedPorts { get; private set; } = new();

    /// <summary>Images on the node by normalized name (filled in snapshots).</summary>
    public IReadOnlyDictionary<string, ImageState> Images { get; internal set; } = new Dictionary<string, ImageState>();

    /// <summary>Pods on the node with pod affinity or anti-affinity.</summary>
    public IEnumerable<PodInfo> PodsWithAffinity => _podsWithAffinity;

    /// <summary>Pods on the node with required anti-affinity.</summary>
    public IEnumerable<PodInfo> PodsWithRequiredAntiAffinity => _podsWithRequiredAntiAffinity;

    /// <summary>The number of pods on the node with pod affinity or anti-affinity.</summary>
    public int PodsWithAffinityCount => _podsWithAffinity.Count;

    /// <summary>The number of pods on the node with required anti-affinity.</summary>
    public int PodsWithRequiredAntiAffinityCount => _podsWithRequiredAntiAffinity.Count;

    internal List<PodInfo> PodsWithAffinityList => _podsWithAffinity;

    /// <summary>Node labels (never null).</summary>
    public IReadOnlyDictionary<string, string> Labels => Node.Metadata.Labels ?? EmptyLabels;

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    /// <summary>Replaces the node object (allocatable recomputed).</summary>
    public void SetNode(Node node)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        Allocatable = Resource.From(node.Status?.Allocatable);
    }

    /// <summary>Adds a pod.</summary>
    public void AddPod(PodInfo pod)
    {
        _pods.Add(pod);
        if (pod.HasAffinity) _podsWithAffinity.Add(pod);
        if (pod.HasRequiredAntiAffinity) _podsWithRequiredAntiAffinity.Add(pod);
        Requested.Add(pod.Requests);
        NonZeroRequested.Add(pod.NonZeroRequests);
        UsedPorts.AddPod(pod.Pod);
    }

    /// <summary>Removes a pod by key; returns whether it was there.</summary>
    public bool RemovePod(string podKey)
    {
        var index = _pods.FindIndex(p => p.Key == podKey);
        if (index < 0) return false;
        var pod = _pods[index];
        _pods.RemoveAt(index);
        if (pod.HasAffinity) _podsWithAffinity.Remove(pod);
        if (pod.HasRequiredAntiAffinity) _podsWithRequiredAntiAffinity.Remove(pod);
        Requested.Subtract(pod.Requests);
        NonZeroRequested.Subtract(pod.NonZeroRequests);
        UsedPorts.RemovePod(pod.Pod);
        return true;
    }

    /// <summary>A deep copy that can be changed without affecting this instance.</summary>
    public NodeInfo Clone()
    {
        var c = new NodeInfo
        {
            Node = Node,
            Allocatable = Allocatable.Clone(),
            Requested = Requested.Clone(),
            NonZeroRequested = NonZeroRequested.Clone(),
            UsedPorts = UsedPorts.Clone(),
            Images = Images,
        };
        c._pods.AddRange(_pods);
        c._podsWithAffinity.AddRange(_podsWithAffinity);
        c._podsWithRequiredAntiAffinity.AddRange(_podsWithRequiredAntiAffinity);
        return c;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({_pods.Count} pods, requested {Requested})";
}
