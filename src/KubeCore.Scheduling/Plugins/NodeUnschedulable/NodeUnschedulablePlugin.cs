using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.NodeUnschedulable;

/// <summary>Filters out cordoned nodes (<c>spec.unschedulable</c>) unless the pod tolerates <c>node.kubernetes.io/unschedulable:NoSchedule</c>.</summary>
public sealed class NodeUnschedulablePlugin : IFilterPlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "NodeUnschedulable";

    /// <summary>Upstream's reason.</summary>
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node)
    {
        if (node.Node.Spec?.Unschedulable != true) return PluginStatus.Success;
        var taint = new Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" };
        return Tolerations.Tolerates(pod.Spec?.Tolerations, taint) ? PluginStatus.Success : PluginStatus.UnschedulableAndUnresolvable(ErrReasonUnschedulable);
    }
}
