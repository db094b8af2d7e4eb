using KubeCore.Models;

namespace KubeCore.Scheduling.Plugins;

/// <summary>Toleration matching as Kubernetes defines it (<c>Toleration.ToleratesTaint</c>).</summary>
public static class Tolerations
{
    /// <summary>Whether one toleration tolerates the taint.</summary>
    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key) return false;
        return toleration.Operator switch
        {
            "Exists" => true,
            "Equal" or "" or null => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    /// <summary>Whether any toleration tolerates the taint.</summary>
    public static bool Tolerates(IReadOnlyList<Toleration>? tolerations, Taint taint) =>
        tolerations is not null && tolerations.Any(t => Tolerates(t, taint));
}
