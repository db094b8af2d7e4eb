using KubeCore.Models;

namespace KubeCore.Printing;

internal static partial class BuiltInPrinters
{
    private const string StorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public static IColumnPrinter ConfigMap { get; } = new ColumnPrinter<ConfigMap>(
    [
        TableColumns.Name,
        TableColumns.Text("Data", "Data contains the configuration data."),
        TableColumns.Age,
    ], (cm, now) =>
    [
        cm.Metadata.Name ?? "",
        (long)((cm.Data?.Count ?? 0) + (cm.BinaryData?.Count ?? 0)),
        HumanDuration.Since(cm.Metadata.CreationTimestamp, now),
    ]);

    public static IColumnPrinter Secret { get; } = new ColumnPrinter<Secret>(
    [
        TableColumns.Name,
        TableColumns.Text("Type", "Used to facilitate programmatic handling of secret data."),
        TableColumns.Text("Data", "Data contains the secret data."),
        TableColumns.Age,
    ], (secret, now) =>
    [
        secret.Metadata.Name ?? "",
        secret.Type ?? "",
        (long)(secret.Data?.Count ?? 0),
        HumanDuration.Since(secret.Metadata.CreationTimestamp, now),
    ]);

    public static IColumnPrinter ServiceAccount { get; } = new ColumnPrinter<ServiceAccount>(
    [
        TableColumns.Name,
        TableColumns.Text("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
        TableColumns.Age,
    ], (sa, now) => [sa.Metadata.Name ?? "", (long)(sa.Secrets?.Count ?? 0), HumanDuration.Since(sa.Metadata.CreationTimestamp, now)]);

    public static IColumnPrinter PersistentVolume { get; } = new ColumnPrinter<PersistentVolume>(
    [
        TableColumns.Name,
        TableColumns.Text("Capacity", "Capacity is the description of the persistent volume's resources and capacity."),
        TableColumns.Text("Access Modes", "AccessModes contains all ways the volume can be mounted."),
        TableColumns.Text("Reclaim Policy", "What happens to a persistent volume when released from its claim."),
        TableColumns.Text("Status", "Phase indicates if a volume is available, bound to a claim, or released by a claim."),
        TableColumns.Text("Claim", "ClaimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
        TableColumns.Text("StorageClass", "StorageClass of the pv"),
        TableColumns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
        TableColumns.Text("Reason", "Reason is a brief CamelCase string that describes any failure."),
        TableColumns.Age,
        TableColumns.Text("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1),
    ], (pv, now) =>
    {
        var spec = pv.Spec ?? new PersistentVolumeSpec();
        var claim = spec.ClaimRef is { } c ? (c.Namespace ?? "") + "/" + (c.Name ?? "") : "";
        return
        [
            pv.Metadata.Name ?? "",
            PrintFormat.Quantity(spec.Capacity, "storage"),
            PrintFormat.AccessModes(spec.AccessModes),
            spec.PersistentVolumeReclaimPolicy ?? "",
            pv.Metadata.DeletionTimestamp is not null ? "Terminating" : pv.Status?.Phase ?? "",
            claim,
            StorageClassOf(pv.Metadata, spec.StorageClassName),
            spec.VolumeAttributesClassName ?? PrintFormat.Unset,
            pv.Status?.Reason ?? "",
            HumanDuration.Since(pv.Metadata.CreationTimestamp, now),
            spec.VolumeMode ?? PrintFormat.Unset,
        ];
    });

    public static IColumnPrinter PersistentVolumeClaim { get; } = new ColumnPrinter<PersistentVolumeClaim>(
    [
        TableColumns.Name,
        TableColumns.Text("Status", "Phase represents the current phase of PersistentVolumeClaim."),
        TableColumns.Text("Volume", "VolumeName is the binding reference to the PersistentVolume backing this claim."),
        TableColumns.Text("Capacity", "Capacity represents the actual resources of the underlying volume."),
        TableColumns.Text("Access Modes", "AccessModes contains the actual access modes the volume backing the PVC has."),
        TableColumns.Text("StorageClass", "StorageClass of the pvc"),
        TableColumns.Text("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
        TableColumns.Age,
        TableColumns.Text("VolumeMode", "volumeMode defines what type of volume is required by the claim.", 1),
    ], (pvc, now) =>
    {
        var spec = pvc.Spec ?? new PersistentVolumeClaimSpec();
        var capacity = "";
        var accessModes = "";
        if (!string.IsNullOrEmpty(spec.VolumeName))
        {
            accessModes = PrintFormat.AccessModes(pvc.Status?.AccessModes);
            capacity = PrintFormat.Quantity(pvc.Status?.Capacity, "storage");
        }
        return
        [
            pvc.Metadata.Name ?? "",
            pvc.Metadata.DeletionTimestamp is not null ? "Terminating" : pvc.Status?.Phase ?? "",
            spec.VolumeName ?? "",
            capacity,
            accessModes,
            StorageClassOf(pvc.Metadata, spec.StorageClassName),
            spec.VolumeAttributesClassName ?? PrintFormat.Unset,
            HumanDuration.Since(pvc.Metadata.CreationTimestamp, now),
            spec.VolumeMode ?? PrintFormat.Unset,
        ];
    });

    // The beta annotation still wins over spec.storageClassName, as in kube-apiserver's helpers.
    private static string StorageClassOf(ObjectMeta metadata, string? storageClassName) =>
        metadata.Annotations is { } a && a.TryGetValue(StorageClassAnnotation, out var annotated) ? annotated : storageClassName ?? "";
}
