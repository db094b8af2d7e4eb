using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Runs before binding (e.g. provisions a volume); a failure unreserves and requeues the pod.</summary>
public interface IPreBindPlugin : IPlugin
{
    /// <summary>Prepares the binding.</summary>
    Task<PluginStatus> PreBindAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken);
}
