using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Runs when no node fits (e.g. preemption): may make room and nominate a node.</summary>
public interface IPostFilterPlugin : IPlugin
{
    /// <summary>Tries to make the pod schedulable; <paramref name="nodeStatuses"/> holds each filtered node's failure.</summary>
    Task<PostFilterResult> PostFilterAsync(CycleState state, Pod pod, IReadOnlyDictionary<string, PluginStatus> nodeStatuses, CancellationToken cancellationToken);
}
