namespace KubeCore.Scheduling.Framework;

/// <summary>The outcome of a PostFilter plugin: a status and the node the pod is nominated to, if any.</summary>
/// <param name="Status">Success when the plugin made room; otherwise why not (shown after the fit error).</param>
/// <param name="NominatedNodeName">The node the pod should go to once room is made.</param>
public sealed record PostFilterResult(PluginStatus Status, string? NominatedNodeName = null);
