namespace KubeCore.Scheduling.Framework;

/// <summary>
/// The cluster as one scheduling cycle sees it (upstream <c>Snapshot</c>/<c>SharedLister</c>): every node with its pods,
/// including pods assumed by earlier cycles. Immutable.
/// </summary>
public sealed class Snapshot
{
    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly Func<string, IReadOnlyDictionary<string, string>?> _namespaceLabels;

    /// <summary>Creates a snapshot of node infos (in the order the scheduler walks them).</summary>
    public Snapshot(IReadOnlyList<NodeInfo> nodes, Func<string, IReadOnlyDictionary<string, string>?>? namespaceLabels = null)
        : this(nodes, IndexOf(nodes), namespaceLabels)
    {
    }

    internal Snapshot(IReadOnlyList<NodeInfo> nodes, IReadOnlyDictionary<string, int> index, Func<string, IReadOnlyDictionary<string, string>?>? namespaceLabels)
    {
        Nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
        _index = index;
        _namespaceLabels = namespaceLabels ?? (_ => null);
    }

    internal static Dictionary<string, int> IndexOf(IReadOnlyList<NodeInfo> nodes)
    {
        var index = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++) index[nodes[i].Name] = i;
        return index;
    }

    /// <summary>Every node.</summary>
    public IReadOnlyList<NodeInfo> Nodes { get; }

    private NodeInfo[]? _havePodsWithAffinity;
    private NodeInfo[]? _havePodsWithRequiredAntiAffinity;

    /// <summary>The nodes that have at least one pod with pod affinity or anti-affinity (upstream <c>HavePodsWithAffinityList</c>), in node order.</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithAffinity => _havePodsWithAffinity ??= [.. Nodes.Where(n => n.PodsWithAffinityCount > 0)];

    /// <summary>The nodes that have at least one pod with required anti-affinity (upstream <c>HavePodsWithRequiredAntiAffinityList</c>), in node order.</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithRequiredAntiAffinity =>
        _havePodsWithRequiredAntiAffinity ??= [.. Nodes.Where(n => n.PodsWithRequiredAntiAffinityCount > 0)];

    internal void NoPodsWithAffinity() => _havePodsWithAffinity = [];

    internal void NoPodsWithRequiredAntiAffinity() => _havePodsWithRequiredAntiAffinity = [];

    /// <summary>The node with this name, or null.</summary>
    public NodeInfo? Get(string name) => _index.TryGetValue(name, out var i) ? Nodes[i] : null;

    /// <summary>The labels of a namespace, or null when unknown (for namespace selectors).</summary>
    public IReadOnlyDictionary<string, string>? NamespaceLabels(string @namespace) => _namespaceLabels(@namespace);

    /// <summary>A snapshot identical to this one except that <paramref name="replacement"/> stands in for the node of the same name.</summary>
    public Snapshot WithNode(NodeInfo replacement)
    {
        var nodes = new NodeInfo[Nodes.Count];
        for (var i = 0; i < nodes.Length; i++) nodes[i] = Nodes[i].Name == replacement.Name ? replacement : Nodes[i];
        return new Snapshot(nodes, _index, _namespaceLabels);
    }
}
