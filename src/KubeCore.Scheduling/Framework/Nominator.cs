using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Pods nominated to nodes by preemption and not bound yet (upstream <c>nominator</c>).</summary>
internal sealed class Nominator
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (Pod Pod, string Node)> _byPod = new(StringComparer.Ordinal);
    private volatile int _count;

    /// <summary>Whether no pod is nominated (checked per node per cycle, so without the lock).</summary>
    public bool IsEmpty => _count == 0;

    public void Add(Pod pod, string nodeName)
    {
        lock (_gate) { _byPod[PodKeys.Of(pod)] = (pod, nodeName); _count = _byPod.Count; }
    }

    public void Update(Pod pod)
    {
        lock (_gate)
        {
            var key = PodKeys.Of(pod);
            if (_byPod.TryGetValue(key, out var entry)) _byPod[key] = (pod, entry.Node);
        }
    }

    public void Remove(Pod pod)
    {
        lock (_gate) { _byPod.Remove(PodKeys.Of(pod)); _count = _byPod.Count; }
    }

    public IReadOnlyList<Pod> PodsFor(string nodeName)
    {
        lock (_gate)
        {
            if (_byPod.Count == 0) return [];
            var result = new List<Pod>();
            foreach (var e in _byPod.Values)
                if (e.Node == nodeName) result.Add(e.Pod);
            return result;
        }
    }
}
