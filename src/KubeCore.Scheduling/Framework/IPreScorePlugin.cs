using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Runs once before scoring with the feasible nodes; <see cref="StatusCode.Skip"/> skips this plugin's Score.</summary>
public interface IPreScorePlugin : IPlugin
{
    /// <summary>Pre-processes the pod against the feasible nodes.</summary>
    PluginStatus PreScore(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes);
}
