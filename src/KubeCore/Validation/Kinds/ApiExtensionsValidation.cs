using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of CustomResourceDefinitions (<c>ValidateCustomResourceDefinition</c>).</summary>
internal static class ApiExtensionsValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];

    /// <summary>Validates a CRD.</summary>
    public static IReadOnlyList<FieldError> Validate(CustomResourceDefinition crd)
    {
        List<FieldError>? errs = null;
        var s = crd.Spec ?? new CustomResourceDefinitionSpec();
        var names = s.Names ?? new CustomResourceDefinitionNames();
        if (!string.IsNullOrEmpty(crd.Metadata.Name) && crd.Metadata.Name != names.Plural + "." + s.Group)
            Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("metadata", "name"), crd.Metadata.Name, "must be spec.names.plural+\".\"+spec.group"));
        if (s.Group.Length == 0) Errors.Add(ref errs, FieldError.Required(Spec.Child("group"), ""));
        else if (!Formats.IsDnsSubdomain(s.Group))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("group"), s.Group, string.Join(",", NameValidation.IsDns1123Subdomain(s.Group))));
        else if (!s.Group.Contains('.', StringComparison.Ordinal))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("group"), s.Group, "should be a domain with at least one dot"));
        if (s.Scope.Length == 0) Errors.Add(ref errs, FieldError.Required(Spec.Child("scope"), ""));
        else if (Array.IndexOf(Scopes, s.Scope) < 0) Errors.Add(ref errs, FieldError.NotSupported(Spec.Child("scope"), s.Scope, Scopes));
        ValidateNames(ref errs, names, Spec.Child("names"));
        ValidateVersions(ref errs, s.Versions ?? []);
        return Errors.Result(errs);
    }

    /// <summary>Validates a CRD update: the group, scope and plural/kind names are fixed once established.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(CustomResourceDefinition updated, CustomResourceDefinition current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        var n = updated.Spec ?? new CustomResourceDefinitionSpec();
        var o = current.Spec ?? new CustomResourceDefinitionSpec();
        if (n.Group != o.Group) Errors.Add(ref errs, FieldError.Invalid(Spec.Child("group"), n.Group, Formats.Immutable));
        var established = current.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") ?? false;
        if (established)
        {
            if (n.Scope != o.Scope) Errors.Add(ref errs, FieldError.Invalid(Spec.Child("scope"), n.Scope, Formats.Immutable));
            if (n.Names?.Plural != o.Names?.Plural) Errors.Add(ref errs, FieldError.Invalid(Spec.Child("names", "plural"), n.Names?.Plural ?? "", Formats.Immutable));
            if (n.Names?.Kind != o.Names?.Kind) Errors.Add(ref errs, FieldError.Invalid(Spec.Child("names", "kind"), n.Names?.Kind ?? "", Formats.Immutable));
        }
        return Errors.Result(errs);
    }

    private static void ValidateNames(ref List<FieldError>? errs, CustomResourceDefinitionNames names, FieldPath path)
    {
        if (names.Plural.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Child("plural"), ""));
        else if (NameValidation.IsDns1035Label(names.Plural) is { Count: > 0 } pe)
            Errors.Add(ref errs, FieldError.Invalid(path.Child("plural"), names.Plural, string.Join(",", pe)));
        if (!string.IsNullOrEmpty(names.Singular) && NameValidation.IsDns1035Label(names.Singular) is { Count: > 0 } se)
            Errors.Add(ref errs, FieldError.Invalid(path.Child("singular"), names.Singular, string.Join(",", se)));
        if (names.Kind.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Child("kind"), ""));
        else if (NameValidation.IsDns1035Label(names.Kind.ToLowerInvariant()) is { Count: > 0 })
            Errors.Add(ref errs, FieldError.Invalid(path.Child("kind"), names.Kind, "may have mixed case, but should otherwise match: " + NameValidation.IsDns1035Label(names.Kind.ToLowerInvariant())[0]));
        if (names.ListKind is { Length: > 0 } lk && lk == names.Kind)
            Errors.Add(ref errs, FieldError.Invalid(path.Child("listKind"), lk, "kind and listKind may not be the same"));
    }

    private static void ValidateVersions(ref List<FieldError>? errs, IReadOnlyList<CustomResourceDefinitionVersion> versions)
    {
        var path = Spec.Child("versions");
        if (versions.Count == 0)
        {
            Errors.Add(ref errs, FieldError.Invalid(path, new GoLiteral("[]apiextensions.CustomResourceDefinitionVersion(nil)"), "must have exactly one version marked as storage version"));
            return;
        }
        int storage = 0, served = 0;
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            if (v.Storage) storage++;
            if (v.Served) served++;
            if (v.Name.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Index(i).Child("name"), ""));
            else
            {
                foreach (var msg in NameValidation.IsDns1035Label(v.Name)) Errors.Add(ref errs, FieldError.Invalid(path.Index(i).Child("name"), v.Name, msg));
                for (var j = 0; j < i; j++)
                    if (versions[j].Name == v.Name)
                    {
                        Errors.Add(ref errs, FieldError.Invalid(path, OmittedVersions, "must contain unique version names"));
                        break;
                    }
            }
        }
        if (storage != 1) Errors.Add(ref errs, FieldError.Invalid(path, OmittedVersions, "must have exactly one version marked as storage version"));
        if (served == 0) Errors.Add(ref errs, FieldError.Invalid(path, OmittedVersions, "must have at least one version marked as served"));
    }

    private static readonly object OmittedVersions = FieldError.OmittedValue;
}
