using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.NodeResources;

/// <summary>
/// Filters out nodes without room for the pod's requests (<c>Insufficient cpu</c>, <c>Too many pods</c>, …) and scores
/// the rest by the configured strategy: LeastAllocated (default), MostAllocated or RequestedToCapacityRatio.
/// </summary>
public sealed class NodeResourcesFitPlugin : IPreFilterPlugin, IFilterPlugin, IScorePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "NodeResourcesFit";

    private const string StateKey = "PreFilter" + PluginName;
    private readonly NodeResourcesFitOptions _options;
    // The last cycle's state and pod info: Filter and Score run once per node, and a CycleState lookup each time showed in profiles.
    private sealed record Last(CycleState State, PodInfo Info);
    private Last? _last;

    /// <summary>Creates the plugin.</summary>
    public NodeResourcesFitPlugin(NodeResourcesFitOptions? options = null) => _options = options ?? new NodeResourcesFitOptions();

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public PluginStatus PreFilter(CycleState state, Pod pod, Snapshot snapshot)
    {
        var info = new PodInfo(pod);
        state.Write(StateKey, info);
        _last = new Last(state, info);
        return PluginStatus.Success;
    }

    /// <inheritdoc />
    public PluginStatus Filter(CycleState state, Pod pod, NodeInfo node)
    {
        var podInfo = InfoOf(state, pod);
        if (Fits(podInfo.Requests, node)) return PluginStatus.Success;
        var reasons = InsufficientResources(podInfo.Requests, node, _options.IgnoredResources);
        return reasons.Count == 0 ? PluginStatus.Success : PluginStatus.Unschedulable([.. reasons]);
    }

    private PodInfo InfoOf(CycleState state, Pod pod)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.State, state) && ReferenceEquals(last.Info.Pod, pod)) return last.Info;
        return state.Read<PodInfo>(StateKey) ?? new PodInfo(pod);
    }

    private bool Fits(Resource request, NodeInfo node)
    {
        // Allocation-free fast path for the common case; the slow path words the reasons.
        if (node.Pods.Count + 1 > node.Allocatable.AllowedPodNumber) return false;
        var alloc = node.Allocatable;
        var used = node.Requested;
        if (request.MilliCpu > 0 && request.MilliCpu > alloc.MilliCpu - used.MilliCpu) return false;
        if (request.Memory > 0 && request.Memory > alloc.Memory - used.Memory) return false;
        if (request.EphemeralStorage > 0 && request.EphemeralStorage > alloc.EphemeralStorage - used.EphemeralStorage) return false;
        if (request.Scalar.Count == 0) return true;
        foreach (var (name, amount) in request.Scalar)
            if (amount > 0 && !_options.IgnoredResources.Contains(name) && amount > alloc.Scalar.GetValueOrDefault(name) - used.Scalar.GetValueOrDefault(name)) return false;
        return true;
    }

    /// <summary>The reasons a node cannot hold a request, in upstream's order and wording.</summary>
    public static List<string> InsufficientResources(Resource request, NodeInfo node, IReadOnlySet<string>? ignored = null)
    {
        var reasons = new List<string>();
        if (node.Pods.Count + 1 > node.Allocatable.AllowedPodNumber) reasons.Add("Too many pods");
        if (request.IsZero) return reasons;
        var alloc = node.Allocatable;
        var used = node.Requested;
        if (request.MilliCpu > 0 && request.MilliCpu > alloc.MilliCpu - used.MilliCpu) reasons.Add("Insufficient cpu");
        if (request.Memory > 0 && request.Memory > alloc.Memory - used.Memory) reasons.Add("Insufficient memory");
        if (request.EphemeralStorage > 0 && request.EphemeralStorage > alloc.EphemeralStorage - used.EphemeralStorage) reasons.Add("Insufficient ephemeral-storage");
        foreach (var (name, amount) in request.Scalar.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (amount == 0 || (ignored?.Contains(name) ?? false)) continue;
            if (amount > alloc.Scalar.GetValueOrDefault(name) - used.Scalar.GetValueOrDefault(name)) reasons.Add("Insufficient " + name);
        }
        return reasons;
    }

    /// <inheritdoc />
    public long Score(CycleState state, Pod pod, NodeInfo node)
    {
        var podInfo = InfoOf(state, pod);
        long nodeScore = 0, weightSum = 0;
        foreach (var resource in _options.Resources)
        {
            var allocatable = node.Allocatable.Get(resource.Name);
            if (allocatable == 0) continue;
            var requested = resource.Name is ResourceNames.Cpu or ResourceNames.Memory
                ? node.NonZeroRequested.Get(resource.Name) + podInfo.NonZeroRequests.Get(resource.Name)
                : node.Requested.Get(resource.Name) + podInfo.Requests.Get(resource.Name);
            nodeScore += ResourceScore(requested, allocatable) * resource.Weight;
            weightSum += resource.Weight;
        }
        if (weightSum == 0) return 0;
        return _options.ScoringStrategy == ScoringStrategyType.RequestedToCapacityRatio
            ? (long)Math.Round((double)nodeScore / weightSum, MidpointRounding.AwayFromZero)
            : nodeScore / weightSum;
    }

    private long ResourceScore(long requested, long capacity)
    {
        switch (_options.ScoringStrategy)
        {
            case ScoringStrategyType.MostAllocated:
                if (capacity == 0) return 0;
                return Math.Min(requested, capacity) * ScoreLimits.MaxNodeScore / capacity;
            case ScoringStrategyType.RequestedToCapacityRatio:
                var utilization = capacity == 0 || requested > capacity ? 100 : requested * 100 / capacity;
                return Shape(utilization);
            default:
                if (capacity == 0 || requested > capacity) return 0;
                return (capacity - requested) * ScoreLimits.MaxNodeScore / capacity;
        }
    }

    private long Shape(long utilization)
    {
        var shape = _options.Shape;
        const long scale = ScoreLimits.MaxNodeScore / 10;
        if (shape.Count == 0) return 0;
        if (utilization <= shape[0].Utilization) return shape[0].Score * scale;
        for (var i = 1; i < shape.Count; i++)
        {
            if (utilization <= shape[i].Utilization)
            {
                long s0 = shape[i - 1].Score * scale, s1 = shape[i].Score * scale;
                long u0 = shape[i - 1].Utilization, u1 = shape[i].Utilization;
                return s0 + (s1 - s0) * (utilization - u0) / (u1 - u0);
            }
        }
        return shape[^1].Score * scale;
    }
}
