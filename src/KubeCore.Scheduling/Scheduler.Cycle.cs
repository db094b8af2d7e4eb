using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Scheduling.Framework;
using KubeCore.Scheduling.Queue;

namespace KubeCore.Scheduling;

public sealed partial class Scheduler
{
    /// <summary>Upstream's message when the cluster has no nodes.</summary>
    public const string ErrNoNodesAvailable = "no nodes available to schedule pods";

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            QueuedPodInfo info;
            try { info = await _queue!.PopAsync(cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            try { await ScheduleOneAsync(info, cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                await HandleFailureAsync(info, _queue!.SchedulingCycle, PluginStatus.FromException(e), null, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ScheduleOneAsync(QueuedPodInfo info, CancellationToken cancellationToken)
    {
        var cycle = _queue!.SchedulingCycle;
        var latest = _pods!.Get(info.Pod.Metadata.Namespace, info.Pod.Metadata.Name!);
        if (latest is null || IsAssigned(latest) || PodKeys.IsTerminating(latest) || latest.Metadata.Uid != info.Pod.Metadata.Uid || Cache.Contains(latest))
        {
            _queue.Done(info.Pod);
            return;
        }
        var pod = ResolvePriority(latest);
        info.Pod = pod;
        if (!_profiles.TryGetValue(SchedulerNameOf(pod), out var fwk)) { _queue.Done(pod); return; }
        var state = new CycleState();
        var snapshot = Cache.Snapshot();
        _services!.CurrentSnapshot = snapshot;

        var (nodeName, fitError, error) = SchedulePod(fwk, state, pod, snapshot);
        if (nodeName is null)
        {
            string? nominated = null;
            if (fitError is not null)
            {
                var post = await fwk.RunPostFilterPluginsAsync(state, pod, fitError.NodeStatuses, cancellationToken).ConfigureAwait(false);
                if (post.Status.IsSuccess && !string.IsNullOrEmpty(post.NominatedNodeName))
                {
                    nominated = post.NominatedNodeName;
                    _services.Nominator.Add(pod, nominated);
                }
                else if (post.Status.Code != StatusCode.Error && post.Status.Reasons.Count > 0)
                {
                    fitError = new FitError(pod, fitError.NumAllNodes, fitError.NodeStatuses, fitError.PreFilterMessage, post.Status.Message);
                }
            }
            await HandleFailureAsync(info, cycle, error, fitError, nominated, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Assume, reserve and permit in the scheduling cycle; bind in the background.
        Cache.AssumePod(pod, nodeName);
        var reserve = await fwk.RunReservePluginsAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
        if (!reserve.IsSuccess)
        {
            await fwk.RunUnreservePluginsAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
            Cache.ForgetPod(pod);
            await HandleFailureAsync(info, cycle, reserve, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        var permit = fwk.RunPermitPlugins(state, pod, nodeName, out var waiting);
        if (!permit.IsSuccess && permit.Code != StatusCode.Wait)
        {
            await fwk.RunUnreservePluginsAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
            Cache.ForgetPod(pod);
            await HandleFailureAsync(info, cycle, permit, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        var binding = Task.Run(() => BindingCycleAsync(fwk, state, info, cycle, nodeName, waiting, cancellationToken), CancellationToken.None);
        lock (_bindingsGate) _bindings.Add(binding);
        _ = binding.ContinueWith(t => { lock (_bindingsGate) _bindings.Remove(t); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private (string? Node, FitError? FitError, PluginStatus? Error) SchedulePod(ProfileFramework fwk, CycleState state, Pod pod, Snapshot snapshot)
    {
        var nodes = snapshot.Nodes;
        if (nodes.Count == 0) return (null, null, PluginStatus.UnschedulableAndUnresolvable(ErrNoNodesAvailable));

        var pre = fwk.RunPreFilterPlugins(state, pod, snapshot);
        if (pre.Code == StatusCode.Error) return (null, null, pre);
        if (pre.IsRejected)
        {
            var all = nodes.ToDictionary(n => n.Name, _ => pre, StringComparer.Ordinal);
            return (null, new FitError(pod, nodes.Count, all, pre.Message), null);
        }

        // A pod nominated by an earlier preemption tries its nominated node first.
        if (pod.Status?.NominatedNodeName is { Length: > 0 } nominatedName && snapshot.Get(nominatedName) is { } nominatedNode)
        {
            var s = fwk.RunFilterPluginsWithNominatedPods(state, pod, nominatedNode);
            if (s.IsSuccess) return (nominatedName, null, null);
        }

        var statuses = new Dictionary<string, PluginStatus>(StringComparer.Ordinal);
        var numToFind = NodesToScore.NumFeasibleNodesToFind(nodes.Count, fwk.PercentageOfNodesToScore ?? _options.PercentageOfNodesToScore);
        var feasible = new List<NodeInfo>(numToFind);
        var start = _nextStartNodeIndex % nodes.Count;
        var processed = 0;
        for (var i = 0; i < nodes.Count && feasible.Count < numToFind; i++)
        {
            var node = nodes[(start + i) % nodes.Count];
            processed++;
            var status = fwk.RunFilterPluginsWithNominatedPods(state, pod, node);
            if (status.IsSuccess) feasible.Add(node);
            else if (status.Code == StatusCode.Error) return (null, null, status);
            else statuses[node.Name] = status;
        }
        _nextStartNodeIndex = (start + processed) % nodes.Count;
        LastFeasibleNodesFound = feasible.Count;
        if (feasible.Count == 0) return (null, new FitError(pod, nodes.Count, statuses), null);
        if (feasible.Count == 1) return (feasible[0].Name, null, null);

        var preScore = fwk.RunPreScorePlugins(state, pod, feasible);
        if (!preScore.IsSuccess) return (null, null, preScore);
        var totals = fwk.RunScorePlugins(state, pod, feasible, out var scoreStatus);
        if (!scoreStatus.IsSuccess) return (null, null, scoreStatus);
        return (SelectHost(feasible, totals), null, null);
    }

    /// <summary>How many feasible nodes the last cycle found (diagnostics: bounded by <see cref="NodesToScore"/>).</summary>
    public int LastFeasibleNodesFound { get; private set; }

    private string SelectHost(List<NodeInfo> nodes, long[] totals)
    {
        // Reservoir sampling over the best scores, with the scheduler's seeded random.
        var best = 0;
        var ties = 1;
        for (var i = 1; i < nodes.Count; i++)
        {
            if (totals[i] > totals[best]) { best = i; ties = 1; }
            else if (totals[i] == totals[best])
            {
                ties++;
                if (_random.Next(ties) == 0) best = i;
            }
        }
        return nodes[best].Name;
    }

    private async Task BindingCycleAsync(ProfileFramework fwk, CycleState state, QueuedPodInfo info, long cycle, string nodeName, WaitingPod? waiting,
        CancellationToken cancellationToken)
    {
        var pod = info.Pod;
        try
        {
            var status = waiting is null ? PluginStatus.Success : await fwk.WaitOnPermitAsync(waiting, cancellationToken).ConfigureAwait(false);
            if (status.IsSuccess) status = await fwk.RunPreBindPluginsAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
            if (status.IsSuccess) status = await fwk.RunBindPluginsAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
            if (!status.IsSuccess)
            {
                await fwk.RunUnreservePluginsAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
                Cache.ForgetPod(pod);
                _queue!.MoveAllToActiveOrBackoff("AssignedPodDelete");
                await HandleFailureAsync(info, cycle, status.IsRejected ? null : status, status.IsRejected ? RejectedAt(pod, status) : null, null, cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            _services!.Recorder.Record(pod, EventTypes.Normal, "Scheduled", $"Successfully assigned {pod.Metadata.Namespace}/{pod.Metadata.Name} to {nodeName}");
            _services.Nominator.Remove(pod);
            _queue!.Done(pod);
            fwk.RunPostBindPlugins(state, pod, nodeName);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        catch (Exception e)
        {
            Cache.ForgetPod(pod);
            await HandleFailureAsync(info, cycle, PluginStatus.FromException(e), null, null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private FitError RejectedAt(Pod pod, PluginStatus status)
    {
        var nodes = Cache.Snapshot().Nodes;
        return new FitError(pod, nodes.Count, new Dictionary<string, PluginStatus>(), status.Message);
    }

    private async Task HandleFailureAsync(QueuedPodInfo info, long cycle, PluginStatus? error, FitError? fitError, string? nominatedNode, CancellationToken cancellationToken)
    {
        var pod = info.Pod;
        string reason, message;
        if (fitError is not null)
        {
            reason = "Unschedulable";
            message = fitError.Message;
            info.UnschedulablePlugins = fitError.UnschedulablePlugins;
            _queue!.AddUnschedulable(info, cycle);
        }
        else
        {
            var unresolvable = error?.Code == StatusCode.UnschedulableAndUnresolvable;
            reason = unresolvable || error?.IsRejected == true ? "Unschedulable" : "SchedulerError";
            message = error?.Message ?? "unknown error";
            info.UnschedulablePlugins = error?.Plugin is { } p ? new HashSet<string> { p } : new HashSet<string>();
            _queue!.AddUnschedulable(info, cycle, toBackoff: !unresolvable && error?.IsRejected != true);
        }
        _services!.Recorder.Record(pod, EventTypes.Warning, "FailedScheduling", message);
        try { await UpdatePodStatusAsync(pod, reason, message, nominatedNode, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        catch (KubeApiException) { }
    }

    private async Task UpdatePodStatusAsync(Pod pod, string reason, string message, string? nominatedNode, CancellationToken cancellationToken)
    {
        var client = _services!.Client.Pods(pod.Metadata.Namespace);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await client.TryGetAsync(pod.Metadata.Name!, cancellationToken).ConfigureAwait(false);
            if (current is null || IsAssigned(current) || current.Metadata.Uid != pod.Metadata.Uid) return;
            var status = current.Status ?? new PodStatus();
            var conditions = status.Conditions ?? [];
            var old = conditions.FirstOrDefault(c => c.Type == "PodScheduled");
            var nominated = nominatedNode ?? status.NominatedNodeName;
            if (old is not null && old.Status == "False" && old.Reason == reason && old.Message == message && nominated == status.NominatedNodeName) return;
            var condition = new PodCondition
            {
                Type = "PodScheduled",
                Status = "False",
                Reason = reason,
                Message = message,
                LastTransitionTime = old is not null && old.Status == "False" ? old.LastTransitionTime : KubeTime.Now(_services.Time),
            };
            var updated = current with
            {
                Status = status with
                {
                    Conditions = conditions.Where(c => c.Type != "PodScheduled").Append(condition).ToList(),
                    NominatedNodeName = nominated,
                },
            };
            try
            {
                await client.UpdateStatusAsync(updated, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConflictException) { }
        }
    }
}
