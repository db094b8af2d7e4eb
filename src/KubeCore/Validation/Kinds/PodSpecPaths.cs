namespace KubeCore.Validation;

/// <summary>Pre-built field paths of a pod spec at one location, so that valid objects allocate no paths.</summary>
internal sealed class PodSpecPaths
{
    /// <summary>Paths of a pod's own spec (<c>spec</c>).</summary>
    public static readonly PodSpecPaths Pod = new(FieldPath.Root("spec"));
    /// <summary>Paths of a workload's pod template spec (<c>spec.template.spec</c>).</summary>
    public static readonly PodSpecPaths Template = new(FieldPath.Root("spec", "template", "spec"));
    /// <summary>Paths of a cron job's pod template spec (<c>spec.jobTemplate.spec.template.spec</c>).</summary>
    public static readonly PodSpecPaths CronJobTemplate = new(FieldPath.Root("spec", "jobTemplate", "spec", "template", "spec"));

    private PodSpecPaths(FieldPath spec)
    {
        Spec = spec;
        Containers = spec.Child("containers");
        InitContainers = spec.Child("initContainers");
        Volumes = spec.Child("volumes");
        Tolerations = spec.Child("tolerations");
    }

    /// <summary>The spec itself.</summary>
    public FieldPath Spec { get; }
    /// <summary><c>containers</c>.</summary>
    public FieldPath Containers { get; }
    /// <summary><c>initContainers</c>.</summary>
    public FieldPath InitContainers { get; }
    /// <summary><c>volumes</c>.</summary>
    public FieldPath Volumes { get; }
    /// <summary><c>tolerations</c>.</summary>
    public FieldPath Tolerations { get; }
}
