using KubeCore.Models;

namespace KubeCore.Api.Strategies;

/// <summary>ReplicaSets: the <c>scale</c> subresource reads and writes <c>spec.replicas</c>.</summary>
public class ReplicaSetResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static ReplicaSetResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override ScaleView? GetScale(KubeObject obj)
    {
        var rs = (ReplicaSet)obj;
        return new ScaleView(rs.Spec?.Replicas ?? 1, rs.Status?.Replicas ?? 0, DeploymentResourceStrategy.SelectorText(rs.Spec?.Selector));
    }

    /// <inheritdoc />
    public override KubeObject WithReplicas(KubeObject obj, int replicas)
    {
        var rs = (ReplicaSet)obj;
        return rs with { Spec = (rs.Spec ?? new ReplicaSetSpec()) with { Replicas = replicas } };
    }
}
