using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Decides whether the pod can run on a node. May run concurrently for different nodes: do not mutate shared state.</summary>
public interface IFilterPlugin : IPlugin
{
    /// <summary>Success when the node fits; Unschedulable(AndUnresolvable) with a user-facing reason when it does not.</summary>
    PluginStatus Filter(CycleState state, Pod pod, NodeInfo node);
}
