using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Binds the pod to the node. Return <see cref="StatusCode.Skip"/> to let the next bind plugin do it.</summary>
public interface IBindPlugin : IPlugin
{
    /// <summary>Binds.</summary>
    Task<PluginStatus> BindAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken);
}
