using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Pods nominated to nodes by preemption and not bound yet (upstream <c>nominator</c>).</summary>
internal sealed class Nominator
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (Pod Pod, string Node)> _byPod = new(StringComparer.Ordinal);

    public void Add(Pod pod, string nodeName)
    {
        lock (_gate) _byPod[PodKeys.Of(pod)] = (pod, nodeName);
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
        lock (_gate) _byPod.Remove(PodKeys.Of(pod));
    }

    public IReadOnlyList<Pod> PodsFor(string nodeName)
    {
        lock (_gate)
        {
            if (_byPod.Count == 0) return [];
            return _byPod.Values.Where(e => e.Node == nodeName).Select(e => e.Pod).ToList();
        }
    }
}
