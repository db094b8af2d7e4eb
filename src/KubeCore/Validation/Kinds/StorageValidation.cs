using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of PersistentVolumes and PersistentVolumeClaims.</summary>
internal static class StorageValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    private static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];
    private static readonly string[] VolumeModes = ["Block", "Filesystem"];
    private static readonly string[] StorageOnly = ["storage"];

    /// <summary>Validates a persistent volume (<c>ValidatePersistentVolumeSpec</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(PersistentVolume pv)
    {
        List<FieldError>? errs = null;
        var s = pv.Spec ?? new PersistentVolumeSpec();
        ValidateAccessModes(ref errs, s.AccessModes, null);
        var capPath = Spec.Child("capacity");
        if (s.Capacity is not { Count: > 0 } capacity) Errors.Add(ref errs, FieldError.Required(capPath, ""));
        else
        {
            if (!capacity.ContainsKey("storage") || capacity.Count > 1)
                Errors.Add(ref errs, FieldError.NotSupported(capPath, GoLiteral.Map(capacity.ToDictionary(p => p.Key, p => p.Value.ToString())), StorageOnly));
            foreach (var (name, q) in capacity)
                if (q.Sign <= 0) Errors.Add(ref errs, FieldError.Invalid(capPath.Key(name), q.ToString(), Formats.Positive));
        }
        var sources = (s.HostPath is null ? 0 : 1) + (s.Local is null ? 0 : 1) + (s.Csi is null ? 0 : 1) + (s.Nfs is null ? 0 : 1) + (s.ExtensionData?.Count ?? 0);
        if (sources == 0) Errors.Add(ref errs, FieldError.Required(Spec, "must specify a volume type"));
        if (s.PersistentVolumeReclaimPolicy is { } rp) Formats.CheckEnum(ref errs, rp, Spec.Child("persistentVolumeReclaimPolicy"), ReclaimPolicies);
        if (s.VolumeMode is { } vm) Formats.CheckEnum(ref errs, vm, Spec.Child("volumeMode"), VolumeModes);
        if (!string.IsNullOrEmpty(s.StorageClassName)) Formats.CheckDnsSubdomain(ref errs, s.StorageClassName, Spec.Child("storageClassName"));
        return Errors.Result(errs);
    }

    /// <summary>Validates a claim (<c>ValidatePersistentVolumeClaimSpec</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(PersistentVolumeClaim pvc)
    {
        List<FieldError>? errs = null;
        var s = pvc.Spec ?? new PersistentVolumeClaimSpec();
        ValidateAccessModes(ref errs, s.AccessModes, "at least 1 access mode is required");
        if (s.Selector is { } selector) SelectorChecks.Validate(ref errs, selector, Spec.Child("selector"));
        var storagePath = Spec.Child("resources").Key("storage");
        if (s.Resources?.Requests is not { } requests || !requests.TryGetValue("storage", out var storage))
            Errors.Add(ref errs, FieldError.Required(storagePath, ""));
        else if (storage.Sign <= 0) Errors.Add(ref errs, FieldError.Invalid(storagePath, storage.ToString(), Formats.Positive));
        if (s.VolumeMode is { } vm) Formats.CheckEnum(ref errs, vm, Spec.Child("volumeMode"), VolumeModes);
        if (!string.IsNullOrEmpty(s.StorageClassName)) Formats.CheckDnsSubdomain(ref errs, s.StorageClassName, Spec.Child("storageClassName"));
        return Errors.Result(errs);
    }

    /// <summary>Validates a claim update: only the storage request may change (and only grow) once the claim exists.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(PersistentVolumeClaim updated, PersistentVolumeClaim current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        var n = updated.Spec ?? new PersistentVolumeClaimSpec();
        var o = current.Spec ?? new PersistentVolumeClaimSpec();
        // A binder may fill in volumeName once; requests may change; everything else is fixed.
        var munged = n with
        {
            Resources = o.Resources,
            VolumeName = string.IsNullOrEmpty(o.VolumeName) ? o.VolumeName : n.VolumeName,
            VolumeAttributesClassName = o.VolumeAttributesClassName,
        };
        if (!Serialization.StructuralEquality.JsonEquals(munged, o))
            Errors.Add(ref errs, FieldError.Forbidden(Spec, "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
        return Errors.Result(errs);
    }

    private static void ValidateAccessModes(ref List<FieldError>? errs, IReadOnlyList<string>? modes, string? requiredDetail)
    {
        var path = Spec.Child("accessModes");
        if (modes is not { Count: > 0 })
        {
            Errors.Add(ref errs, FieldError.Required(path, requiredDetail ?? ""));
            return;
        }
        foreach (var m in modes)
            if (Array.IndexOf(AccessModes, m) < 0) Errors.Add(ref errs, FieldError.NotSupported(path, m, AccessModes));
        if (modes.Count > 1 && modes.Contains("ReadWriteOncePod"))
            Errors.Add(ref errs, FieldError.Forbidden(path, "may not use ReadWriteOncePod with other access modes"));
    }
}
