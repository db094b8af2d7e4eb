using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Informational: called after a successful bind.</summary>
public interface IPostBindPlugin : IPlugin
{
    /// <summary>Notifies the plugin.</summary>
    void PostBind(CycleState state, Pod pod, string nodeName);
}
