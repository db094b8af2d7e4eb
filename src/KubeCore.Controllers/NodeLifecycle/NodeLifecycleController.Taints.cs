using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Controllers.NodeLifecycle;

internal sealed partial class NodeLifecycleController
{
    private readonly Dictionary<string, ZoneTokenBucket> _zoneLimiters = new(StringComparer.Ordinal);
    private bool _allZonesDisrupted;
    private DateTimeOffset _disruptionEndedAt = DateTimeOffset.MinValue;

    private enum ZoneState { Normal, PartialDisruption, FullDisruption }

    /// <summary>Upstream's zone key: region and zone labels.</summary>
    private static string ZoneKey(Node node)
    {
        var labels = node.Metadata.Labels;
        var region = labels?.GetValueOrDefault("topology.kubernetes.io/region") ?? "";
        var zone = labels?.GetValueOrDefault("topology.kubernetes.io/zone") ?? "";
        return region + ":\0:" + zone;
    }

    /// <summary>
    /// Brings every node's controller-owned taints in line with its conditions: NoSchedule taints at once, new
    /// NoExecute taints as the zone's rate limiter allows, removals at once. Returns when a waiting node's zone has a token again.
    /// </summary>
    private async Task<TimeSpan?> UpdateTaintsAsync(List<Node> nodes, DateTimeOffset now, CancellationToken ct)
    {
        var zones = nodes.GroupBy(ZoneKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var states = zones.ToDictionary(z => z.Key, z => StateOf(z.Value), StringComparer.Ordinal);
        var allDisrupted = states.Count > 0 && states.Values.All(s => s == ZoneState.FullDisruption);
        if (_allZonesDisrupted && !allDisrupted) _disruptionEndedAt = now;
        _allZonesDisrupted = allDisrupted;
        foreach (var (zone, state) in states)
        {
            var rate = state switch
            {
                ZoneState.PartialDisruption => zones[zone].Count > _options.LargeClusterSizeThreshold ? _options.SecondaryNodeEvictionRate : 0,
                _ => _options.NodeEvictionRate,
            };
            if (allDisrupted) rate = 0;
            if (_zoneLimiters.TryGetValue(zone, out var limiter)) limiter.SetRate(rate, now);
            else _zoneLimiters[zone] = new ZoneTokenBucket(rate, now);
        }
        foreach (var stale in _zoneLimiters.Keys.Where(z => !zones.ContainsKey(z)).ToList()) _zoneLimiters.Remove(stale);

        TimeSpan? next = null;
        foreach (var node in nodes)
        {
            var taints = (node.Spec?.Taints ?? []).ToList();
            var changed = SetNoScheduleTaints(node, taints);
            var ready = NodeTaints.ReadyStatus(node);
            var wanted = ready switch { "False" => NodeTaints.NotReady, "True" => null, _ => NodeTaints.Unreachable };
            if (allDisrupted) wanted = null; // a cluster-wide outage is more likely the control plane's view than every node failing: evict nothing
            var present = taints.Where(t => t.Effect == NodeTaints.NoExecute && t.Key is NodeTaints.NotReady or NodeTaints.Unreachable).ToList();
            if (wanted is null || (present.Count > 0 && !(present.Count == 1 && present[0].Key == wanted)))
            {
                // Removals, and swapping not-ready for unreachable (or back) on a node already tainted, are not rate limited.
                changed |= taints.RemoveAll(present.Contains) > 0;
                if (wanted is not null) { taints.Add(NoExecuteTaint(wanted, now)); changed = true; }
            }
            else if (present.Count == 0)
            {
                var limiter = _zoneLimiters[ZoneKey(node)];
                if (limiter.TryAccept(now)) { taints.Add(NoExecuteTaint(wanted, now)); changed = true; }
                else if (limiter.UntilNextToken(now) is { } wait && (next is null || wait < next)) next = wait;
            }
            if (!changed) continue;
            try
            {
                await _cluster.Client.Nodes().UpdateAsync(node with { Spec = (node.Spec ?? new NodeSpec()) with { Taints = taints.Count == 0 ? null : taints } }, null, ct).ConfigureAwait(false);
            }
            catch (ConflictException) { Signal(); }
            catch (NotFoundException) { }
        }
        return next;
    }

    private ZoneState StateOf(List<Node> nodes)
    {
        var notReady = nodes.Count(n => NodeTaints.ReadyStatus(n) != "True");
        var readyCount = nodes.Count - notReady;
        if (readyCount == 0 && notReady > 0) return ZoneState.FullDisruption;
        if (notReady > 2 && (double)notReady / nodes.Count >= _options.UnhealthyZoneThreshold) return ZoneState.PartialDisruption;
        return ZoneState.Normal;
    }

    private static Taint NoExecuteTaint(string key, DateTimeOffset now) =>
        new() { Key = key, Effect = NodeTaints.NoExecute, TimeAdded = KubeTime.FromDateTimeOffset(now) };

    /// <summary>TaintNodesByCondition: a NoSchedule taint per unhealthy condition and for a cordoned node. Returns whether <paramref name="taints"/> changed.</summary>
    private static bool SetNoScheduleTaints(Node node, List<Taint> taints)
    {
        HashSet<string> wanted = new(StringComparer.Ordinal);
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            var key = (condition.Type, condition.Status) switch
            {
                ("Ready", "False") => NodeTaints.NotReady,
                ("Ready", "Unknown") => NodeTaints.Unreachable,
                ("MemoryPressure", "True") => NodeTaints.MemoryPressure,
                ("DiskPressure", "True") => NodeTaints.DiskPressure,
                ("PIDPressure", "True") => NodeTaints.PidPressure,
                ("NetworkUnavailable", "True") => NodeTaints.NetworkUnavailable,
                _ => null,
            };
            if (key is not null) wanted.Add(key);
        }
        if (node.Spec?.Unschedulable == true) wanted.Add(NodeTaints.Unschedulable);
        var changed = taints.RemoveAll(t => t.Effect == NodeTaints.NoSchedule && NodeTaints.NoScheduleKeys.Contains(t.Key) && !wanted.Contains(t.Key)) > 0;
        foreach (var key in wanted)
        {
            if (taints.Any(t => t.Key == key && t.Effect == NodeTaints.NoSchedule)) continue;
            taints.Add(new Taint { Key = key, Effect = NodeTaints.NoSchedule });
            changed = true;
        }
        return changed;
    }
}
