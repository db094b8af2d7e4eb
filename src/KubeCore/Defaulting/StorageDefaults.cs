using KubeCore.Models;

namespace KubeCore.Defaulting;

/// <summary>Persistent volume and claim defaults.</summary>
internal static class StorageDefaults
{
    /// <summary>Claims default to <c>volumeMode: Filesystem</c>.</summary>
    public static PersistentVolumeClaim Claim(PersistentVolumeClaim pvc)
    {
        if (pvc.Spec is { VolumeMode.Length: > 0 }) return pvc;
        return pvc with { Spec = (pvc.Spec ?? new PersistentVolumeClaimSpec()) with { VolumeMode = "Filesystem" } };
    }

    /// <summary>Volumes default to <c>Retain</c> and <c>volumeMode: Filesystem</c>.</summary>
    public static PersistentVolume Volume(PersistentVolume pv)
    {
        if (pv.Spec is { VolumeMode.Length: > 0, PersistentVolumeReclaimPolicy.Length: > 0 }) return pv;
        var s = pv.Spec ?? new PersistentVolumeSpec();
        return pv with
        {
            Spec = s with
            {
                VolumeMode = string.IsNullOrEmpty(s.VolumeMode) ? "Filesystem" : s.VolumeMode,
                PersistentVolumeReclaimPolicy = string.IsNullOrEmpty(s.PersistentVolumeReclaimPolicy) ? "Retain" : s.PersistentVolumeReclaimPolicy,
            },
        };
    }
}
