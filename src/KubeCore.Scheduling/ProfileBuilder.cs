using KubeCore.Scheduling.Framework;
using KubeCore.Scheduling.Plugins.NodeResources;

namespace KubeCore.Scheduling;

/// <summary>Configures one <see cref="SchedulerProfile"/> fluently.</summary>
public sealed class ProfileBuilder
{
    internal ProfileBuilder(SchedulerProfile profile) => Profile = profile;

    /// <summary>The profile being configured.</summary>
    public SchedulerProfile Profile { get; }

    /// <summary>Adds a plugin instance (any mix of extension points) with a score weight.</summary>
    public ProfileBuilder Add(IPlugin plugin, int weight = 1)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        Profile.CustomPlugins.Add(new PluginRegistration(() => plugin, weight));
        return this;
    }

    /// <summary>Adds a plugin created with its parameterless constructor.</summary>
    public ProfileBuilder Add<T>(int weight = 1) where T : IPlugin, new()
    {
        Profile.CustomPlugins.Add(new PluginRegistration(() => new T(), weight));
        return this;
    }

    /// <summary>Adds a score plugin with a weight (same as <see cref="Add{T}"/>).</summary>
    public ProfileBuilder Score<T>(int weight = 1) where T : IScorePlugin, new() => Add<T>(weight);

    /// <summary>Adds a filter plugin (same as <see cref="Add{T}"/>).</summary>
    public ProfileBuilder Filter<T>() where T : IFilterPlugin, new() => Add<T>();

    /// <summary>Leaves built-in plugins out by name (<c>"*"</c>: all of them except DefaultBinder).</summary>
    public ProfileBuilder Disable(params string[] pluginNames)
    {
        foreach (var name in pluginNames) Profile.DisabledPlugins.Add(name);
        return this;
    }

    /// <summary>Sets a plugin's score weight (0 turns its scoring off).</summary>
    public ProfileBuilder Weight(string pluginName, int weight)
    {
        Profile.PluginWeights[pluginName] = weight;
        return this;
    }

    /// <summary>Chooses the NodeResourcesFit scoring strategy (and optionally its resources and shape).</summary>
    public ProfileBuilder ScoringStrategy(ScoringStrategyType strategy, IEnumerable<ResourceWeight>? resources = null, IEnumerable<UtilizationShapePoint>? shape = null)
    {
        Profile.NodeResourcesFit.ScoringStrategy = strategy;
        if (resources is not null) Profile.NodeResourcesFit.Resources = [.. resources];
        if (shape is not null) Profile.NodeResourcesFit.Shape = [.. shape];
        return this;
    }

    /// <summary>Overrides the percentage of nodes to score for this profile.</summary>
    public ProfileBuilder PercentageOfNodesToScore(int percentage)
    {
        Profile.PercentageOfNodesToScore = percentage;
        return this;
    }
}
