using KubeCore.Models;
using KubeCore.Validation;

namespace KubeCore.Api;

/// <summary>Validation of <c>metadata</c> that applies to every kind (kube-apiserver's ValidateObjectMeta).</summary>
public static class ObjectMetaValidation
{
    private static readonly FieldPath s_metadata = FieldPath.Root("metadata");

    /// <summary>Validates the metadata of a new object.</summary>
    public static IEnumerable<FieldError> Validate(ResourceDefinition resource, ObjectMeta meta)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(meta);
        if (IsPlainlyValid(resource, meta)) return [];
        var errors = MetadataValidation.ValidateNameAndGenerateName(meta.Name, meta.GenerateName, s_metadata, resource.Strategy.NameValidator);
        if (resource.Namespaced)
        {
            if (string.IsNullOrEmpty(meta.Namespace)) errors.Add(FieldError.Required(s_metadata.Child("namespace"), ""));
            else foreach (var msg in NameValidation.IsDns1123Label(meta.Namespace))
                errors.Add(FieldError.Invalid(s_metadata.Child("namespace"), meta.Namespace, msg));
        }
        else if (!string.IsNullOrEmpty(meta.Namespace))
            errors.Add(FieldError.Forbidden(s_metadata.Child("namespace"), "not allowed on this type"));
        if (meta.Generation < 0) errors.Add(FieldError.Invalid(s_metadata.Child("generation"), meta.Generation, "must be greater than or equal to 0"));
        if (meta.Labels is { Count: > 0 } || meta.Annotations is { Count: > 0 })
            errors.AddRange(MetadataValidation.ValidateLabelsAndAnnotations(meta.Labels, meta.Annotations, s_metadata));
        if (meta.OwnerReferences is { Count: > 0 }) ValidateOwnerReferences(meta.OwnerReferences, errors);
        if (meta.Finalizers is { Count: > 0 }) ValidateFinalizers(meta.Finalizers, errors);
        return errors;
    }

    /// <summary>Validates the metadata of an update (new finalizers are forbidden once deletion started).</summary>
    public static IEnumerable<FieldError> ValidateUpdate(ResourceDefinition resource, ObjectMeta updated, ObjectMeta current)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(current);
        var errors = Validate(resource, updated).ToList();
        if (current.DeletionTimestamp is not null && updated.Finalizers is { Count: > 0 })
        {
            var before = current.Finalizers ?? [];
            foreach (var f in updated.Finalizers)
                if (!before.Contains(f))
                    errors.Add(FieldError.Forbidden(s_metadata.Child("finalizers"), $"no new finalizers can be added if the object is being deleted, found new finalizers [\"{f}\"]"));
        }
        return errors;
    }

    /// <summary>
    /// The hot path: true when the metadata is clearly valid, checked without allocating. Anything unusual (owner
    /// references, finalizers, large annotations) returns false and goes through the error-reporting path.
    /// </summary>
    private static bool IsPlainlyValid(ResourceDefinition resource, ObjectMeta meta)
    {
        if (string.IsNullOrEmpty(meta.Name) || resource.Strategy.NameValidator(meta.Name, false).Count != 0) return false;
        if (!string.IsNullOrEmpty(meta.GenerateName) && resource.Strategy.NameValidator(meta.GenerateName, true).Count != 0) return false;
        if (resource.Namespaced != !string.IsNullOrEmpty(meta.Namespace)) return false;
        if (meta.Namespace is { } ns && NameValidation.IsDns1123Label(ns).Count != 0) return false;
        if (meta.Generation < 0 || meta.OwnerReferences is { Count: > 0 } || meta.Finalizers is { Count: > 0 }) return false;
        if (meta.Labels is { } labels)
            foreach (var (k, v) in labels)
                if (!NameValidation.IsValidQualifiedName(k) || !NameValidation.IsValidLabelValueFormat(v)) return false;
        if (meta.Annotations is { } annotations)
        {
            long chars = 0;
            foreach (var (k, v) in annotations)
            {
                if (!NameValidation.IsValidQualifiedName(k)) return false;
                chars += k.Length + v.Length;
            }
            // Three UTF-8 bytes per char at most: below this no size check can fail.
            if (chars * 3 > MetadataValidation.TotalAnnotationSizeLimitBytes) return false;
        }
        return true;
    }

    private static void ValidateOwnerReferences(IReadOnlyList<OwnerReference> references, List<FieldError> errors)
    {
        var path = s_metadata.Child("ownerReferences");
        string? controller = null;
        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            var p = path.Index(i);
            if (string.IsNullOrEmpty(r.ApiVersion)) errors.Add(FieldError.Invalid(p.Child("apiVersion"), r.ApiVersion, "version must not be empty"));
            if (string.IsNullOrEmpty(r.Kind)) errors.Add(FieldError.Invalid(p.Child("kind"), r.Kind, "kind must not be empty"));
            if (string.IsNullOrEmpty(r.Name)) errors.Add(FieldError.Invalid(p.Child("name"), r.Name, "name must not be empty"));
            if (string.IsNullOrEmpty(r.Uid)) errors.Add(FieldError.Invalid(p.Child("uid"), r.Uid, "uid must not be empty"));
            if (r.Controller == true)
            {
                if (controller is not null)
                    errors.Add(FieldError.Invalid(path, references, $"Only one reference can have Controller set to true. Found \"true\" in references for {controller} and {r.Kind}/{r.Name}"));
                controller ??= $"{r.Kind}/{r.Name}";
            }
        }
    }

    private static void ValidateFinalizers(IReadOnlyList<string> finalizers, List<FieldError> errors)
    {
        var path = s_metadata.Child("finalizers");
        foreach (var f in finalizers)
            foreach (var msg in NameValidation.IsQualifiedName(f))
                errors.Add(FieldError.Invalid(path, f, msg));
        if (finalizers.Contains(KubeApi.OrphanFinalizer) && finalizers.Contains(KubeApi.ForegroundDeletionFinalizer))
            errors.Add(FieldError.Invalid(path, finalizers, $"finalizer {KubeApi.OrphanFinalizer} and {KubeApi.ForegroundDeletionFinalizer} cannot be both set"));
    }

    /// <summary>Converts a field error into the cause carried by an Invalid Status.</summary>
    public static StatusCause ToStatusCause(this FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new StatusCause { Reason = error.Reason, Message = error.Body, Field = error.Field };
    }
}
