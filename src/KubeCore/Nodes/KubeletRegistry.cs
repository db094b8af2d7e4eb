using System.Collections.Concurrent;

namespace KubeCore.Nodes;

/// <summary>
/// The node agents' streaming APIs by node name: node agents register here, and the API server looks a pod's node up to
/// serve its logs, exec and attach (as kube-apiserver dials the kubelet).
/// </summary>
public sealed class KubeletRegistry
{
    private readonly ConcurrentDictionary<string, IKubeletApi> _kubelets = new(StringComparer.Ordinal);

    /// <summary>Registers the agent of <paramref name="nodeName"/>, replacing any earlier one; dispose the result to unregister it.</summary>
    public IDisposable Register(string nodeName, IKubeletApi kubelet)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(kubelet);
        _kubelets[nodeName] = kubelet;
        return new Registration(this, nodeName, kubelet);
    }

    /// <summary>The agent of <paramref name="nodeName"/>, if one is registered.</summary>
    public bool TryGet(string nodeName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IKubeletApi? kubelet) =>
        _kubelets.TryGetValue(nodeName, out kubelet);

    private sealed class Registration(KubeletRegistry registry, string nodeName, IKubeletApi kubelet) : IDisposable
    {
        public void Dispose() => registry._kubelets.TryRemove(new KeyValuePair<string, IKubeletApi>(nodeName, kubelet));
    }
}
