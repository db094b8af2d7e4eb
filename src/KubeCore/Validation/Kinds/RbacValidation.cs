using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of RoleBindings and ClusterRoleBindings (<c>ValidateRoleBinding</c>).</summary>
internal static class RbacValidation
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private static readonly string[] RbacGroupOnly = [RbacGroup];
    private static readonly string[] RoleKinds = ["Role", "ClusterRole"];
    private static readonly string[] ClusterRoleKinds = ["ClusterRole"];
    private static readonly string[] SubjectKinds = ["ServiceAccount", "User", "Group"];
    private static readonly string[] CoreGroupOnly = [""];

    /// <summary>Validates a role binding (namespaced: Role or ClusterRole may be referenced).</summary>
    public static IReadOnlyList<FieldError> Validate(RoleBinding rb) => ValidateBinding(rb.RoleRef, rb.Subjects, namespaced: true);

    /// <summary>Validates a cluster role binding (only a ClusterRole may be referenced).</summary>
    public static IReadOnlyList<FieldError> Validate(ClusterRoleBinding crb) => ValidateBinding(crb.RoleRef, crb.Subjects, namespaced: false);

    /// <summary>Rejects a change of <c>roleRef</c> (<c>cannot change roleRef</c>).</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(RoleRef updated, RoleRef current, IReadOnlyList<FieldError> valid)
    {
        if (updated == current) return valid;
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, valid);
        Errors.Add(ref errs, FieldError.Invalid(FieldPath.Root("roleRef"), GoLiteral.RoleRef(updated), "cannot change roleRef"));
        return Errors.Result(errs);
    }

    private static IReadOnlyList<FieldError> ValidateBinding(RoleRef? roleRef, IReadOnlyList<Subject>? subjects, bool namespaced)
    {
        List<FieldError>? errs = null;
        var path = FieldPath.Root("roleRef");
        var r = roleRef ?? new RoleRef();
        if (r.ApiGroup != RbacGroup) Errors.Add(ref errs, FieldError.NotSupported(path.Child("apiGroup"), r.ApiGroup, RbacGroupOnly));
        var kinds = namespaced ? RoleKinds : ClusterRoleKinds;
        if (Array.IndexOf(kinds, r.Kind) < 0) Errors.Add(ref errs, FieldError.NotSupported(path.Child("kind"), r.Kind, kinds));
        if (r.Name.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Child("name"), ""));
        else Errors.AddInvalid(ref errs, path.Child("name"), r.Name, Formats.PathSegmentErrors(r.Name));
        if (subjects is not null)
            for (var i = 0; i < subjects.Count; i++) ValidateSubject(ref errs, subjects[i], FieldPath.Root("subjects").Index(i), namespaced);
        return Errors.Result(errs);
    }

    private static void ValidateSubject(ref List<FieldError>? errs, Subject s, FieldPath path, bool namespaced)
    {
        if (s.Name.Length == 0) Errors.Add(ref errs, FieldError.Required(path.Child("name"), ""));
        switch (s.Kind)
        {
            case "ServiceAccount":
                if (s.Name.Length > 0) Formats.CheckDnsSubdomain(ref errs, s.Name, path.Child("name"));
                if (!string.IsNullOrEmpty(s.ApiGroup)) Errors.Add(ref errs, FieldError.NotSupported(path.Child("apiGroup"), s.ApiGroup, CoreGroupOnly));
                if (!namespaced && string.IsNullOrEmpty(s.Namespace)) Errors.Add(ref errs, FieldError.Required(path.Child("namespace"), ""));
                break;
            case "User" or "Group":
                if (s.ApiGroup != RbacGroup) Errors.Add(ref errs, FieldError.NotSupported(path.Child("apiGroup"), s.ApiGroup ?? "", RbacGroupOnly));
                break;
            default:
                Errors.Add(ref errs, FieldError.NotSupported(path.Child("kind"), s.Kind, SubjectKinds));
                break;
        }
    }
}
