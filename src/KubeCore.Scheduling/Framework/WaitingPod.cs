using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>
/// A pod held at Permit (upstream <c>waitingPod</c>): it binds once every waiting plugin allows it, and is rejected when
/// one rejects it or a plugin's timeout passes on the scheduler's clock.
/// </summary>
public sealed class WaitingPod
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ITimer> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<PluginStatus> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WaitingPod(Pod pod, string nodeName, IReadOnlyDictionary<string, TimeSpan> plugins, TimeProvider time)
    {
        Pod = pod;
        NodeName = nodeName;
        lock (_gate)
        {
            foreach (var (plugin, timeout) in plugins)
            {
                var name = plugin;
                _pending[name] = time.CreateTimer(_ => Reject(name, $"rejected due to timeout after waiting {FormatDuration(timeout)} at plugin {name}"),
                    null, timeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The waiting pod.</summary>
    public Pod Pod { get; }

    /// <summary>The node it would bind to.</summary>
    public string NodeName { get; }

    /// <summary>The plugins still to allow it.</summary>
    public IReadOnlyList<string> PendingPlugins
    {
        get { lock (_gate) return [.. _pending.Keys]; }
    }

    /// <summary>Allows the pod on behalf of <paramref name="plugin"/>; it proceeds once no plugin is pending.</summary>
    public void Allow(string plugin)
    {
        lock (_gate)
        {
            if (_pending.Remove(plugin, out var timer)) timer.Dispose();
            if (_pending.Count > 0) return;
        }
        _result.TrySetResult(PluginStatus.Success);
    }

    /// <summary>Rejects the pod on behalf of <paramref name="plugin"/>.</summary>
    public void Reject(string plugin, string message)
    {
        lock (_gate)
        {
            foreach (var timer in _pending.Values) timer.Dispose();
            _pending.Clear();
        }
        _result.TrySetResult(PluginStatus.Unschedulable(message).WithPlugin(plugin));
    }

    internal Task<PluginStatus> WaitAsync(CancellationToken cancellationToken) => _result.Task.WaitAsync(cancellationToken);

    private static string FormatDuration(TimeSpan d) => d.TotalSeconds >= 1 && d.Milliseconds == 0 ? $"{(long)d.TotalSeconds}s" : $"{d.TotalMilliseconds}ms";
}
