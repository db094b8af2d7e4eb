namespace KubeCore.Controllers.Deployments;

/// <summary>The label and annotation keys the Deployment controller reads and writes on ReplicaSets and Deployments.</summary>
public static class DeploymentAnnotations
{
    /// <summary>Label (and selector key) carrying the hash of a ReplicaSet's pod template.</summary>
    public const string PodTemplateHash = "pod-template-hash";
    /// <summary>The rollout revision of a ReplicaSet (and the Deployment's current revision).</summary>
    public const string Revision = "deployment.kubernetes.io/revision";
    /// <summary>Earlier revisions a ReplicaSet had before a rollback brought it back, comma-separated.</summary>
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    /// <summary>The Deployment's replicas when the ReplicaSet was last scaled.</summary>
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    /// <summary>The Deployment's replicas plus maxSurge when the ReplicaSet was last scaled.</summary>
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    /// <summary>Why a change was made; copied from the Deployment to its ReplicaSets for <c>kubectl rollout history</c>.</summary>
    public const string ChangeCause = "kubernetes.io/change-cause";

    internal static readonly HashSet<string> NotCopied =
    [
        "kubectl.kubernetes.io/last-applied-configuration", Revision, RevisionHistory, DesiredReplicas, MaxReplicas,
        "deprecated.deployment.rollback.to",
    ];
}
