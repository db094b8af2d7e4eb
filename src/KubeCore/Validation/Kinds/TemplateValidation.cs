using KubeCore.Models;

namespace KubeCore.Validation;

/// <summary>Validation of selectors and pod templates of workloads (deployments, replica sets, jobs).</summary>
internal static class TemplateValidation
{
    private static readonly string[] AlwaysOnly = ["Always"];
    private static readonly PodSpec EmptySpec = new();

    /// <summary>
    /// Validates a required (non-empty, for replica sets) selector and a template whose labels it matches (<c>ValidatePodTemplateSpecForReplicaSet</c>);
    /// <paramref name="spec"/> is the workload's <c>spec</c> path.
    /// </summary>
    public static void ValidateSelectorAndTemplate(ref List<FieldError>? errs, LabelSelector? selector, PodTemplateSpec? template,
        FieldPath spec, PodSpecPaths paths, bool requireAlways, bool requireSelector = true)
    {
        if (selector is null)
        {
            if (requireSelector) Errors.Add(ref errs, FieldError.Required(spec.Child("selector"), ""));
        }
        else
        {
            SelectorChecks.Validate(ref errs, selector, spec.Child("selector"));
            if (requireAlways && SelectorChecks.IsEmpty(selector))
                Errors.Add(ref errs, FieldError.Invalid(spec.Child("selector"), GoLiteral.Selector(selector), "empty selector is invalid for deployment."));
        }
        if (template is null)
        {
            Errors.Add(ref errs, FieldError.Required(spec.Child("template"), ""));
            return;
        }
        var labels = template.Metadata?.Labels;
        if (labels is { Count: > 0 } && !Formats.AreValidLabels(labels))
            Errors.AddRange(ref errs, MetadataValidation.ValidateLabels(labels, spec.Child("template", "metadata", "labels")));
        if (selector is not null && !SelectorChecks.IsEmpty(selector) && !SelectorChecks.Matches(selector, labels))
            Errors.Add(ref errs, FieldError.Invalid(spec.Child("template", "metadata", "labels"), GoLiteral.Map(labels),
                "`selector` does not match template `labels`"));
        var podSpec = template.Spec ?? EmptySpec;
        PodSpecValidation.Validate(ref errs, podSpec, paths);
        if (!requireAlways) return;
        if (podSpec.RestartPolicy is { Length: > 0 } rp && rp != "Always")
            Errors.Add(ref errs, FieldError.NotSupported(paths.Spec.Child("restartPolicy"), rp, AlwaysOnly));
        if (podSpec.ActiveDeadlineSeconds is { } ads)
            Errors.Add(ref errs, FieldError.Invalid(paths.Spec.Child("activeDeadlineSeconds"), ads, "activeDeadlineSeconds in ReplicaSet is not Supported"));
    }
}
