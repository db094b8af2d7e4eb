using System.Collections.Concurrent;

namespace KubeCore.Scheduling.Framework;

/// <summary>
/// Data plugins share within one scheduling cycle of one pod (upstream <c>CycleState</c>): PreFilter computes, Filter
/// and Score read. Keys are usually the plugin name plus a suffix. Safe for concurrent reads and writes.
/// </summary>
public sealed class CycleState
{
    private readonly ConcurrentDictionary<string, object> _data = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _skipFilter = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _skipScore = new(StringComparer.Ordinal);

    /// <summary>Stores a value.</summary>
    public void Write(string key, object value) => _data[key] = value;

    /// <summary>Reads a value, or null when absent or of another type.</summary>
    public T? Read<T>(string key) where T : class => _data.TryGetValue(key, out var v) ? v as T : null;

    /// <summary>Removes a value.</summary>
    public void Delete(string key) => _data.TryRemove(key, out _);

    /// <summary>Whether Filter of <paramref name="plugin"/> is skipped because its PreFilter returned Skip.</summary>
    public bool SkipsFilter(string plugin) => _skipFilter.ContainsKey(plugin);

    /// <summary>Whether Score of <paramref name="plugin"/> is skipped because its PreScore returned Skip.</summary>
    public bool SkipsScore(string plugin) => _skipScore.ContainsKey(plugin);

    /// <summary>Whether any PreFilter returned Skip (lets the per-node filter loop avoid a lookup per plugin).</summary>
    internal bool SkipsAnyFilter => !_skipFilter.IsEmpty;

    /// <summary>The Filter plugins left after PreFilter's skips, computed once per cycle by the framework (null: not yet known).</summary>
    internal IFilterPlugin[]? ActiveFilters { get; set; }

    internal void SkipFilter(string plugin) => _skipFilter[plugin] = true;

    internal void SkipScore(string plugin) => _skipScore[plugin] = true;

    /// <summary>A copy for simulations (preemption), sharing the stored values.</summary>
    public CycleState Clone()
    {
        var copy = new CycleState();
        foreach (var (k, v) in _data) copy._data[k] = v;
        foreach (var k in _skipFilter.Keys) copy._skipFilter[k] = true;
        foreach (var k in _skipScore.Keys) copy._skipScore[k] = true;
        copy.ActiveFilters = ActiveFilters;
        return copy;
    }
}
