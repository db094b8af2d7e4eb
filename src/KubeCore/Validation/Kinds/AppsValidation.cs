using System.Globalization;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Validation;

/// <summary>Validation of <c>apps/v1</c> Deployments and ReplicaSets.</summary>
internal static class AppsValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] StrategyTypes = ["Recreate", "RollingUpdate"];
    private static readonly DeploymentSpec EmptyDeployment = new();
    private static readonly ReplicaSetSpec EmptyReplicaSet = new();

    /// <summary>Validates a new deployment (<c>ValidateDeploymentSpec</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(Deployment d)
    {
        List<FieldError>? errs = null;
        var s = d.Spec ?? EmptyDeployment;
        Formats.CheckNonNegative(ref errs, s.Replicas, Spec.Child("replicas"));
        TemplateValidation.ValidateSelectorAndTemplate(ref errs, s.Selector, s.Template, Spec, PodSpecPaths.Template, requireAlways: true);
        if (s.Strategy is { } strategy) ValidateStrategy(ref errs, strategy);
        Formats.CheckNonNegative(ref errs, s.RevisionHistoryLimit, Spec.Child("revisionHistoryLimit"));
        Formats.CheckNonNegative(ref errs, s.MinReadySeconds, Spec.Child("minReadySeconds"));
        if (s.ProgressDeadlineSeconds is { } pds)
        {
            Formats.CheckNonNegative(ref errs, pds, Spec.Child("progressDeadlineSeconds"));
            if (pds <= (s.MinReadySeconds ?? 0))
                Errors.Add(ref errs, FieldError.Invalid(Spec.Child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"));
        }
        return Errors.Result(errs);
    }

    /// <summary>Validates a new replica set (<c>ValidateReplicaSetSpec</c>).</summary>
    public static IReadOnlyList<FieldError> Validate(ReplicaSet rs)
    {
        List<FieldError>? errs = null;
        var s = rs.Spec ?? EmptyReplicaSet;
        Formats.CheckNonNegative(ref errs, s.Replicas, Spec.Child("replicas"));
        Formats.CheckNonNegative(ref errs, s.MinReadySeconds, Spec.Child("minReadySeconds"));
        TemplateValidation.ValidateSelectorAndTemplate(ref errs, s.Selector, s.Template, Spec, PodSpecPaths.Template, requireAlways: true);
        return Errors.Result(errs);
    }

    /// <summary>Validates a deployment update: the new object is valid and the selector is unchanged.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(Deployment updated, Deployment current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        CheckSelectorImmutable(ref errs, updated.Spec?.Selector, current.Spec?.Selector);
        return Errors.Result(errs);
    }

    /// <summary>Validates a replica set update: the new object is valid and the selector is unchanged.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(ReplicaSet updated, ReplicaSet current)
    {
        List<FieldError>? errs = null;
        Errors.AddRange(ref errs, Validate(updated));
        CheckSelectorImmutable(ref errs, updated.Spec?.Selector, current.Spec?.Selector);
        return Errors.Result(errs);
    }

    /// <summary>Validates deployment status counts (<c>ValidateDeploymentStatus</c>).</summary>
    public static IReadOnlyList<FieldError> ValidateStatus(DeploymentStatus? s)
    {
        List<FieldError>? errs = null;
        if (s is null) return Errors.None;
        var path = FieldPath.Root("status");
        Formats.CheckNonNegative(ref errs, s.ObservedGeneration, path.Child("observedGeneration"));
        Formats.CheckNonNegative(ref errs, s.Replicas, path.Child("replicas"));
        Formats.CheckNonNegative(ref errs, s.UpdatedReplicas, path.Child("updatedReplicas"));
        Formats.CheckNonNegative(ref errs, s.ReadyReplicas, path.Child("readyReplicas"));
        Formats.CheckNonNegative(ref errs, s.AvailableReplicas, path.Child("availableReplicas"));
        Formats.CheckNonNegative(ref errs, s.UnavailableReplicas, path.Child("unavailableReplicas"));
        Formats.CheckNonNegative(ref errs, s.TerminatingReplicas, path.Child("terminatingReplicas"));
        Formats.CheckNonNegative(ref errs, s.CollisionCount, path.Child("collisionCount"));
        CheckNotGreater(ref errs, path, "availableReplicas", s.AvailableReplicas, s.Replicas, "status.replicas");
        CheckNotGreater(ref errs, path, "readyReplicas", s.ReadyReplicas, s.Replicas, "status.replicas");
        CheckNotGreater(ref errs, path, "availableReplicas", s.AvailableReplicas, s.ReadyReplicas, "readyReplicas");
        return Errors.Result(errs);
    }

    /// <summary>Validates replica set status counts (<c>ValidateReplicaSetStatus</c>).</summary>
    public static IReadOnlyList<FieldError> ValidateStatus(ReplicaSetStatus? s)
    {
        List<FieldError>? errs = null;
        if (s is null) return Errors.None;
        var path = FieldPath.Root("status");
        Formats.CheckNonNegative(ref errs, s.Replicas, path.Child("replicas"));
        Formats.CheckNonNegative(ref errs, s.FullyLabeledReplicas, path.Child("fullyLabeledReplicas"));
        Formats.CheckNonNegative(ref errs, s.ReadyReplicas, path.Child("readyReplicas"));
        Formats.CheckNonNegative(ref errs, s.AvailableReplicas, path.Child("availableReplicas"));
        Formats.CheckNonNegative(ref errs, s.TerminatingReplicas, path.Child("terminatingReplicas"));
        Formats.CheckNonNegative(ref errs, s.ObservedGeneration, path.Child("observedGeneration"));
        CheckNotGreater(ref errs, path, "fullyLabeledReplicas", s.FullyLabeledReplicas, s.Replicas, "status.replicas");
        CheckNotGreater(ref errs, path, "readyReplicas", s.ReadyReplicas, s.Replicas, "status.replicas");
        CheckNotGreater(ref errs, path, "availableReplicas", s.AvailableReplicas, s.Replicas, "status.replicas");
        CheckNotGreater(ref errs, path, "availableReplicas", s.AvailableReplicas, s.ReadyReplicas, "readyReplicas");
        return Errors.Result(errs);
    }

    /// <summary>Adds <c>cannot be greater than …</c> at <paramref name="field"/> when a status count exceeds its bound.</summary>
    private static void CheckNotGreater(ref List<FieldError>? errs, FieldPath path, string field, int? value, int? bound, string boundName)
    {
        if (value > bound) Errors.Add(ref errs, FieldError.Invalid(path.Child(field), value.Value, "cannot be greater than " + boundName));
    }

    /// <summary>Adds <c>field is immutable</c> at <c>spec.selector</c> when the selector changed.</summary>
    public static void CheckSelectorImmutable(ref List<FieldError>? errs, LabelSelector? updated, LabelSelector? current)
    {
        if (!StructuralEquality.JsonEquals(updated, current))
            Errors.Add(ref errs, FieldError.Invalid(Spec.Child("selector"), GoLiteral.Selector(updated), Formats.Immutable));
    }

    private static void ValidateStrategy(ref List<FieldError>? errs, DeploymentStrategy strategy)
    {
        var path = Spec.Child("strategy");
        switch (strategy.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                    Errors.Add(ref errs, FieldError.Forbidden(path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is { } ru) ValidateRollingUpdate(ref errs, ru, path.Child("rollingUpdate"));
                else Errors.Add(ref errs, FieldError.Required(path.Child("rollingUpdate"), "this should be defaulted and never be nil"));
                break;
            default:
                Errors.Add(ref errs, FieldError.NotSupported(path.Child("type"), strategy.Type ?? "", StrategyTypes));
                break;
        }
    }

    private static void ValidateRollingUpdate(ref List<FieldError>? errs, RollingUpdateDeployment ru, FieldPath path)
    {
        CheckIntOrPercent(ref errs, ru.MaxUnavailable, path.Child("maxUnavailable"));
        CheckIntOrPercent(ref errs, ru.MaxSurge, path.Child("maxSurge"));
        if (ValueOf(ru.MaxUnavailable) == 0 && ValueOf(ru.MaxSurge) == 0)
            Errors.Add(ref errs, FieldError.Invalid(path.Child("maxUnavailable"), Raw(ru.MaxUnavailable), "may not be 0 when `maxSurge` is 0"));
        if (ru.MaxUnavailable is { IsString: true } mu && Percent(mu.StringValue!) is > 100)
            Errors.Add(ref errs, FieldError.Invalid(path.Child("maxUnavailable"), mu.StringValue, "must not be greater than 100%"));
    }

    private static void CheckIntOrPercent(ref List<FieldError>? errs, IntOrString? value, FieldPath path)
    {
        if (value is not { } v) return;
        if (!v.IsString) Formats.CheckNonNegative(ref errs, v.IntValue, path);
        else if (Percent(v.StringValue!) is null)
            Errors.Add(ref errs, FieldError.Invalid(path, v.StringValue, NameValidation.RegexError(
                "a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")));
    }

    private static int? Percent(string s)
    {
        if (s.Length < 2 || s[^1] != '%') return null;
        foreach (var c in s.AsSpan(0, s.Length - 1)) if (c is < '0' or > '9') return null;
        return int.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : int.MaxValue;
    }

    private static int? ValueOf(IntOrString? value) => value switch
    {
        null => 0,
        { IsString: false } v => v.IntValue,
        { } v => Percent(v.StringValue!),
    };

    private static object? Raw(IntOrString? value) => value switch
    {
        null => null,
        { IsString: true } v => v.StringValue,
        { } v => v.IntValue,
    };
}
