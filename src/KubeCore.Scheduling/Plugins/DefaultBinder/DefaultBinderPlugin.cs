using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Scheduling.Framework;

namespace KubeCore.Scheduling.Plugins.DefaultBinder;

/// <summary>Binds through the <c>pods/binding</c> subresource, which sets <c>spec.nodeName</c> and <c>PodScheduled=True</c>.</summary>
public sealed class DefaultBinderPlugin : IBindPlugin, IFrameworkAwarePlugin
{
    /// <summary>The plugin name.</summary>
    public const string PluginName = "DefaultBinder";

    private IFrameworkHandle? _handle;

    /// <inheritdoc />
    public string Name => PluginName;

    /// <inheritdoc />
    public void Initialize(IFrameworkHandle handle) => _handle = handle;

    /// <inheritdoc />
    public async Task<PluginStatus> BindAsync(CycleState state, Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        var client = _handle?.Client ?? throw new InvalidOperationException("DefaultBinder is not initialized");
        await client.Pods(pod.Metadata.Namespace).BindAsync(pod.Metadata.Name!, nodeName, cancellationToken).ConfigureAwait(false);
        return PluginStatus.Success;
    }
}
