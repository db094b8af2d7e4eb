using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

/// <summary>kubectl rollout status's verdict on a Deployment, as kubectl's DeploymentStatusViewer decides it.</summary>
public static class RolloutStatus
{
    public static (bool Done, string Message) Evaluate(Deployment d)
    {
        var name = d.Metadata.Name;
        var s = d.Status ?? new DeploymentStatus();
        if ((d.Metadata.Generation ?? 0) > (s.ObservedGeneration ?? 0))
            return (false, "Waiting for deployment spec update to be observed...");
        var progressing = s.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing?.Reason == "ProgressDeadlineExceeded")
            throw new InvalidOperationException($"deployment \"{name}\" exceeded its progress deadline");
        var replicas = d.Spec?.Replicas ?? 1;
        int updated = s.UpdatedReplicas ?? 0, total = s.Replicas ?? 0, available = s.AvailableReplicas ?? 0;
        if (updated < replicas)
            return (false, $"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {replicas} new replicas have been updated...");
        if (total > updated)
            return (false, $"Waiting for deployment \"{name}\" rollout to finish: {total - updated} old replicas are pending termination...");
        if (available < updated)
            return (false, $"Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...");
        return (true, $"deployment \"{name}\" successfully rolled out");
    }
}
