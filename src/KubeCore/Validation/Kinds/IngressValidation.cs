using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of <c>networking.k8s.io/v1</c> Ingresses (<c>ValidateIngressSpec</c>).</summary>
internal static class IngressValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] InvalidSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidSuffixes = ["/..", "/."];

    /// <summary>Validates an ingress.</summary>
    public static IReadOnlyList<FieldError> Validate(Ingress ing)
    {
        List<FieldError>? errs = null;
        var s = ing.Spec ?? new IngressSpec();
        var rules = s.Rules ?? [];
        if (rules.Count == 0 && s.DefaultBackend is null)
            Errors.Add(ref errs, FieldError.Invalid(Spec, OmittedRules, "either `defaultBackend` or `rules` must be specified"));
        if (s.DefaultBackend is { } db) ValidateBackend(ref errs, db, Spec.Child("defaultBackend"));
        for (var i = 0; i < rules.Count; i++)
        {
            var rulePath = Spec.Child("rules").Index(i);
            var rule = rules[i];
            if (!string.IsNullOrEmpty(rule.Host))
            {
                var host = rule.Host.StartsWith("*.", StringComparison.Ordinal) ? rule.Host[2..] : rule.Host;
                Formats.CheckDnsSubdomain(ref errs, host, rulePath.Child("host"));
            }
            if (rule.Http is not { } http) continue;
            var paths = http.Paths ?? [];
            if (paths.Count == 0) Errors.Add(ref errs, FieldError.Required(rulePath.Child("http", "paths"), ""));
            for (var j = 0; j < paths.Count; j++) ValidatePath(ref errs, paths[j], rulePath.Child("http", "paths").Index(j));
        }
        return Errors.Result(errs);
    }

    private static readonly object OmittedRules = new GoLiteral("[]networking.IngressRule(nil)");

    private static void ValidatePath(ref List<FieldError>? errs, HttpIngressPath p, FieldPath path)
    {
        var value = p.Path ?? "";
        switch (p.PathType)
        {
            case null or "":
                Errors.Add(ref errs, FieldError.Required(path.Child("pathType"), "pathType must be specified"));
                break;
            case "Exact" or "Prefix":
                if (!value.StartsWith('/')) Errors.Add(ref errs, FieldError.Invalid(path.Child("path"), value, "must be an absolute path"));
                if (value.Length > 0)
                {
                    foreach (var seq in InvalidSequences)
                        if (value.Contains(seq, StringComparison.Ordinal))
                            Errors.Add(ref errs, FieldError.Invalid(path.Child("path"), value, $"must not contain '{seq}'"));
                    foreach (var suffix in InvalidSuffixes)
                        if (value.EndsWith(suffix, StringComparison.Ordinal))
                            Errors.Add(ref errs, FieldError.Invalid(path.Child("path"), value, $"cannot end with '{suffix}'"));
                }
                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/'))
                    Errors.Add(ref errs, FieldError.Invalid(path.Child("path"), value, "must be an absolute path"));
                break;
            default:
                Errors.Add(ref errs, FieldError.NotSupported(path.Child("pathType"), p.PathType, PathTypes));
                break;
        }
        ValidateBackend(ref errs, p.Backend ?? new IngressBackend(), path.Child("backend"));
    }

    private static void ValidateBackend(ref List<FieldError>? errs, IngressBackend b, FieldPath path)
    {
        if (b.Resource is not null && b.Service is not null)
        {
            Errors.Add(ref errs, FieldError.Invalid(path, "", "cannot set both resource and service backends"));
            return;
        }
        if (b.Resource is { } r)
        {
            if (r.Kind.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Child("resource", "kind"), ""));
            if (r.Name.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Child("resource", "name"), ""));
            return;
        }
        if (b.Service is not { } svc)
        {
            Errors.Add(ref errs, FieldError.Invalid(path, "", "resource or service backend is required"));
            return;
        }
        if (svc.Name.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Child("service", "name"), ""));
        else if (!Formats.IsDnsLabel(svc.Name) || !char.IsAsciiLetter(svc.Name[0]))
            Errors.AddInvalid(ref errs, path.Child("service", "name"), svc.Name, NameValidation.IsDns1035Label(svc.Name));
        var hasName = !string.IsNullOrEmpty(svc.Port?.Name);
        var hasNumber = svc.Port?.Number is { } n && n != 0;
        if (hasName && hasNumber) Errors.Add(ref errs, FieldError.Invalid(path, "", "cannot set both port name & port number"));
        else if (hasName) Errors.AddInvalid(ref errs, path.Child("service", "port", "name"), svc.Port!.Name, Formats.PortNameErrors(svc.Port.Name!));
        else if (hasNumber)
        {
            if (!Formats.IsPortNumber(svc.Port!.Number!.Value))
                Errors.Add(ref errs, FieldError.Invalid(path.Child("service", "port", "number"), svc.Port.Number.Value, Formats.PortRange));
        }
        else Errors.Add(ref errs, FieldError.Required(path, "port name or number is required"));
    }
}
