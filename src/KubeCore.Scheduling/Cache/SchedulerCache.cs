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
    private readonly Dictionary<string, NodeInfo> _infos = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ImageState>> _images = new(StringComparer.Ordinal);
    private bool _imagesChanged;
    private Snapshot? _snapshot;
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
            if (!_nodes.TryGetValue(name, out var old)) _order.Add(name);
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
            _infos.Remove(name);
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
            // Image spread (how many nodes have each image) only changes with nodes; recompute it only then.
            var images = _imagesChanged ? ImageCounts() : null;
            foreach (var name in _dirty)
            {
                if (!_nodes.TryGetValue(name, out var node)) { _infos.Remove(name); _images.Remove(name); continue; }
                var info = new NodeInfo(node);
                if (_podsByNode.TryGetValue(name, out var pods)) foreach (var p in pods.Values) info.AddPod(p);
                _infos[name] = info;
            }
            _dirty.Clear();
            var list = new NodeInfo[_order.Count];
            for (var i = 0; i < list.Length; i++)
            {
                var name = _order[i];
                var info = _infos[name];
                if (images is not null || !_images.ContainsKey(name)) _images[name] = ImagesOf(info.Node, images ?? ImageCounts());
                info.Images = _images[name];
                list[i] = info;
            }
            _imagesChanged = false;
            _snapshot = new Snapshot(list, _namespaceLabels);
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
        if (!_podsByNode.TryGetValue(node, out var pods)) _podsByNode[node] = pods = new(StringComparer.Ordinal);
        pods[pod.Key] = pod;
        Touch(node);
    }

    private void RemoveLocked(string key)
    {
        if (!_pods.Remove(key, out var entry)) return;
        if (_podsByNode.TryGetValue(entry.Node, out var pods)) pods.Remove(key);
        Touch(entry.Node);
    }

    private void Touch(string node)
    {
        _dirty.Add(node);
        _snapshot = null;
    }
}
