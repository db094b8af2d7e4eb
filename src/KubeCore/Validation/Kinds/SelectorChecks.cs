using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation and allocation-free matching of API label selectors (<c>metav1.LabelSelector</c>).</summary>
internal static class SelectorChecks
{
    /// <summary>Validates a label selector as <c>ValidateLabelSelector</c> does.</summary>
    public static void Validate(ref List<FieldError>? errs, LabelSelector selector, FieldPath path)
    {
        if (selector.MatchLabels is { Count: > 0 } ml && !Formats.AreValidLabels(ml))
            Errors.AddRange(ref errs, MetadataValidation.ValidateLabels(ml, path.Child("matchLabels")));
        if (selector.MatchExpressions is not { Count: > 0 } exprs) return;
        for (var i = 0; i < exprs.Count; i++)
        {
            var e = exprs[i];
            switch (e.Operator)
            {
                case "In" or "NotIn":
                    if (e.Values is not { Count: > 0 })
                        Errors.Add(ref errs, FieldError.Required(path.Child("matchExpressions").Index(i).Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist":
                    if (e.Values is { Count: > 0 })
                        Errors.Add(ref errs, FieldError.Forbidden(path.Child("matchExpressions").Index(i).Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                default:
                    Errors.Add(ref errs, FieldError.Invalid(path.Child("matchExpressions").Index(i).Child("operator"), e.Operator, "not a valid selector operator"));
                    break;
            }
            Formats.CheckQualifiedName(ref errs, e.Key, path.Child("matchExpressions").Index(i).Child("key"));
        }
    }

    /// <summary>Whether the selector has no requirements (it would select everything).</summary>
    public static bool IsEmpty(LabelSelector selector) =>
        (selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0;

    /// <summary>Whether <paramref name="labels"/> satisfy every requirement of <paramref name="selector"/>.</summary>
    public static bool Matches(LabelSelector selector, IReadOnlyDictionary<string, string>? labels)
    {
        if (selector.MatchLabels is Dictionary<string, string> dml)
        {
            foreach (var kv in dml) if (!HasLabel(labels, kv.Key, kv.Value)) return false;
        }
        else if (selector.MatchLabels is { } ml)
        {
            foreach (var kv in ml) if (!HasLabel(labels, kv.Key, kv.Value)) return false;
        }
        if (selector.MatchExpressions is { } exprs)
        {
            foreach (var e in exprs)
            {
                string? actual = null;
                var has = labels is not null && labels.TryGetValue(e.Key, out actual);
                var ok = e.Operator switch
                {
                    "In" => has && Contains(e.Values, actual!),
                    "NotIn" => !has || !Contains(e.Values, actual!),
                    "Exists" => has,
                    "DoesNotExist" => !has,
                    _ => false,
                };
                if (!ok) return false;
            }
        }
        return true;
    }

    private static bool HasLabel(IReadOnlyDictionary<string, string>? labels, string key, string value) =>
        labels is not null && labels.TryGetValue(key, out var actual) && string.Equals(actual, value, StringComparison.Ordinal);

    private static bool Contains(IReadOnlyList<string>? values, string value)
    {
        if (values is null) return false;
        for (var i = 0; i < values.Count; i++) if (string.Equals(values[i], value, StringComparison.Ordinal)) return true;
        return false;
    }
}
