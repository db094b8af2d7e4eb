using KubeCore.Models;

namespace KubeCore.Controllers.Deployments;

/// <summary>The condition types and reasons a Deployment's status carries, as kube-controller-manager words them.</summary>
public static class DeploymentConditions
{
    /// <summary>Condition type: enough pods are available.</summary>
    public const string Available = "Available";
    /// <summary>Condition type: the rollout is progressing (or has finished, or has stalled).</summary>
    public const string Progressing = "Progressing";
    /// <summary>Reason: at least spec.replicas − maxUnavailable pods are available.</summary>
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    /// <summary>Reason: fewer than spec.replicas − maxUnavailable pods are available.</summary>
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    /// <summary>Reason: a new ReplicaSet was created for the current template.</summary>
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    /// <summary>Reason: an existing ReplicaSet matches the current template.</summary>
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    /// <summary>Reason: the rollout made progress.</summary>
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    /// <summary>Reason: the rollout finished.</summary>
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    /// <summary>Reason: no progress within spec.progressDeadlineSeconds.</summary>
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    /// <summary>Reason: the Deployment is paused.</summary>
    public const string DeploymentPaused = "DeploymentPaused";
    /// <summary>Reason: the Deployment was resumed.</summary>
    public const string DeploymentResumed = "DeploymentResumed";

    internal static DeploymentCondition? Get(DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    internal static DeploymentCondition New(string type, string status, string reason, string message, TimeProvider time)
    {
        var now = KubeTime.Now(time);
        return new DeploymentCondition { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now };
    }

    /// <summary>Sets a condition, keeping it untouched when status and reason are unchanged and keeping lastTransitionTime when only the reason changes.</summary>
    internal static DeploymentStatus Set(DeploymentStatus status, DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason) return status;
        if (current is not null && current.Status == condition.Status) condition = condition with { LastTransitionTime = current.LastTransitionTime };
        return Remove(status, condition.Type) with { Conditions = [.. Remove(status, condition.Type).Conditions ?? [], condition] };
    }

    internal static DeploymentStatus Remove(DeploymentStatus status, string type) =>
        status.Conditions is null ? status : status with { Conditions = [.. status.Conditions.Where(c => c.Type != type)] };
}
