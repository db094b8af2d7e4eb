using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of PriorityClasses (<c>ValidatePriorityClass</c>).</summary>
internal static class SchedulingValidation
{
    /// <summary>The highest priority a user-defined class may have.</summary>
    public const int HighestUserDefinablePriority = 1_000_000_000;
    private static readonly string[] PreemptionPolicies = ["PreemptLowerPriority", "Never"];

    /// <summary>Validates a priority class.</summary>
    public static IReadOnlyList<FieldError> Validate(PriorityClass pc)
    {
        List<FieldError>? errs = null;
        var name = pc.Metadata.Name ?? "";
        if (name.StartsWith("system-", StringComparison.Ordinal))
        {
            if (name is not ("system-cluster-critical" or "system-node-critical"))
                Errors.Add(ref errs, FieldError.Forbidden(FieldPath.Root("metadata", "name"), "priority class names with 'system-' prefix are reserved"));
        }
        else if (pc.Value > HighestUserDefinablePriority)
            Errors.Add(ref errs, FieldError.Forbidden(FieldPath.Root("value"), $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}"));
        if (pc.PreemptionPolicy is { } pp) Formats.CheckEnum(ref errs, pp, FieldPath.Root("preemptionPolicy"), PreemptionPolicies);
        return Errors.Result(errs);
    }

    /// <summary>Validates a priority class update: the value and preemption policy are fixed.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(PriorityClass updated, PriorityClass current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        if (updated.Value != current.Value) Errors.Add(ref errs, FieldError.Forbidden(FieldPath.Root("value"), "may not be changed in an update."));
        if (updated.PreemptionPolicy != current.PreemptionPolicy)
            Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("preemptionPolicy"), updated.PreemptionPolicy, Formats.Immutable));
        return Errors.Result(errs);
    }
}
