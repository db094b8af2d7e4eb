using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>
/// Why a pod fits no node, worded as kube-scheduler words it (upstream <c>FitError</c>):
/// <c>0/5 nodes are available: 2 node(s) had untolerated taint {k: v}, 3 Insufficient cpu. preemption: …</c>.
/// </summary>
public sealed class FitError
{
    /// <summary>Creates a fit error.</summary>
    public FitError(Pod pod, int numAllNodes, IReadOnlyDictionary<string, PluginStatus> nodeStatuses, string? preFilterMessage = null, string? postFilterMessage = null)
    {
        Pod = pod;
        NumAllNodes = numAllNodes;
        NodeStatuses = nodeStatuses;
        PreFilterMessage = preFilterMessage;
        PostFilterMessage = postFilterMessage;
    }

    /// <summary>The pod.</summary>
    public Pod Pod { get; }

    /// <summary>How many nodes the cluster has.</summary>
    public int NumAllNodes { get; }

    /// <summary>Each rejected node's status.</summary>
    public IReadOnlyDictionary<string, PluginStatus> NodeStatuses { get; }

    /// <summary>The message of a PreFilter plugin that rejected the pod outright.</summary>
    public string? PreFilterMessage { get; }

    /// <summary>The PostFilter (preemption) message.</summary>
    public string? PostFilterMessage { get; init; }

    /// <summary>The plugins that rejected the pod.</summary>
    public IReadOnlySet<string> UnschedulablePlugins =>
        NodeStatuses.Values.Select(s => s.Plugin).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The message: reasons counted per node, sorted as strings, then the PostFilter message.</summary>
    public string Message
    {
        get
        {
            var message = $"0/{NumAllNodes} nodes are available:";
            if (!string.IsNullOrEmpty(PreFilterMessage)) message += $" {PreFilterMessage}.";
            else
            {
                var histogram = Histogram(NodeStatuses.Values);
                if (histogram.Length > 0) message += $" {histogram}.";
            }
            if (!string.IsNullOrEmpty(PostFilterMessage)) message += $" {PostFilterMessage}";
            return message;
        }
    }

    /// <summary>Counts reasons across statuses and formats them <c>"3 Insufficient cpu, 2 …"</c>, sorted ordinally as upstream does.</summary>
    public static string Histogram(IEnumerable<PluginStatus> statuses)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in statuses)
            foreach (var reason in status.Reasons) counts[reason] = counts.GetValueOrDefault(reason) + 1;
        var parts = counts.Select(kv => $"{kv.Value} {kv.Key}").ToList();
        parts.Sort(StringComparer.Ordinal);
        return string.Join(", ", parts);
    }

    /// <inheritdoc />
    public override string ToString() => Message;
}
