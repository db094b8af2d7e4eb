using KubeCore.Scheduling.Framework;
using KubeCore.Scheduling.Plugins.DefaultBinder;
using KubeCore.Scheduling.Plugins.DefaultPreemption;
using KubeCore.Scheduling.Plugins.ImageLocality;
using KubeCore.Scheduling.Plugins.InterPodAffinity;
using KubeCore.Scheduling.Plugins.NodeAffinity;
using KubeCore.Scheduling.Plugins.NodeName;
using KubeCore.Scheduling.Plugins.NodePorts;
using KubeCore.Scheduling.Plugins.NodeResources;
using KubeCore.Scheduling.Plugins.NodeUnschedulable;
using KubeCore.Scheduling.Plugins.PodTopologySpread;
using KubeCore.Scheduling.Plugins.TaintToleration;

namespace KubeCore.Scheduling.Plugins;

/// <summary>The default profile's plugins, in kube-scheduler's order, and their default score weights.</summary>
public static class DefaultPlugins
{
    /// <summary>Default score weights (plugins not listed weigh 1).</summary>
    public static IReadOnlyDictionary<string, int> Weights { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [TaintTolerationPlugin.PluginName] = 3,
        [NodeAffinityPlugin.PluginName] = 2,
        [PodTopologySpreadPlugin.PluginName] = 2,
        [InterPodAffinityPlugin.PluginName] = 2,
        [NodeResourcesFitPlugin.PluginName] = 1,
        [NodeResourcesBalancedAllocationPlugin.PluginName] = 1,
        [ImageLocalityPlugin.PluginName] = 1,
    };

    /// <summary>The names of the built-in plugins, in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        NodeUnschedulablePlugin.PluginName, NodeNamePlugin.PluginName, TaintTolerationPlugin.PluginName, NodeAffinityPlugin.PluginName,
        NodePortsPlugin.PluginName, NodeResourcesFitPlugin.PluginName, PodTopologySpreadPlugin.PluginName, InterPodAffinityPlugin.PluginName,
        DefaultPreemptionPlugin.PluginName, NodeResourcesBalancedAllocationPlugin.PluginName, ImageLocalityPlugin.PluginName, DefaultBinderPlugin.PluginName,
    ];

    /// <summary>
    /// Creates a profile's plugins: the built-in ones it keeps, then its custom plugins, then DefaultBinder (so a custom
    /// bind plugin binds first). <c>"*"</c> in <see cref="SchedulerProfile.DisabledPlugins"/> drops every built-in plugin except DefaultBinder.
    /// </summary>
    public static List<IPlugin> Create(SchedulerProfile profile)
    {
        var disabled = profile.DisabledPlugins;
        var all = Builtin(profile).Where(p => !disabled.Contains(p.Name) && !disabled.Contains("*")).ToList();
        all.AddRange(profile.CustomPlugins.Select(r => r.Factory()));
        if (!disabled.Contains(DefaultBinderPlugin.PluginName)) all.Add(new DefaultBinderPlugin());
        return all;
    }

    private static List<IPlugin> Builtin(SchedulerProfile profile)
    {
        var all = new List<IPlugin>
        {
            new NodeUnschedulablePlugin(),
            new NodeNamePlugin(),
            new TaintTolerationPlugin(),
            new NodeAffinityPlugin(),
            new NodePortsPlugin(),
            new NodeResourcesFitPlugin(profile.NodeResourcesFit),
            new PodTopologySpreadPlugin(),
            new InterPodAffinityPlugin(profile.HardPodAffinityWeight),
            new DefaultPreemptionPlugin(),
            new NodeResourcesBalancedAllocationPlugin(),
            new ImageLocalityPlugin(),
        };
        return all;
    }
}
