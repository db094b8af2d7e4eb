using KubeCore.Models;
using static KubeCore.Printing.JsonColumnPrinter;

namespace KubeCore.Printing;

// Kinds KubeCore serves only as GenericObject (if a user adds them) still print with kube-apiserver's columns.
internal static partial class BuiltInPrinters
{
    private static readonly string[] s_podTemplateContainers = ["spec", "template", "spec", "containers"];

    public static IColumnPrinter StatefulSet { get; } = new JsonColumnPrinter(
    [
        TableColumns.Name,
        TableColumns.Text("Ready", "Number of the pod with ready state"),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
    ], (json, obj, now) =>
    {
        var (names, images) = PrintFormat.Containers(As<List<Container>>(json, s_podTemplateContainers));
        return
        [
            obj.Metadata.Name ?? "",
            PrintFormat.Int(Int(json, 0, "status", "readyReplicas")) + "/" + PrintFormat.Int(Int(json, 1, "spec", "replicas")),
            HumanDuration.Since(obj.Metadata.CreationTimestamp, now),
            names, images,
        ];
    });

    public static IColumnPrinter DaemonSet { get; } = new JsonColumnPrinter(
    [
        TableColumns.Name,
        TableColumns.Integer("Desired", "The total number of nodes that should be running the daemon pod."),
        TableColumns.Integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
        TableColumns.Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
        TableColumns.Integer("Up-to-date", "The total number of nodes that are running updated daemon pod."),
        TableColumns.Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
        TableColumns.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Selector("A label query over pods that are managed by the daemon set."),
    ], (json, obj, now) =>
    {
        var (names, images) = PrintFormat.Containers(As<List<Container>>(json, s_podTemplateContainers));
        return
        [
            obj.Metadata.Name ?? "",
            Int(json, 0, "status", "desiredNumberScheduled"),
            Int(json, 0, "status", "currentNumberScheduled"),
            Int(json, 0, "status", "numberReady"),
            Int(json, 0, "status", "updatedNumberScheduled"),
            Int(json, 0, "status", "numberAvailable"),
            PrintFormat.Labels(As<Dictionary<string, string>>(json, "spec", "template", "spec", "nodeSelector")),
            HumanDuration.Since(obj.Metadata.CreationTimestamp, now),
            names, images,
            PrintFormat.LabelSelector(As<LabelSelector>(json, "spec", "selector")),
        ];
    });

    public static IColumnPrinter StorageClass { get; } = new JsonColumnPrinter(
    [
        TableColumns.Name,
        TableColumns.Text("Provisioner", "The provisioner of this storage class."),
        TableColumns.Text("ReclaimPolicy", "The reclaim policy of volumes this class provisions."),
        TableColumns.Text("VolumeBindingMode", "When volumes are provisioned and bound."),
        TableColumns.Text("AllowVolumeExpansion", "Whether the storage class allows volume expansion."),
        TableColumns.Age,
    ], (json, obj, now) =>
    {
        var annotations = obj.Metadata.Annotations;
        var isDefault = annotations is not null
            && ((annotations.TryGetValue("storageclass.kubernetes.io/is-default-class", out var v) && v == "true")
                || (annotations.TryGetValue("storageclass.beta.kubernetes.io/is-default-class", out var beta) && beta == "true"));
        return
        [
            (obj.Metadata.Name ?? "") + (isDefault ? " (default)" : ""),
            Text(json, "provisioner") ?? "",
            Text(json, "reclaimPolicy") ?? "Delete",
            Text(json, "volumeBindingMode") ?? "Immediate",
            At(json, "allowVolumeExpansion") is { ValueKind: System.Text.Json.JsonValueKind.True },
            HumanDuration.Since(obj.Metadata.CreationTimestamp, now),
        ];
    });
}
