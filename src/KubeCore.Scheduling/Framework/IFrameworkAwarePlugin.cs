namespace KubeCore.Scheduling.Framework;

/// <summary>A plugin that needs the framework (client, clock, snapshot, other plugins); called once when its profile is built.</summary>
public interface IFrameworkAwarePlugin : IPlugin
{
    /// <summary>Gives the plugin its framework handle.</summary>
    void Initialize(IFrameworkHandle handle);
}
