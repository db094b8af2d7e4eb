using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Cache;

/// <summary>
/// The scheduler's view of nodes and the pods on them (upstream <c>cache</c>): bound pods from the informer plus pods
/// assumed on a node after Reserve and before the binding is observed. Hands out immutable <see cref="Snapshot"/>s.
/// </summary>
public sealed class SchedulerCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Dictionary<string, PodInfo>> _podsByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (PodInfo Pod, string Node, bool Assumed)> _pods = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, ImageState> EmptyImages = [];
    private NodeInfo[] _array = [];
    private Dictionary<string, int>? _index;
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ImageState>> _images = new(StringComparer.Ordinal);
    private bool _imagesChanged;
    private Snapshot? _snapshot;
    private int _podsWithAffinity;
    private int _podsWithRequiredAntiAffinity;
    private Func<string, IReadOnlyDictionary<string, string>?> _namespaceLabels = _ => null;

    /// <summary>The number of nodes.</summary>
    public int NodeCount
    {
        get { lock (_gate) return _nodes.Count; }
    }

    internal void UseNamespaceLabels(Func<string, IReadOnlyDictionary<string, string>?> lookup) => _namespaceLabels = lookup;

    /// <summary>Adds or replaces a node.</summary>
    public void AddOrUpdateNode(Node node)
    {
        var name = node.Metadata.Name ?? "";
        lock (_gate)
        {
            if (!_nodes.TryGetValue(name, out var old)) { _order.Add(name); _index = null; }
            if (old is null || !ReferenceEquals(old.Status?.Images, node.Status?.Images)) _imagesChanged = true;
            _nodes[name] = node;
            Touch(name);
        }
    }

    /// <summary>Removes a node (its pods stay known until they are deleted).</summary>
    public void RemoveNode(string name)
    {
        lock (_gate)
        {
            if (!_nodes.Remove(name)) return;
            _imagesChanged = true;
            _order.Remove(name);
            _index = null;
            _snapshot = null;
        }
    }

    /// <summary>Adds or updates a pod bound to a node; confirms it when it was assumed.</summary>
    public void AddOrUpdatePod(Pod pod)
    {
        var node = pod.Spec?.NodeName;
        if (string.IsNullOrEmpty(node)) return;
        if (pod.Status?.Phase is "Succeeded" or "Failed") { RemovePod(pod); return; }
        lock (_gate)
        {
            RemoveLocked(PodKeys.Of(pod));
            AddLocked(new PodInfo(pod), node, assumed: false);
        }
    }

    /// <summary>Removes a pod.</summary>
    public void RemovePod(Pod pod)
    {
        lock (_gate) RemoveLocked(PodKeys.Of(pod));
    }

    /// <summary>Counts the pod on <paramref name="nodeName"/> before the binding is observed.</summary>
    public void AssumePod(Pod pod, string nodeName)
    {
        var assumed = pod with { Spec = (pod.Spec ?? new PodSpec()) with { NodeName = nodeName } };
        lock (_gate)
        {
            RemoveLocked(PodKeys.Of(pod));
            AddLocked(new PodInfo(assumed), nodeName, assumed: true);
        }
    }

    /// <summary>Drops an assumed pod (binding failed).</summary>
    public void ForgetPod(Pod pod)
    {
        lock (_gate)
        {
            if (_pods.TryGetValue(PodKeys.Of(pod), out var entry) && entry.Assumed) RemoveLocked(PodKeys.Of(pod));
        }
    }

    /// <summary>Whether the cache counts the pod on a node (bound or assumed).</summary>
    public bool Contains(Pod pod)
    {
        lock (_gate) return _pods.ContainsKey(PodKeys.Of(pod));
    }

    /// <summary>Whether the pod is assumed and not yet confirmed.</summary>
    public bool IsAssumed(Pod pod)
    {
        lock (_gate) return _pods.TryGetValue(PodKeys.Of(pod), out var e) && e.Assumed;
    }

    /// <summary>The current cluster state; the same instance until something changes.</summary>
    public Snapshot Snapshot()
    {
        lock (_gate)
        {
            if (_snapshot is not null) return _snapshot;
            if (_imagesChanged)
            {
                // Image spread (how many nodes have each image) only changes with nodes: recompute it, and every node's info, only then.
                var counts = ImageCounts();
                _images.Clear();
                foreach (var (name, node) in _nodes) { _images[name] = ImagesOf(node, counts); _dirty.Add(name); }
                _imagesChanged = false;
            }
            if (_index is null || _array.Length != _order.Count)
            {
                _array = new NodeInfo[_order.Count];
                _index = new Dictionary<string, int>(_order.Count, StringComparer.Ordinal);
                for (var i = 0; i < _order.Count; i++) _index[_order[i]] = i;
                _dirty.UnionWith(_order);
            }
            else _array = (NodeInfo[])_array.Clone();
            foreach (var name in _dirty)
            {
                if (!_nodes.TryGetValue(name, out var node) || !_index.TryGetValue(name, out var position)) continue;
                var info = new NodeInfo(node) { Images = _images.TryGetValue(name, out var images) ? images : EmptyImages };
                if (_podsByNode.TryGetValue(name, out var pods)) foreach (var p in pods.Values) info.AddPod(p);
                _array[position] = info;
            }
            _dirty.Clear();
            _snapshot = new Snapshot(_array, _index, _namespaceLabels);
            // Most clusters have no pods with (anti-)affinity: then no cycle needs to look for the nodes that hold some.
            if (_podsWithAffinity == 0) _snapshot.NoPodsWithAffinity();
            if (_podsWithRequiredAntiAffinity == 0) _snapshot.NoPodsWithRequiredAntiAffinity();
            return _snapshot;
        }
    }

    private Dictionary<string, (long Size, int Nodes)> ImageCounts()
    {
        var counts = new Dictionary<string, (long, int)>(StringComparer.Ordinal);
        foreach (var node in _nodes.Values)
            foreach (var image in node.Status?.Images ?? [])
                foreach (var name in (image.Names ?? []).Select(ImageNames.Normalize).Distinct())
                {
                    var (size, n) = counts.GetValueOrDefault(name);
                    counts[name] = (Math.Max(size, image.SizeBytes ?? 0), n + 1);
                }
        return counts;
    }

    private static Dictionary<string, ImageState> ImagesOf(Node node, Dictionary<string, (long Size, int Nodes)> counts)
    {
        var result = new Dictionary<string, ImageState>(StringComparer.Ordinal);
        foreach (var image in node.Status?.Images ?? [])
            foreach (var name in (image.Names ?? []).Select(ImageNames.Normalize))
                result[name] = new ImageState(image.SizeBytes ?? 0, counts.TryGetValue(name, out var c) ? c.Nodes : 1);
        return result;
    }

    private void AddLocked(PodInfo pod, string node, bool assumed)
    {
        _pods[pod.Key] = (pod, node, assumed);
        if (pod.HasAffinity) _podsWithAffinity++;
        if (pod.HasRequiredAntiAffinity) _podsWithRequiredAntiAffinity++;
        if (!_podsByNode.TryGetValue(node, out var pods)) _podsByNode[node] = pods = new(StringComparer.Ordinal);
        pods[pod.Key] = pod;
        Touch(node);
    }

    private void RemoveLocked(string key)
    {
        if (!_pods.Remove(key, out var entry)) return;
        if (entry.Pod.HasAffinity) _podsWithAffinity--;
        if (entry.Pod.HasRequiredAntiAffinity) _podsWithRequiredAntiAffinity--;
        if (_podsByNode.TryGetValue(entry.Node, out var pods)) pods.Remove(key);
        Touch(entry.Node);
    }

    private void Touch(string node)
    {
        _dirty.Add(node);
        _snapshot = null;
    }
}
