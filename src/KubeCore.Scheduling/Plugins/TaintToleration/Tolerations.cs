using KubeCore.Models;

namespace KubeCore.Scheduling.Plugins;

/// <summary>Toleration matching as Kubernetes defines it (<c>Toleration.ToleratesTaint</c>).</summary>
public static class Tolerations
{
    /// <summary>Whether one toleration tolerates the taint.</summary>
    public static bool Tolerates(Toleration toleration, Taint taint) => toleration.Tolerates(taint);

    /// <summary>Whether any toleration tolerates the taint.</summary>
    public static bool Tolerates(IReadOnlyList<Toleration>? tolerations, Taint taint) =>
        tolerations is not null && tolerations.Any(t => Tolerates(t, taint));
}
