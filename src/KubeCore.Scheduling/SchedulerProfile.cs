using KubeCore.Scheduling.Framework;
using KubeCore.Scheduling.Plugins.NodeResources;

namespace KubeCore.Scheduling;

/// <summary>
/// One scheduling profile, selected by pods through <c>spec.schedulerName</c>: the built-in plugins (minus disabled
/// ones), their score weights, and your own plugins.
/// </summary>
public sealed class SchedulerProfile
{
    /// <summary>The scheduler name pods select this profile with (default <c>default-scheduler</c>).</summary>
    public string SchedulerName { get; set; } = SchedulerOptions.DefaultSchedulerName;

    /// <summary>Built-in plugins left out of this profile, by name (<c>"*"</c> disables them all).</summary>
    public HashSet<string> DisabledPlugins { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Score weights by plugin name, overriding the defaults (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, InterPodAffinity 2, others 1).</summary>
    public Dictionary<string, int> PluginWeights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>NodeResourcesFit settings (scoring strategy LeastAllocated by default).</summary>
    public NodeResourcesFitOptions NodeResourcesFit { get; set; } = new();

    /// <summary>Weight InterPodAffinity gives existing pods' required affinity when scoring (default 1).</summary>
    public int HardPodAffinityWeight { get; set; } = 1;

    /// <summary>Overrides the scheduler-wide percentage of nodes to score for this profile.</summary>
    public int? PercentageOfNodesToScore { get; set; }

    /// <summary>Your own plugins: factories called once per scheduler, with their score weights.</summary>
    public List<PluginRegistration> CustomPlugins { get; set; } = [];
}

/// <summary>A user plugin added to a profile.</summary>
/// <param name="Factory">Creates the plugin instance for the profile.</param>
/// <param name="Weight">Its score weight (ignored when it does not score).</param>
public sealed record PluginRegistration(Func<IPlugin> Factory, int Weight = 1);
