using System.Text.Json;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Validation;

namespace KubeCore.CustomResources;

/// <summary>
/// The rules of <c>apiextensions.k8s.io/v1 CustomResourceDefinition</c> writes, as kube-apiserver's apiextensions
/// server applies them: defaults (singular, listKind, conversion), validation (names, <c>plural.group</c> object name,
/// scope, versions with exactly one storage version, structural schemas), <c>status.storedVersions</c>, and deletion
/// through the <c>customresourcecleanup.apiextensions.k8s.io</c> finalizer with a <c>Terminating</c> condition.
/// </summary>
public sealed class CustomResourceDefinitionStrategy : ResourceStrategy
{
    /// <summary>The finalizer that holds a deleted CRD until its custom resources are gone.</summary>
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>The annotation protected groups (<c>*.k8s.io</c>, <c>*.kubernetes.io</c>) need.</summary>
    public const string ApprovalAnnotation = "api-approved.kubernetes.io";

    private static readonly string[] s_scopes = ["Cluster", "Namespaced"];
    private static readonly string[] s_columnTypes = ["boolean", "date", "integer", "number", "string"];
    private static readonly string[] s_columnFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];
    private static readonly JsonElement s_noneConversion = JsonDocument.Parse("{\"strategy\":\"None\"}").RootElement.Clone();

    /// <summary>The shared instance.</summary>
    public static CustomResourceDefinitionStrategy Instance { get; } = new();

    private CustomResourceDefinitionStrategy() { }

    /// <inheritdoc />
    public override KubeObject PrepareForCreate(KubeObject obj)
    {
        var crd = (CustomResourceDefinition)obj;
        return crd with { Status = new CustomResourceDefinitionStatus { StoredVersions = StorageVersion(crd) is { } v ? [v] : [] } };
    }

    /// <inheritdoc />
    public override KubeObject PrepareForUpdate(KubeObject updated, KubeObject current)
    {
        var crd = (CustomResourceDefinition)updated;
        var stored = crd.Status?.StoredVersions ?? [];
        if (StorageVersion(crd) is { } v && !stored.Contains(v))
            crd = crd with { Status = (crd.Status ?? new CustomResourceDefinitionStatus()) with { StoredVersions = [.. stored, v] } };
        return crd;
    }

    /// <inheritdoc />
    public override KubeObject ApplyDefaults(KubeObject obj)
    {
        var crd = (CustomResourceDefinition)obj;
        var spec = crd.Spec;
        if (spec?.Names is not { } names) return crd;
        var defaulted = names;
        if (string.IsNullOrEmpty(names.Singular) && names.Kind.Length > 0) defaulted = defaulted with { Singular = names.Kind.ToLowerInvariant() };
        if (string.IsNullOrEmpty(names.ListKind) && names.Kind.Length > 0) defaulted = defaulted with { ListKind = names.Kind + "List" };
        var conversion = spec.Conversion is { ValueKind: JsonValueKind.Object } ? spec.Conversion : s_noneConversion;
        if (ReferenceEquals(defaulted, names) && spec.Conversion is { ValueKind: JsonValueKind.Object }) return crd;
        return crd with { Spec = spec with { Names = defaulted, Conversion = conversion } };
    }

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(KubeObject obj) => ValidateDefinition((CustomResourceDefinition)obj, null);

    /// <inheritdoc />
    public override IEnumerable<FieldError> ValidateUpdate(KubeObject updated, KubeObject current) =>
        ValidateDefinition((CustomResourceDefinition)updated, (CustomResourceDefinition)current);

    /// <inheritdoc />
    public override IEnumerable<FieldError> ValidateStatusUpdate(KubeObject updated, KubeObject current)
    {
        var crd = (CustomResourceDefinition)updated;
        var errors = new List<FieldError>();
        if (crd.Status?.AcceptedNames is { } accepted) ValidateNames(accepted, FieldPath.Root("status", "acceptedNames"), errors);
        return errors;
    }

    /// <summary>The first delete of a CRD only marks it: the cleanup finalizer keeps it until its instances are gone.</summary>
    public override bool HasPendingDeletionWork(KubeObject obj) => obj.Metadata.DeletionTimestamp is null;

    /// <inheritdoc />
    public override KubeObject OnDeletionStarted(KubeObject obj)
    {
        var crd = (CustomResourceDefinition)obj;
        var finalizers = crd.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(CleanupFinalizer)) crd = crd with { Metadata = crd.Metadata with { Finalizers = [.. finalizers, CleanupFinalizer] } };
        return SetCondition(crd, "Terminating", "True", "InstanceDeletionPending",
            "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", crd.Metadata.DeletionTimestamp);
    }

    /// <summary>The version marked <c>storage: true</c>, or null.</summary>
    public static string? StorageVersion(CustomResourceDefinition crd) =>
        crd?.Spec?.Versions?.FirstOrDefault(v => v.Storage)?.Name;

    /// <summary>Returns <paramref name="crd"/> with a condition set (its transition time kept when the status is unchanged).</summary>
    public static CustomResourceDefinition SetCondition(CustomResourceDefinition crd, string type, string status, string reason, string message, KubeTime? now)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var conditions = (crd.Status?.Conditions ?? []).ToList();
        var index = conditions.FindIndex(c => c.Type == type);
        var existing = index >= 0 ? conditions[index] : null;
        var condition = new CustomResourceDefinitionCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastTransitionTime = existing is not null && existing.Status == status ? existing.LastTransitionTime : now,
        };
        if (existing is not null && existing.Status == condition.Status && existing.Reason == reason && existing.Message == message) return crd;
        if (index >= 0) conditions[index] = condition;
        else conditions.Add(condition);
        return crd with { Status = (crd.Status ?? new CustomResourceDefinitionStatus()) with { Conditions = conditions } };
    }

    private static List<FieldError> ValidateDefinition(CustomResourceDefinition crd, CustomResourceDefinition? old)
    {
        var errors = new List<FieldError>();
        var spec = crd.Spec ?? new CustomResourceDefinitionSpec();
        var names = spec.Names ?? new CustomResourceDefinitionNames();
        var specPath = FieldPath.Root("spec");
        var name = crd.Metadata.Name ?? "";
        if (name.Length > 0 && name != names.Plural + "." + spec.Group)
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), name, "must be spec.names.plural+\".\"+spec.group"));

        if (spec.Group.Length == 0) errors.Add(FieldError.Required(specPath.Child("group"), ""));
        else if (NameValidation.IsDns1123Subdomain(spec.Group) is { Count: > 0 } groupErrors)
            errors.Add(FieldError.Invalid(specPath.Child("group"), spec.Group, string.Join(",", groupErrors)));
        else if (!spec.Group.Contains('.', StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(specPath.Child("group"), spec.Group, "should be a domain with at least one dot"));

        if (spec.Scope.Length == 0) errors.Add(FieldError.Required(specPath.Child("scope"), ""));
        else if (!s_scopes.Contains(spec.Scope)) errors.Add(FieldError.NotSupported(specPath.Child("scope"), spec.Scope, s_scopes));

        var versions = spec.Versions ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = true;
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            var vPath = specPath.Child("versions").Index(i);
            if (!seen.Add(v.Name)) unique = false;
            if (NameValidation.IsDns1035Label(v.Name) is { Count: > 0 } vErrors)
                errors.Add(FieldError.Invalid(vPath.Child("name"), v.Name, string.Join(",", vErrors)));
            if (v.Schema?.OpenAPIV3Schema is not { ValueKind: JsonValueKind.Object } schema)
            {
                errors.Add(FieldError.Required(vPath.Child("schema").Child("openAPIV3Schema"), ""));
            }
            else
            {
                var schemaPath = vPath.Child("schema").Child("openAPIV3Schema");
                var schemaErrors = new List<FieldError>();
                StructuralSchema.Parse(schema, schemaPath, schemaErrors);
                errors.AddRange(schemaErrors.OrderBy(e => e.ToString(), StringComparer.Ordinal));
            }
            if (v.Subresources?.Scale is { } scale) ValidateScale(scale, vPath.Child("subresources").Child("scale"), v.Subresources.Status is not null, errors);
            var columns = v.AdditionalPrinterColumns ?? [];
            for (var c = 0; c < columns.Count; c++) ValidateColumn(columns[c], vPath.Child("additionalPrinterColumns").Index(c), errors);
        }
        if (!unique) errors.Add(FieldError.Invalid(specPath.Child("versions"), FieldError.OmittedValue, "must contain unique version names"));
        if (versions.Count(v => v.Storage) != 1)
            errors.Add(FieldError.Invalid(specPath.Child("versions"), FieldError.OmittedValue, "must have exactly one version marked as storage version"));

        if (names.Plural.Length == 0) errors.Add(FieldError.Required(specPath.Child("names", "plural"), ""));
        if (string.IsNullOrEmpty(names.Singular)) errors.Add(FieldError.Required(specPath.Child("names", "singular"), ""));
        if (names.Kind.Length == 0) errors.Add(FieldError.Required(specPath.Child("names", "kind"), ""));
        if (string.IsNullOrEmpty(names.ListKind)) errors.Add(FieldError.Required(specPath.Child("names", "listKind"), ""));
        ValidateNames(names, specPath.Child("names"), errors);

        if (spec.PreserveUnknownFields == true)
            errors.Add(FieldError.Invalid(specPath.Child("preserveUnknownFields"), true,
                "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        if (spec.Conversion is { ValueKind: JsonValueKind.Object } conversion && conversion.TryGetProperty("strategy", out var strategy) &&
            strategy.GetString() is { } s && s != "None")
        {
            errors.Add(FieldError.NotSupported(specPath.Child("conversion", "strategy"), s, ["None"]));
        }

        // Protected groups need the API approval annotation.
        if (IsProtectedGroup(spec.Group) && (crd.Metadata.Annotations is null || !crd.Metadata.Annotations.ContainsKey(ApprovalAnnotation)))
            errors.Add(FieldError.Required(FieldPath.Root("metadata", "annotations").Key(ApprovalAnnotation),
                $"protected groups must have approval annotation \"{ApprovalAnnotation}\", see https://github.com/kubernetes/enhancements/pull/1111"));

        if (old is not null)
        {
            if (old.Spec?.Scope is { Length: > 0 } oldScope && oldScope != spec.Scope)
                errors.Add(FieldError.Invalid(specPath.Child("scope"), spec.Scope, "field is immutable"));
            if (old.Spec?.Group is { Length: > 0 } oldGroup && oldGroup != spec.Group)
                errors.Add(FieldError.Invalid(specPath.Child("group"), spec.Group, "field is immutable"));
            var stored = crd.Status?.StoredVersions ?? [];
            for (var i = 0; i < stored.Count; i++)
            {
                if (versions.Any(v => v.Name == stored[i])) continue;
                errors.Add(FieldError.Invalid(FieldPath.Root("status", "storedVersions").Index(i), stored[i],
                    $"missing from spec.versions; {stored[i]} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in {stored[i]} and removes {stored[i]} from status.storedVersions"));
            }
        }
        return errors;
    }

    private static bool IsProtectedGroup(string group) =>
        group == "k8s.io" || group.EndsWith(".k8s.io", StringComparison.Ordinal) ||
        group == "kubernetes.io" || group.EndsWith(".kubernetes.io", StringComparison.Ordinal);

    private static void ValidateNames(CustomResourceDefinitionNames names, FieldPath path, List<FieldError> errors)
    {
        if (names.Plural.Length > 0 && NameValidation.IsDns1035Label(names.Plural) is { Count: > 0 } p)
            errors.Add(FieldError.Invalid(path.Child("plural"), names.Plural, string.Join(",", p)));
        if (!string.IsNullOrEmpty(names.Singular) && NameValidation.IsDns1035Label(names.Singular) is { Count: > 0 } s)
            errors.Add(FieldError.Invalid(path.Child("singular"), names.Singular, string.Join(",", s)));
        if (names.Kind.Length > 0 && NameValidation.IsDns1035Label(names.Kind.ToLowerInvariant()) is { Count: > 0 } k)
            errors.Add(FieldError.Invalid(path.Child("kind"), names.Kind, "may have mixed case, but should otherwise match: " + string.Join(",", k)));
        if (!string.IsNullOrEmpty(names.ListKind) && NameValidation.IsDns1035Label(names.ListKind.ToLowerInvariant()) is { Count: > 0 } lk)
            errors.Add(FieldError.Invalid(path.Child("listKind"), names.ListKind, "may have mixed case, but should otherwise match: " + string.Join(",", lk)));
        var shortNames = names.ShortNames ?? [];
        for (var i = 0; i < shortNames.Count; i++)
            if (NameValidation.IsDns1035Label(shortNames[i]) is { Count: > 0 } sn)
                errors.Add(FieldError.Invalid(path.Child("shortNames").Index(i), shortNames[i], string.Join(",", sn)));
        if (names.Kind.Length > 0 && names.Kind == names.ListKind)
            errors.Add(FieldError.Invalid(path.Child("listKind"), names.ListKind, "kind and listKind may not be the same"));
        var categories = names.Categories ?? [];
        for (var i = 0; i < categories.Count; i++)
            if (NameValidation.IsDns1035Label(categories[i]) is { Count: > 0 } c)
                errors.Add(FieldError.Invalid(path.Child("categories").Index(i), categories[i], string.Join(",", c)));
    }

    private static void ValidateScale(CustomResourceSubresourceScale scale, FieldPath path, bool statusEnabled, List<FieldError> errors)
    {
        if (scale.SpecReplicasPath.Length == 0) errors.Add(FieldError.Required(path.Child("specReplicasPath"), ""));
        else if (!scale.SpecReplicasPath.StartsWith(".spec.", StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(path.Child("specReplicasPath"), scale.SpecReplicasPath, "should be a json path under .spec"));
        if (scale.StatusReplicasPath.Length == 0) errors.Add(FieldError.Required(path.Child("statusReplicasPath"), ""));
        else if (!scale.StatusReplicasPath.StartsWith(".status.", StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(path.Child("statusReplicasPath"), scale.StatusReplicasPath, "should be a json path under .status"));
        if (!string.IsNullOrEmpty(scale.LabelSelectorPath) && !scale.LabelSelectorPath.StartsWith(".spec.", StringComparison.Ordinal) &&
            !scale.LabelSelectorPath.StartsWith(".status.", StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(path.Child("labelSelectorPath"), scale.LabelSelectorPath, "should be a json path under either .spec or .status"));
        _ = statusEnabled;
    }

    private static void ValidateColumn(CustomResourceColumnDefinition column, FieldPath path, List<FieldError> errors)
    {
        if (column.Name.Length == 0) errors.Add(FieldError.Required(path.Child("name"), ""));
        if (column.Type.Length == 0) errors.Add(FieldError.Required(path.Child("type"), "must be one of " + string.Join(",", s_columnTypes)));
        else if (!s_columnTypes.Contains(column.Type)) errors.Add(FieldError.Invalid(path.Child("type"), column.Type, "must be one of " + string.Join(",", s_columnTypes)));
        if (!string.IsNullOrEmpty(column.Format) && !s_columnFormats.Contains(column.Format))
            errors.Add(FieldError.Invalid(path.Child("format"), column.Format, "must be one of " + string.Join(",", s_columnFormats)));
        if (column.JsonPath.Length == 0) errors.Add(FieldError.Required(path.Child("JSONPath"), ""));
    }
}
