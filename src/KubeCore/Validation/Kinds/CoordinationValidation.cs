using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of Leases (<c>ValidateLeaseSpec</c>).</summary>
internal static class CoordinationValidation
{
    /// <summary>Validates a lease.</summary>
    public static IReadOnlyList<FieldError> Validate(Lease lease)
    {
        if (lease.Spec is not { } s) return Errors.None;
        List<FieldError>? errs = null;
        if (s.LeaseDurationSeconds is { } d && d <= 0)
            Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("spec", "leaseDurationSeconds"), d, "must be greater than 0"));
        if (s.LeaseTransitions is { } t && t < 0)
            Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("spec", "leaseTransitions"), t, Formats.NonNegative));
        if (!string.IsNullOrEmpty(s.PreferredHolder) && string.IsNullOrEmpty(s.Strategy))
            Errors.Add(ref errs, FieldError.Forbidden(FieldPath.Root("spec", "preferredHolder"), "may only be specified if `strategy` is defined"));
        return Errors.Result(errs);
    }
}
