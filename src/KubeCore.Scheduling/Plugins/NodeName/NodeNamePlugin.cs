using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.NodeName;

/// <summary>A pod that names a node in <c>spec.nodeName</c> fits only that node.</summary>
public sealed class NodeNamePlugin : IFilterPlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "NodeName";

    /// <summary>Upstream's reason.</summary>
    public const string ErrReason = "node(s) didn't match the requested node name";

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Spec.NodeName == node.Name ? PluginStatus.Success : PluginStatus.UnschedulableAndUnresolvable(ErrReason);
}
