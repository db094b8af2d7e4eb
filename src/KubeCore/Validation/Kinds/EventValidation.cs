using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of core/v1 Events (<c>legacyValidateEvent</c>).</summary>
internal static class EventValidation
{
    private static readonly FieldPath InvolvedNamespace = FieldPath.Root("involvedObject", "namespace");

    /// <summary>Validates an event: its namespace must match the involved object's (cluster-scoped objects: default namespace).</summary>
    public static IReadOnlyList<FieldError> Validate(Event e)
    {
        List<FieldError>? errs = null;
        var ns = e.Metadata.Namespace ?? "";
        var involved = e.InvolvedObject?.Namespace ?? "";
        if (e.EventTime is null)
        {
            if (involved.Length == 0 ? ns is not ("" or "default") : ns != involved)
                Errors.Add(ref errs, FieldError.Invalid(InvolvedNamespace, involved, "does not match event.namespace"));
        }
        else
        {
            if (involved.Length == 0 && ns is not ("default" or "kube-system"))
                Errors.Add(ref errs, FieldError.Invalid(InvolvedNamespace, involved, "does not match event.namespace"));
            if (string.IsNullOrEmpty(e.ReportingComponent)) Errors.Add(ref errs, FieldError.Required(FieldPath.Root("reportingComponent"), ""));
            else Formats.CheckQualifiedName(ref errs, e.ReportingComponent, FieldPath.Root("reportingComponent"));
            if (string.IsNullOrEmpty(e.ReportingInstance)) Errors.Add(ref errs, FieldError.Required(FieldPath.Root("reportingInstance"), ""));
            else if (e.ReportingInstance.Length > 128) Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("reportingInstance"), "", "can have at most 128 characters"));
            if (string.IsNullOrEmpty(e.Action)) Errors.Add(ref errs, FieldError.Required(FieldPath.Root("action"), ""));
            else if (e.Action.Length > 128) Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("action"), "", "can have at most 128 characters"));
            if (string.IsNullOrEmpty(e.Reason)) Errors.Add(ref errs, FieldError.Required(FieldPath.Root("reason"), ""));
            else if (e.Reason.Length > 128) Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("reason"), "", "can have at most 128 characters"));
            if (e.Message is { Length: > 1024 }) Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("message"), "", "can have at most 1024 characters"));
        }
        if (e.Type is { Length: > 0 } type && type is not ("Normal" or "Warning"))
            Errors.Add(ref errs, FieldError.NotSupported(FieldPath.Root("type"), type, ["Normal", "Warning"]));
        return Errors.Result(errs);
    }
}
