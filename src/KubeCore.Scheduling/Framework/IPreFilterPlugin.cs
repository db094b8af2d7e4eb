using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Runs once per cycle before filtering: computes state for Filter, or rejects the pod outright. <see cref="StatusCode.Skip"/> skips this plugin's Filter.</summary>
public interface IPreFilterPlugin : IPlugin
{
    /// <summary>Pre-processes the pod against the whole snapshot.</summary>
    PluginStatus PreFilter(CycleState state, Pod pod, Snapshot snapshot);
}
