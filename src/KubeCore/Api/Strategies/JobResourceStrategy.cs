using KubeCore.Models;

namespace KubeCore.Api.Strategies;

/// <summary>
/// Jobs: unless <c>spec.manualSelector</c> is true, the server generates the selector from the Job's uid and labels the
/// pod template to match, as kube-apiserver does.
/// </summary>
public class JobResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static JobResourceStrategy Instance { get; } = new();

    /// <summary>The label carrying the owning Job's uid.</summary>
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";

    /// <summary>The label carrying the owning Job's name.</summary>
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    /// <inheritdoc />
    public override KubeObject PrepareForCreate(KubeObject obj)
    {
        var job = (Job)obj;
        var spec = job.Spec ?? new JobSpec();
        if (spec.ManualSelector == true) return job;
        var uid = job.Metadata.Uid!;
        var name = job.Metadata.Name ?? "";
        var template = spec.Template ?? new PodTemplateSpec();
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [ControllerUidLabel] = uid,
            [JobNameLabel] = name,
            ["controller-uid"] = uid,
            ["job-name"] = name,
        };
        return job with
        {
            Spec = spec with
            {
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { [ControllerUidLabel] = uid } },
                Template = template with { Metadata = (template.Metadata ?? new ObjectMeta()) with { Labels = labels } },
            },
        };
    }
}
