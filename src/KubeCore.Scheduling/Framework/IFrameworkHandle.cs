using KubeCore.Client;
using KubeCore.Events;
using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>What plugins may use of the scheduler (upstream <c>framework.Handle</c>).</summary>
public interface IFrameworkHandle
{
    /// <summary>The profile (scheduler name) the plugin belongs to.</summary>
    string ProfileName { get; }

    /// <summary>The cluster client.</summary>
    KubeClient Client { get; }

    /// <summary>The scheduler's clock.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Where events are recorded.</summary>
    IEventRecorder EventRecorder { get; }

    /// <summary>The snapshot of the current scheduling cycle.</summary>
    Snapshot Snapshot { get; }

    /// <summary>Runs every PreFilter plugin of the profile against a snapshot.</summary>
    PluginStatus RunPreFilterPlugins(CycleState state, Pod pod, Snapshot snapshot);

    /// <summary>Runs every Filter plugin of the profile on a node; the first failure wins.</summary>
    PluginStatus RunFilterPlugins(CycleState state, Pod pod, NodeInfo node);

    /// <summary>A pod waiting at Permit, by uid, or null.</summary>
    WaitingPod? GetWaitingPod(string uid);

    /// <summary>Pods nominated to a node by preemption that are not bound yet.</summary>
    IReadOnlyList<Pod> NominatedPodsForNode(string nodeName);
}
