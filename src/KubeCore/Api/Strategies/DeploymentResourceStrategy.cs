using KubeCore.Models;
using KubeCore.Selectors;

namespace KubeCore.Api.Strategies;

/// <summary>Deployments: the <c>scale</c> subresource reads and writes <c>spec.replicas</c>.</summary>
public class DeploymentResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static DeploymentResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override ScaleView? GetScale(KubeObject obj)
    {
        var d = (Deployment)obj;
        return new ScaleView(d.Spec?.Replicas ?? 1, d.Status?.Replicas ?? 0, SelectorText(d.Spec?.Selector));
    }

    /// <inheritdoc />
    public override KubeObject WithReplicas(KubeObject obj, int replicas)
    {
        var d = (Deployment)obj;
        return d with { Spec = (d.Spec ?? new DeploymentSpec()) with { Replicas = replicas } };
    }

    internal static string? SelectorText(LabelSelector? selector) =>
        selector is null ? null : Selector.FromLabelSelector(selector).ToString();
}
