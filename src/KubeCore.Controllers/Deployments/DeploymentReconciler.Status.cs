using System.Text.Json;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Reconciliation;
using KubeCore.Serialization;

namespace KubeCore.Controllers.Deployments;

internal sealed partial class DeploymentReconciler
{
    /// <summary>Writes <paramref name="status"/> when it differs from the Deployment's, retrying on conflicts with a fresh read.</summary>
    private async Task<Deployment> WriteStatusAsync(Deployment d, DeploymentStatus status, CancellationToken ct)
    {
        if (StatusJson(d.Status) == StatusJson(status)) return d;
        var client = Client.Deployments(d.Metadata.Namespace);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.UpdateStatusAsync(d with { Status = status }, cancellationToken: ct);
            }
            catch (ConflictException) when (attempt < 3)
            {
                d = await client.GetAsync(d.Metadata.Name!, ct);
            }
        }
    }

    private static string StatusJson(DeploymentStatus? status) =>
        status is null ? "null" : JsonSerializer.Serialize(status, KubeJson.GetTypeInfo(typeof(DeploymentStatus)));

    /// <summary>Marks Progressing Unknown/DeploymentPaused when paused and DeploymentResumed when resumed.</summary>
    private async Task<Deployment> CheckPausedConditionsAsync(Deployment d, CancellationToken ct)
    {
        if (!DeploymentStatusCalculator.HasProgressDeadline(d)) return d;
        var cond = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var pausedShown = cond?.Reason == DeploymentConditions.DeploymentPaused;
        var paused = d.Spec?.Paused == true;
        DeploymentCondition? next = null;
        if (paused && !pausedShown)
            next = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentPaused, "Deployment is paused", Time);
        else if (!paused && pausedShown)
            next = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentResumed, "Deployment is resumed", Time);
        if (next is null) return d;
        return await WriteStatusAsync(d, DeploymentConditions.Set(d.Status ?? new DeploymentStatus(), next), ct);
    }

    /// <summary>Computes status with the Progressing condition (complete, progressing or timed out) and requeues for the deadline.</summary>
    private async Task<ReconcileResult> SyncRolloutStatusAsync(Deployment d, ReplicaSetSet sets, CancellationToken ct)
    {
        var status = DeploymentStatusCalculator.Calculate(d, sets.All, sets.New, Time);
        var hasDeadline = DeploymentStatusCalculator.HasProgressDeadline(d);
        if (!hasDeadline) status = DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        var finished = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        var rsName = sets.New?.Metadata.Name;
        if (hasDeadline && !finished)
        {
            if (DeploymentStatusCalculator.IsComplete(d, status))
            {
                var message = rsName is null ? $"Deployment \"{d.Metadata.Name}\" has successfully progressed." : $"ReplicaSet \"{rsName}\" has successfully progressed.";
                status = DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable, message, Time));
            }
            else if (DeploymentStatusCalculator.IsProgressing(d, status))
            {
                var message = rsName is null ? $"Deployment \"{d.Metadata.Name}\" is progressing." : $"ReplicaSet \"{rsName}\" is progressing.";
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, message, Time);
                if (current is not null)
                {
                    if (current.Status == "True") condition = condition with { LastTransitionTime = current.LastTransitionTime };
                    status = DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }
                status = DeploymentConditions.Set(status, condition);
            }
            else if (DeploymentStatusCalculator.IsTimedOut(d, status, Time))
            {
                var message = rsName is null ? $"Deployment \"{d.Metadata.Name}\" has timed out progressing." : $"ReplicaSet \"{rsName}\" has timed out progressing.";
                status = DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded, message, Time));
            }
        }
        d = await WriteStatusAsync(d, status, ct);
        return RequeueForDeadline(d, status);
    }

    /// <summary>While a rollout is under way, look again once its progress deadline would pass.</summary>
    private ReconcileResult RequeueForDeadline(Deployment d, DeploymentStatus status)
    {
        var cond = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (cond?.LastUpdateTime is not { } updated || !DeploymentStatusCalculator.HasProgressDeadline(d)
            || DeploymentStatusCalculator.IsComplete(d, status) || cond.Reason is DeploymentConditions.ProgressDeadlineExceeded or DeploymentConditions.NewReplicaSetAvailable)
            return ReconcileResult.Done;
        var remaining = updated.Value + TimeSpan.FromSeconds(d.Spec!.ProgressDeadlineSeconds!.Value) - Time.GetUtcNow();
        return ReconcileResult.After((remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) + TimeSpan.FromSeconds(1));
    }
}
