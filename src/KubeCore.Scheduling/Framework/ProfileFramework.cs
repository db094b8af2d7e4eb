using KubeCore.Client;
using KubeCore.Events;
using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>
/// The plugins of one profile, run extension point by extension point (upstream <c>frameworkImpl</c>). Created by the
/// <see cref="Scheduler"/> from a <see cref="SchedulerProfile"/>.
/// </summary>
public sealed class ProfileFramework : IFrameworkHandle
{
    private readonly IPreFilterPlugin[] _preFilter;
    private readonly IFilterPlugin[] _filter;
    private readonly IPostFilterPlugin[] _postFilter;
    private readonly IPreScorePlugin[] _preScore;
    private readonly (IScorePlugin Plugin, int Weight)[] _score;
    private readonly IReservePlugin[] _reserve;
    private readonly IPermitPlugin[] _permit;
    private readonly IPreBindPlugin[] _preBind;
    private readonly IBindPlugin[] _bind;
    private readonly IPostBindPlugin[] _postBind;
    private readonly SchedulerServices _services;

    internal ProfileFramework(string name, IReadOnlyList<IPlugin> plugins, IReadOnlyDictionary<string, int> weights, SchedulerServices services,
        int? percentageOfNodesToScore)
    {
        ProfileName = name;
        Plugins = plugins;
        _services = services;
        PercentageOfNodesToScore = percentageOfNodesToScore;
        _preFilter = [.. plugins.OfType<IPreFilterPlugin>()];
        _filter = [.. plugins.OfType<IFilterPlugin>()];
        _postFilter = [.. plugins.OfType<IPostFilterPlugin>()];
        _preScore = [.. plugins.OfType<IPreScorePlugin>()];
        _score = plugins.OfType<IScorePlugin>().Select(p => (p, weights.TryGetValue(p.Name, out var w) ? w : 1)).Where(p => p.Item2 > 0).ToArray();
        _reserve = [.. plugins.OfType<IReservePlugin>()];
        _permit = [.. plugins.OfType<IPermitPlugin>()];
        _preBind = [.. plugins.OfType<IPreBindPlugin>()];
        _bind = [.. plugins.OfType<IBindPlugin>()];
        _postBind = [.. plugins.OfType<IPostBindPlugin>()];
        foreach (var p in plugins.OfType<IFrameworkAwarePlugin>()) p.Initialize(this);
    }

    /// <inheritdoc />
    public string ProfileName { get; }

    /// <summary>The profile's plugins, in order.</summary>
    public IReadOnlyList<IPlugin> Plugins { get; }

    /// <summary>The profile's override of the scheduler-wide percentage of nodes to score.</summary>
    public int? PercentageOfNodesToScore { get; }

    /// <inheritdoc />
    public KubeClient Client => _services.Client;

    /// <inheritdoc />
    public TimeProvider TimeProvider => _services.Time;

    /// <inheritdoc />
    public IEventRecorder EventRecorder => _services.Recorder;

    /// <inheritdoc />
    public Snapshot Snapshot => _services.CurrentSnapshot;

    /// <summary>Whether the profile has Score plugins.</summary>
    public bool HasScorePlugins => _score.Length > 0;

    /// <inheritdoc />
    public WaitingPod? GetWaitingPod(string uid) => _services.WaitingPods.TryGetValue(uid, out var w) ? w : null;

    /// <inheritdoc />
    public IReadOnlyList<Pod> NominatedPodsForNode(string nodeName) => _services.Nominator.PodsFor(nodeName);

    /// <inheritdoc />
    public PluginStatus RunPreFilterPlugins(CycleState state, Pod pod, Snapshot snapshot)
    {
        state.ActiveFilters = null;
        foreach (var plugin in _preFilter)
        {
            PluginStatus status;
            try { status = plugin.PreFilter(state, pod, snapshot); }
            catch (Exception e) { return PluginStatus.FromException(e).WithPlugin(plugin.Name); }
            if (status.IsSkip) { state.SkipFilter(plugin.Name); continue; }
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        // The per-node loop then runs exactly these, without a skip lookup per plugin per node.
        state.ActiveFilters = state.SkipsAnyFilter ? [.. _filter.Where(f => !state.SkipsFilter(f.Name))] : _filter;
        return PluginStatus.Success;
    }

    /// <inheritdoc />
    public PluginStatus RunFilterPlugins(CycleState state, Pod pod, NodeInfo node)
    {
        var active = state.ActiveFilters;
        var anySkipped = active is null && state.SkipsAnyFilter;
        foreach (var plugin in active ?? _filter)
        {
            if (anySkipped && state.SkipsFilter(plugin.Name)) continue;
            PluginStatus status;
            try { status = plugin.Filter(state, pod, node); }
            catch (Exception e) { return PluginStatus.FromException(e).WithPlugin(plugin.Name); }
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return PluginStatus.Success;
    }

    /// <summary>Runs Filter with the pods nominated to the node at equal or higher priority counted as if they ran there.</summary>
    public PluginStatus RunFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo node)
    {
        var nominated = _services.Nominator.IsEmpty ? [] : NominatedPodsForNode(node.Name);
        if (nominated.Count > 0)
        {
            var priority = PodKeys.PriorityOf(pod);
            var key = PodKeys.Of(pod);
            NodeInfo? withNominated = null;
            foreach (var other in nominated)
            {
                if (PodKeys.Of(other) == key || PodKeys.PriorityOf(other) < priority) continue;
                withNominated ??= node.Clone();
                withNominated.AddPod(new PodInfo(other));
            }
            if (withNominated is not null)
            {
                var status = RunFilterPlugins(state, pod, withNominated);
                if (!status.IsSuccess) return status;
            }
        }
        return RunFilterPlugins(state, pod, node);
    }

    /// <summary>Runs PostFilter plugins until one succeeds; returns the last result.</summary>
    public async Task<PostFilterResult> RunPostFilterPluginsAsync(CycleState state, Pod pod, IReadOnlyDictionary<string, PluginStatus> statuses, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        foreach (var plugin in _postFilter)
        {
            PostFilterResult result;
            try { result = await plugin.PostFilterAsync(state, pod, statuses, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { return new PostFilterResult(PluginStatus.FromException(e).WithPlugin(plugin.Name)); }
            if (result.Status.IsSuccess) return result;
            if (result.Status.Code == StatusCode.Error) return result with { Status = result.Status.WithPlugin(plugin.Name) };
            if (result.Status.Reasons.Count > 0) messages.Add(result.Status.Message);
        }
        return new PostFilterResult(messages.Count == 0 ? PluginStatus.Unschedulable() : PluginStatus.Unschedulable(string.Join(", ", messages)));
    }

    /// <summary>Runs PreScore plugins.</summary>
    public PluginStatus RunPreScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var plugin in _preScore)
        {
            PluginStatus status;
            try { status = plugin.PreScore(state, pod, nodes); }
            catch (Exception e) { return PluginStatus.FromException(e).WithPlugin(plugin.Name); }
            if (status.IsSkip) { state.SkipScore(plugin.Name); continue; }
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return PluginStatus.Success;
    }

    /// <summary>Scores, normalizes and weighs; returns each node's total in the order of <paramref name="nodes"/>.</summary>
    public long[] RunScorePlugins(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, out PluginStatus status)
    {
        var totals = new long[nodes.Count];
        status = PluginStatus.Success;
        var scores = new NodeScore[nodes.Count]; // one buffer for every plugin: each fills all of it before normalizing
        foreach (var (plugin, weight) in _score)
        {
            if (state.SkipsScore(plugin.Name)) continue;
            try
            {
                for (var i = 0; i < nodes.Count; i++) scores[i] = new NodeScore(nodes[i].Name, plugin.Score(state, pod, nodes[i]));
                plugin.NormalizeScore(state, pod, scores);
            }
            catch (Exception e)
            {
                status = PluginStatus.FromException(e).WithPlugin(plugin.Name);
                return totals;
            }
            for (var i = 0; i < scores.Length; i++)
            {
                var s = scores[i].Score;
                if (s is < ScoreLimits.MinNodeScore or > ScoreLimits.MaxNodeScore)
                {
                    status = PluginStatus.ErrorStatus($"plugin \"{plugin.Name}\" returns an invalid score {s}, it should in the range of [{ScoreLimits.MinNodeScore}, {ScoreLimits.MaxNodeScore}] after normalizing").WithPlugin(plugin.Name);
                    return totals;
                }
                totals[i] += s * weight;
            }
        }
        return totals;
    }

    /// <summary>Runs Reserve plugins; on failure the caller must run <see cref="RunUnreservePluginsAsync"/>.</summary>
    public async Task<PluginStatus> RunReservePluginsAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var plugin in _reserve)
        {
            PluginStatus status;
            try { status = await plugin.ReserveAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { status = PluginStatus.FromException(e); }
            if (!status.IsSuccess) return status.WithPlugin(plugin.Name);
        }
        return PluginStatus.Success;
    }

    /// <summary>Runs Unreserve plugins in reverse order.</summary>
    public async Task RunUnreservePluginsAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        for (var i = _reserve.Length - 1; i >= 0; i--)
        {
            try { await _reserve[i].UnreserveAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { }
        }
    }

    /// <summary>Runs Permit plugins; returns the waiting pod when some plugin asked to wait.</summary>
    public PluginStatus RunPermitPlugins(CycleState state, Pod pod, string nodeName, out WaitingPod? waiting)
    {
        waiting = null;
        var waits = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var plugin in _permit)
        {
            PermitResult result;
            try { result = plugin.Permit(state, pod, nodeName); }
            catch (Exception e) { return PluginStatus.FromException(e).WithPlugin(plugin.Name); }
            if (result.Status.Code == StatusCode.Wait)
            {
                waits[plugin.Name] = result.Timeout <= TimeSpan.Zero ? TimeSpan.Zero : result.Timeout;
                continue;
            }
            if (!result.Status.IsSuccess && !result.Status.IsSkip) return result.Status.WithPlugin(plugin.Name);
        }
        if (waits.Count == 0) return PluginStatus.Success;
        waiting = new WaitingPod(pod, nodeName, waits, TimeProvider);
        _services.WaitingPods[PodKeys.Of(pod)] = waiting;
        return PluginStatus.Of(StatusCode.Wait);
    }

    /// <summary>Waits for a pod held at Permit to be allowed or rejected.</summary>
    public async Task<PluginStatus> WaitOnPermitAsync(WaitingPod waiting, CancellationToken cancellationToken)
    {
        try { return await waiting.WaitAsync(cancellationToken).ConfigureAwait(false); }
        finally { _services.WaitingPods.TryRemove(PodKeys.Of(waiting.Pod), out _); }
    }

    /// <summary>Runs PreBind plugins.</summary>
    public async Task<PluginStatus> RunPreBindPluginsAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var plugin in _preBind)
        {
            PluginStatus status;
            try { status = await plugin.PreBindAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { status = PluginStatus.FromException(e); }
            if (!status.IsSuccess && !status.IsSkip) return status.WithPlugin(plugin.Name);
        }
        return PluginStatus.Success;
    }

    /// <summary>Runs Bind plugins until one does not skip.</summary>
    public async Task<PluginStatus> RunBindPluginsAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var plugin in _bind)
        {
            PluginStatus status;
            try { status = await plugin.BindAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException) { status = PluginStatus.FromException(e); }
            if (status.IsSkip) continue;
            return status.IsSuccess ? status : status.WithPlugin(plugin.Name);
        }
        return PluginStatus.ErrorStatus("no bind plugin bound the pod");
    }

    /// <summary>Runs PostBind plugins.</summary>
    public void RunPostBindPlugins(CycleState state, Pod pod, string nodeName)
    {
        foreach (var plugin in _postBind)
        {
            try { plugin.PostBind(state, pod, nodeName); }
            catch (Exception) { }
        }
    }
}
