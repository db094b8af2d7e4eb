using System.Text;

namespace KubeCore.Validation;

/// <summary>Validation of object metadata names, labels and annotations with Kubernetes' exact messages.</summary>
public static class MetadataValidation
{
    /// <summary>Maximum total size in bytes of all annotation keys and values (256 KiB).</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    /// <summary>
    /// Checks a name that must be a DNS subdomain (<c>NameIsDNSSubdomain</c>); with <paramref name="prefix"/> the value is a
    /// generateName prefix, which may end in '-'.
    /// </summary>
    public static IReadOnlyList<string> NameIsDnsSubdomain(string name, bool prefix) =>
        NameValidation.IsDns1123Subdomain(prefix ? MaskTrailingDash(name) : name);

    /// <summary>Checks a name that must be a DNS label (<c>NameIsDNSLabel</c>); see <see cref="NameIsDnsSubdomain"/>.</summary>
    public static IReadOnlyList<string> NameIsDnsLabel(string name, bool prefix) =>
        NameValidation.IsDns1123Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>Checks a name that must be an RFC 1035 label (<c>NameIsDNS1035Label</c>).</summary>
    public static IReadOnlyList<string> NameIsDns1035Label(string name, bool prefix) =>
        NameValidation.IsDns1035Label(prefix ? MaskTrailingDash(name) : name);

    private static string MaskTrailingDash(string name) =>
        name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;

    /// <summary>
    /// Validates <c>generateName</c> and <c>name</c> as <c>ValidateObjectMeta</c> does: generateName (when set) with prefix
    /// semantics, then name is required and must pass <paramref name="nameFn"/> (default: DNS subdomain).
    /// </summary>
    public static List<FieldError> ValidateNameAndGenerateName(string? name, string? generateName, FieldPath metadataPath,
        Func<string, bool, IReadOnlyList<string>>? nameFn = null)
    {
        ArgumentNullException.ThrowIfNull(metadataPath);
        nameFn ??= NameIsDnsSubdomain;
        var errs = new List<FieldError>();
        if (!string.IsNullOrEmpty(generateName))
            foreach (var msg in nameFn(generateName, true))
                errs.Add(FieldError.Invalid(metadataPath.Child("generateName"), generateName, msg));
        if (string.IsNullOrEmpty(name))
            errs.Add(FieldError.Required(metadataPath.Child("name"), "name or generateName is required"));
        else
            foreach (var msg in nameFn(name, false))
                errs.Add(FieldError.Invalid(metadataPath.Child("name"), name, msg));
        return errs;
    }

    /// <summary>Validates label keys (qualified names) and values; errors are reported at <paramref name="path"/>.</summary>
    public static List<FieldError> ValidateLabels(IReadOnlyDictionary<string, string>? labels, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errs = new List<FieldError>();
        if (labels is null) return errs;
        foreach (var (k, v) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var msg in NameValidation.IsQualifiedName(k)) errs.Add(FieldError.Invalid(path, k, msg));
            foreach (var msg in NameValidation.IsValidLabelValue(v)) errs.Add(FieldError.Invalid(path, v, msg));
        }
        return errs;
    }

    /// <summary>
    /// Validates annotation keys (qualified names, case-insensitive) and the 256 KiB total size limit; errors are
    /// reported at <paramref name="path"/>.
    /// </summary>
    public static List<FieldError> ValidateAnnotations(IReadOnlyDictionary<string, string>? annotations, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errs = new List<FieldError>();
        if (annotations is null) return errs;
        long total = 0;
        foreach (var (k, v) in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var msg in NameValidation.IsQualifiedName(k.ToLowerInvariant())) errs.Add(FieldError.Invalid(path, k, msg));
            total += Encoding.UTF8.GetByteCount(k) + (long)Encoding.UTF8.GetByteCount(v);
        }
        if (total > TotalAnnotationSizeLimitBytes) errs.Add(FieldError.TooLong(path, TotalAnnotationSizeLimitBytes));
        return errs;
    }

    /// <summary>Validates <c>metadata.labels</c> and <c>metadata.annotations</c> maps together.</summary>
    public static List<FieldError> ValidateLabelsAndAnnotations(IReadOnlyDictionary<string, string>? labels,
        IReadOnlyDictionary<string, string>? annotations, FieldPath? metadataPath = null)
    {
        metadataPath ??= FieldPath.Root("metadata");
        var errs = ValidateLabels(labels, metadataPath.Child("labels"));
        errs.AddRange(ValidateAnnotations(annotations, metadataPath.Child("annotations")));
        return errs;
    }
}
