using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of HorizontalPodAutoscalers (<c>validateHorizontalPodAutoscalerSpec</c>).</summary>
internal static class AutoscalingValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>Validates an autoscaler.</summary>
    public static IReadOnlyList<FieldError> Validate(HorizontalPodAutoscaler hpa)
    {
        List<FieldError>? errs = null;
        var s = hpa.Spec ?? new HorizontalPodAutoscalerSpec();
        if (s.MinReplicas is { } min && min < 1)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("minReplicas"), min, "must be greater than or equal to 1"));
        if (s.MaxReplicas < 1) Errors.Add(ref errs, FieldError.Invalid(Spec.Child("maxReplicas"), s.MaxReplicas, "must be greater than 0"));
        if (s.MinReplicas is { } min2 && s.MaxReplicas < min2)
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("maxReplicas"), s.MaxReplicas, "must be greater than or equal to `minReplicas`"));
        var refPath = Spec.Child("scaleTargetRef");
        var target = s.ScaleTargetRef ?? new CrossVersionObjectReference();
        if (target.Kind.Length == 0) Errors.Add(ref errs, FieldError.Required(refPath.Child("kind"), ""));
        else Errors.AddInvalid(ref errs, refPath.Child("kind"), target.Kind, Formats.PathSegmentErrors(target.Kind));
        if (target.Name.Length == 0) Errors.Add(ref errs, FieldError.Required(refPath.Child("name"), ""));
        else Errors.AddInvalid(ref errs, refPath.Child("name"), target.Name, Formats.PathSegmentErrors(target.Name));
        return Errors.Result(errs);
    }
}
