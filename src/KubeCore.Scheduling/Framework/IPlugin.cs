namespace KubeCore.Scheduling.Framework;

/// <summary>A scheduling plugin. Implement one or more extension-point interfaces (<see cref="IFilterPlugin"/>, <see cref="IScorePlugin"/>, …).</summary>
public interface IPlugin
{
    /// <summary>The plugin's unique name within a profile (e.g. <c>NodeResourcesFit</c>).</summary>
    string Name { get; }
}
