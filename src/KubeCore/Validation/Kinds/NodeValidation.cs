using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of Node taints (<c>validateNodeTaints</c>).</summary>
internal static class NodeValidation
{
    /// <summary>Validates a node.</summary>
    public static IReadOnlyList<FieldError> Validate(Node node)
    {
        if (node.Spec?.Taints is not { Count: > 0 } taints) return Errors.None;
        List<FieldError>? errs = null;
        var path = FieldPath.Root("spec", "taints");
        for (var i = 0; i < taints.Count; i++)
        {
            var t = taints[i];
            if (t.Key.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Index(i).Child("key"), ""));
            else Formats.CheckQualifiedName(ref errs, t.Key, path.Index(i).Child("key"));
            if (!NameValidation.IsValidLabelValueFormat(t.Value ?? ""))
                Errors.AddInvalid(ref errs, path.Index(i).Child("value"), t.Value, NameValidation.IsValidLabelValue(t.Value ?? ""));
            if (t.Effect.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Index(i).Child("effect"), ""));
            else if (Array.IndexOf(PodSpecValidation.TaintEffects, t.Effect) < 0)
                Errors.Add(ref errs, FieldError.NotSupported(path.Index(i).Child("effect"), t.Effect, PodSpecValidation.TaintEffects));
            for (var j = 0; j < i; j++)
                if (taints[j].Key == t.Key && taints[j].Effect == t.Effect)
                {
                    Errors.Add(ref errs, FieldError.Duplicate(path.Index(i), t.Key + ":" + t.Effect));
                    break;
                }
        }
        return Errors.Result(errs);
    }
}
