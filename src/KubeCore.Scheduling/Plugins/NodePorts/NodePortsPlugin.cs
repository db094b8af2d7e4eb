using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.NodePorts;

/// <summary>Filters out nodes where a host port the pod asks for (same IP or 0.0.0.0, same protocol) is taken.</summary>
public sealed class NodePortsPlugin : IPreFilterPlugin, IFilterPlugin
{
    /// <inheritdoc />
    public PluginStatus PreFilter(CycleState state, Pod pod, Snapshot snapshot) =>
        HostPortSet.HostPortsOf(pod).Any() ? PluginStatus.Success : PluginStatus.Skip;

    /// <summary>The plugin name.</summary>
    public const string PluginName = "NodePorts";

    /// <summary>Upstream's reason.</summary>
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node)
    {
        foreach (var port in HostPortSet.HostPortsOf(pod))
            if (node.UsedPorts.Conflicts(port.HostIP, port.Protocol, port.HostPort!.Value)) return PluginStatus.Unschedulable(ErrReason);
        return PluginStatus.Success;
    }
}
