using KubeCore.Models;

namespace KubeCore.Defaulting;

/// <summary>
/// Fills in Kubernetes' defaults for typed kinds (<c>pkg/apis/*/v1/defaults.go</c>). The input is never mutated; the same
/// instance is returned when nothing changes, so <c>Apply(Apply(x))</c> is <c>Apply(x)</c>.
/// </summary>
public static class KindDefaults
{
    /// <summary>Returns <paramref name="obj"/> with defaults filled in (a new record only when something changed).</summary>
    public static KubeObject Apply(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj switch
        {
            Pod p => WorkloadDefaults.Pod(p),
            Deployment d => WorkloadDefaults.Deployment(d),
            ReplicaSet rs => WorkloadDefaults.ReplicaSet(rs),
            Job j => WorkloadDefaults.Job(j),
            CronJob cj => WorkloadDefaults.CronJob(cj),
            Service s => ServiceDefaults.Apply(s),
            Secret s => string.IsNullOrEmpty(s.Type) ? s with { Type = "Opaque" } : s,
            PersistentVolumeClaim pvc => StorageDefaults.Claim(pvc),
            PersistentVolume pv => StorageDefaults.Volume(pv),
            HorizontalPodAutoscaler hpa => hpa.Spec is { MinReplicas: null } hs ? hpa with { Spec = hs with { MinReplicas = 1 } } : hpa,
            _ => obj,
        };
    }
}
