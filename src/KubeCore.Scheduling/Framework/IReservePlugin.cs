using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Reserves node-local resources for the chosen node before binding; Unreserve undoes it when a later step fails.</summary>
public interface IReservePlugin : IPlugin
{
    /// <summary>Reserves; a failure sends the pod back to the queue.</summary>
    ValueTask<PluginStatus> ReserveAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken);

    /// <summary>Releases what <see cref="ReserveAsync"/> reserved (must be idempotent).</summary>
    ValueTask UnreserveAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken);
}
