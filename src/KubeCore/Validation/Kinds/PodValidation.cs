using System.Text;
using System.Text.Json;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Validation;

/// <summary>Pod validation: create, update (the pod spec is mostly immutable) and status.</summary>
internal static class PodValidation
{
    private static readonly PodSpec EmptySpec = new();
    private static readonly string[] Phases = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

    /// <summary>The Forbidden message of a pod spec update that changes more than Kubernetes allows (the diff follows it).</summary>
    public const string UpdateForbidden =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
        "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    /// <summary>Validates a new pod.</summary>
    public static IReadOnlyList<FieldError> Validate(Pod pod)
    {
        List<FieldError>? errs = null;
        PodSpecValidation.Validate(ref errs, pod.Spec ?? EmptySpec, PodSpecPaths.Pod);
        return Errors.Result(errs);
    }

    /// <summary>Validates an update of a pod: the new pod must be valid and only the mutable fields may change.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(Pod updated, Pod current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        var spec = FieldPath.Root("spec");
        var n = updated.Spec ?? EmptySpec;
        var o = current.Spec ?? EmptySpec;
        if ((n.Containers?.Count ?? 0) != (o.Containers?.Count ?? 0))
        {
            Errors.Add(ref errs, FieldError.Forbidden(spec.Child("containers"), "pod updates may not add or remove containers"));
            return Errors.Result(errs);
        }
        if ((n.InitContainers?.Count ?? 0) != (o.InitContainers?.Count ?? 0))
        {
            Errors.Add(ref errs, FieldError.Forbidden(spec.Child("initContainers"), "pod updates may not add or remove containers"));
            return Errors.Result(errs);
        }
        if (o.ActiveDeadlineSeconds is { } oldDeadline)
        {
            if (n.ActiveDeadlineSeconds is null)
                Errors.Add(ref errs, FieldError.Invalid(spec.Child("activeDeadlineSeconds"), null, "must not update from a positive integer to nil value"));
            else if (n.ActiveDeadlineSeconds > oldDeadline)
                Errors.Add(ref errs, FieldError.Invalid(spec.Child("activeDeadlineSeconds"), n.ActiveDeadlineSeconds.Value, "must be less than or equal to previous value"));
        }
        ValidateOnlyAddedTolerations(ref errs, n.Tolerations, o.Tolerations, spec.Child("tolerations"));

        var munged = n with
        {
            Containers = WithImagesFrom(n.Containers, o.Containers),
            InitContainers = WithImagesFrom(n.InitContainers, o.InitContainers),
            ActiveDeadlineSeconds = o.ActiveDeadlineSeconds,
            Tolerations = o.Tolerations,
            TerminationGracePeriodSeconds = o.TerminationGracePeriodSeconds is < 0 && n.TerminationGracePeriodSeconds == 1
                ? o.TerminationGracePeriodSeconds
                : n.TerminationGracePeriodSeconds,
        };
        if (!StructuralEquality.JsonEquals(munged, o))
            Errors.Add(ref errs, FieldError.Forbidden(spec, UpdateForbidden + "\n" + Diff(o, munged)));
        return Errors.Result(errs);
    }

    /// <summary>Validates a status update: the phase must be a known value and the bound node may not change.</summary>
    public static IReadOnlyList<FieldError> ValidateStatusUpdate(Pod updated, Pod current)
    {
        List<FieldError>? errs = null;
        if (updated.Status?.Phase is { Length: > 0 } phase && Array.IndexOf(Phases, phase) < 0)
            Errors.Add(ref errs, FieldError.NotSupported(FieldPath.Root("status", "phase"), phase, Phases));
        if (!string.IsNullOrEmpty(current.Spec?.NodeName) && updated.Spec?.NodeName != current.Spec.NodeName)
            Errors.Add(ref errs, FieldError.Forbidden(FieldPath.Root("spec", "nodeName"), "may not be changed directly"));
        return Errors.Result(errs);
    }

    private static IReadOnlyList<Container>? WithImagesFrom(IReadOnlyList<Container>? updated, IReadOnlyList<Container>? current)
    {
        if (updated is null || current is null) return updated;
        Container[]? copy = null;
        for (var i = 0; i < updated.Count; i++)
        {
            if (string.Equals(updated[i].Image, current[i].Image, StringComparison.Ordinal)) continue;
            copy ??= [.. updated];
            copy[i] = updated[i] with { Image = current[i].Image };
        }
        return copy ?? updated;
    }

    private static void ValidateOnlyAddedTolerations(ref List<FieldError>? errs, IReadOnlyList<Toleration>? updated, IReadOnlyList<Toleration>? current, FieldPath path)
    {
        if (current is null) return;
        foreach (var old in current)
        {
            var found = false;
            if (updated is not null)
                foreach (var t in updated)
                {
                    if (t.Key != old.Key || t.Operator != old.Operator || t.Value != old.Value || t.Effect != old.Effect) continue;
                    if (t.TolerationSeconds == old.TolerationSeconds ||
                        (old.Effect == "NoExecute" && old.TolerationSeconds is { } s && t.TolerationSeconds is { } ns && ns <= s && ns >= 0))
                    {
                        found = true;
                        break;
                    }
                }
            if (!found)
            {
                Errors.Add(ref errs, FieldError.Forbidden(path, "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }
    }

    // A readable stand-in for upstream's cmp.Diff: each changed top-level spec field with its old and new JSON.
    private static string Diff(PodSpec current, PodSpec updated)
    {
        var a = JsonSerializer.SerializeToElement(current, KubeJson.Options);
        var b = JsonSerializer.SerializeToElement(updated, KubeJson.Options);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in a.EnumerateObject()) names.Add(p.Name);
        foreach (var p in b.EnumerateObject()) names.Add(p.Name);
        var sb = new StringBuilder("  core.PodSpec{\n");
        foreach (var name in names)
        {
            var hasA = a.TryGetProperty(name, out var va);
            var hasB = b.TryGetProperty(name, out var vb);
            if (hasA && hasB && JsonElement.DeepEquals(va, vb)) continue;
            if (hasA) sb.Append("- \t").Append(name).Append(": ").Append(va.GetRawText()).Append('\n');
            if (hasB) sb.Append("+ \t").Append(name).Append(": ").Append(vb.GetRawText()).Append('\n');
        }
        return sb.Append("  }").ToString();
    }
}
