using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of a pod spec (<c>ValidatePodSpec</c>), shared by pods and pod templates.</summary>
internal static class PodSpecValidation
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] TolerationOperators = ["Equal", "Exists"];
    /// <summary>Taint effects, in upstream's order.</summary>
    public static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>Validates <paramref name="spec"/> located at <paramref name="paths"/>.</summary>
    public static void Validate(ref List<FieldError>? errs, PodSpec spec, PodSpecPaths paths)
    {
        ValidateVolumes(ref errs, spec.Volumes, paths.Volumes);
        var containers = spec.Containers;
        if (containers is not { Count: > 0 }) Errors.Add(ref errs, FieldError.Required(paths.Containers, ""));
        else
            for (var i = 0; i < containers.Count; i++)
                ContainerValidation.Validate(ref errs, containers[i], paths.Containers, i, spec.Volumes);
        if (spec.InitContainers is { Count: > 0 } inits)
            for (var i = 0; i < inits.Count; i++)
                ContainerValidation.Validate(ref errs, inits[i], paths.InitContainers, i, spec.Volumes, isInit: true);
        CheckUniqueNames(ref errs, spec, paths);
        Formats.CheckEnum(ref errs, spec.RestartPolicy, new LazyPath(paths.Spec, "restartPolicy"), RestartPolicies);
        Formats.CheckEnum(ref errs, spec.DnsPolicy, new LazyPath(paths.Spec, "dnsPolicy"), DnsPolicies);
        Formats.CheckNonNegative(ref errs, spec.TerminationGracePeriodSeconds, new LazyPath(paths.Spec, "terminationGracePeriodSeconds"));
        if (spec.ActiveDeadlineSeconds is { } ads and (< 1 or > int.MaxValue))
            Errors.Add(ref errs, FieldError.Invalid(paths.Spec.Child("activeDeadlineSeconds"), ads, "must be between 1 and 2147483647, inclusive"));
        if (spec.NodeSelector is { Count: > 0 } ns) ValidateNodeSelector(ref errs, ns, paths.Spec);
        if (spec.Tolerations is { Count: > 0 } tolerations) ValidateTolerations(ref errs, tolerations, paths.Tolerations);
        if (!string.IsNullOrEmpty(spec.ServiceAccountName)) Formats.CheckDnsSubdomain(ref errs, spec.ServiceAccountName, new LazyPath(paths.Spec, "serviceAccountName"));
        if (!string.IsNullOrEmpty(spec.NodeName)) Formats.CheckDnsSubdomain(ref errs, spec.NodeName, new LazyPath(paths.Spec, "nodeName"));
        if (!string.IsNullOrEmpty(spec.Hostname)) Formats.CheckDnsLabel(ref errs, spec.Hostname, new LazyPath(paths.Spec, "hostname"));
        if (!string.IsNullOrEmpty(spec.Subdomain)) Formats.CheckDnsLabel(ref errs, spec.Subdomain, new LazyPath(paths.Spec, "subdomain"));
    }

    private static void CheckUniqueNames(ref List<FieldError>? errs, PodSpec spec, PodSpecPaths paths)
    {
        var containers = spec.Containers ?? Array.Empty<Container>();
        var inits = spec.InitContainers ?? Array.Empty<Container>();
        // Upstream reports the duplicate at the later entry; init containers are checked first (they come first in the pod).
        for (var i = 0; i < inits.Count; i++)
            for (var j = 0; j < i; j++)
                if (inits[i].Name.Length > 0 && string.Equals(inits[i].Name, inits[j].Name, StringComparison.Ordinal))
                {
                    Errors.Add(ref errs, FieldError.Duplicate(paths.InitContainers.Index(i).Child("name"), inits[i].Name));
                    break;
                }
        for (var i = 0; i < containers.Count; i++)
        {
            var name = containers[i].Name;
            if (name.Length == 0) continue;
            var dup = false;
            for (var j = 0; j < inits.Count && !dup; j++) dup = string.Equals(name, inits[j].Name, StringComparison.Ordinal);
            for (var j = 0; j < i && !dup; j++) dup = string.Equals(name, containers[j].Name, StringComparison.Ordinal);
            if (dup) Errors.Add(ref errs, FieldError.Duplicate(paths.Containers.Index(i).Child("name"), name));
        }
    }

    private static void ValidateVolumes(ref List<FieldError>? errs, IReadOnlyList<Volume>? volumes, FieldPath path)
    {
        if (volumes is not { Count: > 0 }) return;
        for (var i = 0; i < volumes.Count; i++)
        {
            var v = volumes[i];
            if (string.IsNullOrEmpty(v.Name)) Errors.Add(ref errs, FieldError.Required(path.Index(i).Child("name"), ""));
            else
            {
                Formats.CheckDnsLabel(ref errs, v.Name, new LazyPath(path, i, "name"));
                for (var j = 0; j < i; j++)
                    if (string.Equals(volumes[j].Name, v.Name, StringComparison.Ordinal))
                    {
                        Errors.Add(ref errs, FieldError.Duplicate(path.Index(i).Child("name"), v.Name));
                        break;
                    }
            }
            var sources = (v.EmptyDir is null ? 0 : 1) + (v.HostPath is null ? 0 : 1) + (v.ConfigMap is null ? 0 : 1) +
                          (v.Secret is null ? 0 : 1) + (v.PersistentVolumeClaim is null ? 0 : 1) + (v.ExtensionData?.Count ?? 0);
            if (sources == 0) Errors.Add(ref errs, FieldError.Required(path.Index(i), "must specify a volume type"));
            else if (sources > 1 && v.ExtensionData is null)
                Errors.Add(ref errs, FieldError.Forbidden(path.Index(i), "may not specify more than 1 volume type"));
            if (v.PersistentVolumeClaim is { ClaimName.Length: 0 })
                Errors.Add(ref errs, FieldError.Required(path.Index(i).Child("persistentVolumeClaim", "claimName"), ""));
            if (v.HostPath is { Path.Length: 0 })
                Errors.Add(ref errs, FieldError.Required(path.Index(i).Child("hostPath", "path"), ""));
        }
    }

    private static void ValidateNodeSelector(ref List<FieldError>? errs, IReadOnlyDictionary<string, string> nodeSelector, FieldPath spec)
    {
        if (!Formats.AreValidLabels(nodeSelector))
            Errors.AddRange(ref errs, MetadataValidation.ValidateLabels(nodeSelector, spec.Child("nodeSelector")));
    }

    private static void ValidateTolerations(ref List<FieldError>? errs, IReadOnlyList<Toleration> tolerations, FieldPath tolerationsPath)
    {
        for (var i = 0; i < tolerations.Count; i++)
        {
            var t = tolerations[i];
            var key = t.Key ?? "";
            var op = t.Operator ?? "";
            if (key.Length > 0) Formats.CheckQualifiedName(ref errs, key, new LazyPath(tolerationsPath, i, "key"));
            if (key.Length == 0 && op != "Exists")
                Errors.Add(ref errs, FieldError.Invalid(tolerationsPath.Index(i).Child("operator"), op,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            if (t.TolerationSeconds is not null && t.Effect != "NoExecute")
                Errors.Add(ref errs, FieldError.Invalid(tolerationsPath.Index(i).Child("effect"), t.Effect ?? "",
                    "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            switch (op)
            {
                case "Equal" or "":
                    if (!NameValidation.IsValidLabelValueFormat(t.Value ?? ""))
                        Errors.Add(ref errs, FieldError.Invalid(tolerationsPath.Index(i).Child("operator"), t.Value,
                            string.Join(";", NameValidation.IsValidLabelValue(t.Value ?? ""))));
                    break;
                case "Exists":
                    if (!string.IsNullOrEmpty(t.Value))
                        Errors.Add(ref errs, FieldError.Invalid(tolerationsPath.Index(i).Child("operator"), t.Value,
                            "value must be empty when `operator` is 'Exists'"));
                    break;
                default:
                    Errors.Add(ref errs, FieldError.NotSupported(tolerationsPath.Index(i).Child("operator"), op, TolerationOperators));
                    break;
            }
            if (!string.IsNullOrEmpty(t.Effect) && Array.IndexOf(TaintEffects, t.Effect) < 0)
                Errors.Add(ref errs, FieldError.NotSupported(tolerationsPath.Index(i).Child("effect"), t.Effect, TaintEffects));
        }
    }
}
