using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Client;

/// <summary>Deployment rollout operations that kubectl performs on the client side (<c>kubectl rollout undo</c>).</summary>
public static class DeploymentRollout
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string PodTemplateHashLabel = "pod-template-hash";

    // Annotations a rollback keeps from the Deployment instead of copying them from the ReplicaSet (kubectl's list).
    private static readonly HashSet<string> AnnotationsToSkip = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration", RevisionAnnotation, "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to",
    };

    /// <summary>
    /// Rolls a Deployment back the way <c>kubectl rollout undo</c> does: finds the ReplicaSet it controls with revision
    /// <paramref name="toRevision"/> (0: the previous revision), and writes that ReplicaSet's pod template (without its
    /// <c>pod-template-hash</c> label) and annotations into the Deployment. The Deployment controller then rolls out
    /// that template again, reusing the old ReplicaSet under a new revision number.
    /// </summary>
    /// <param name="deployments">A Deployment client for one namespace.</param>
    /// <param name="name">The Deployment's name.</param>
    /// <param name="toRevision">The revision to return to; 0 for the one before the current revision.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What happened, and the Deployment as stored afterwards.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toRevision"/> is negative.</exception>
    /// <exception cref="RolloutException">The Deployment is paused, has no earlier revision, or has no such revision.</exception>
    /// <exception cref="Api.NotFoundException">The Deployment does not exist.</exception>
    public static async Task<RolloutUndoResult> RolloutUndoAsync(this ResourceClient<Deployment> deployments, string name, long toRevision = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(toRevision);
        var ns = deployments.Namespace ?? throw new InvalidOperationException("rollout undo needs a Deployment client for one namespace");
        var replicaSets = new ResourceClient<ReplicaSet>(deployments.Api, deployments.Api.Registry.Get<ReplicaSet>(), ns);
        while (true)
        {
            var deployment = await deployments.GetAsync(name, cancellationToken).ConfigureAwait(false);
            if (deployment.Spec?.Paused == true)
                throw new RolloutException("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
            var owned = (await replicaSets.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items
                .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == deployment.Metadata.Uid) == true);
            var (target, revision) = FindRevision(deployment, owned, toRevision);
            var template = WithoutHashLabel(target.Spec?.Template);
            if (TemplatesEqual(template, deployment.Spec?.Template))
                return new RolloutUndoResult(deployment, revision, Skipped: true,
                    $"skipped rollback (current template already matches revision {revision.ToString(CultureInfo.InvariantCulture)})");

            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in deployment.Metadata.Annotations ?? new Dictionary<string, string>())
                if (AnnotationsToSkip.Contains(k)) annotations[k] = v;
            foreach (var (k, v) in target.Metadata.Annotations ?? new Dictionary<string, string>())
                if (!AnnotationsToSkip.Contains(k)) annotations[k] = v;
            var rolledBack = deployment with
            {
                Metadata = deployment.Metadata with { Annotations = annotations },
                Spec = deployment.Spec! with { Template = template },
            };
            try
            {
                var stored = await deployments.UpdateAsync(rolledBack, null, cancellationToken).ConfigureAwait(false);
                return new RolloutUndoResult(stored, revision, Skipped: false, "rolled back");
            }
            catch (Api.ConflictException) { }   // someone else wrote it meanwhile: decide again on the fresh state
        }
    }

    /// <summary>
    /// What <c>kubectl rollout status</c> says about a Deployment right now, decided as kubectl decides it: the spec
    /// change not yet observed, new replicas still being updated, old replicas pending termination, updated replicas
    /// not yet available, the progress deadline exceeded, or done.
    /// </summary>
    /// <example><c>Waiting for deployment "hello-k8s" rollout to finish: 2 of 3 updated replicas are available...</c></example>
    public static RolloutStatus GetRolloutStatus(this Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var name = deployment.Metadata.Name;
        var status = deployment.Status ?? new DeploymentStatus();
        if ((deployment.Metadata.Generation ?? 0) > (status.ObservedGeneration ?? 0))
            return new RolloutStatus(false, false, "Waiting for deployment spec update to be observed...");
        if (status.Conditions?.FirstOrDefault(c => c.Type == "Progressing") is { Reason: "ProgressDeadlineExceeded" })
            return new RolloutStatus(false, true, $"deployment \"{name}\" exceeded its progress deadline");
        var replicas = deployment.Spec?.Replicas ?? 1;
        int updated = status.UpdatedReplicas ?? 0, total = status.Replicas ?? 0, available = status.AvailableReplicas ?? 0;
        if (updated < replicas)
            return new RolloutStatus(false, false, $"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {replicas} new replicas have been updated...");
        if (total > updated)
            return new RolloutStatus(false, false, $"Waiting for deployment \"{name}\" rollout to finish: {total - updated} old replicas are pending termination...");
        if (available < updated)
            return new RolloutStatus(false, false, $"Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...");
        return new RolloutStatus(true, false, $"deployment \"{name}\" successfully rolled out");
    }

    private static (ReplicaSet ReplicaSet, long Revision) FindRevision(Deployment deployment, IEnumerable<ReplicaSet> owned, long toRevision)
    {
        (ReplicaSet? Rs, long Rev) latest = (null, -1), previous = (null, -1);
        foreach (var rs in owned)
        {
            if (rs.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var text) != true ||
                !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rev)) continue;
            if (toRevision > 0)
            {
                if (rev == toRevision) return (rs, rev);
                continue;
            }
            if (rev > latest.Rev) { previous = latest; latest = (rs, rev); }
            else if (rev > previous.Rev) previous = (rs, rev);
        }
        if (toRevision > 0)
            throw new RolloutException($"unable to find specified revision {toRevision.ToString(CultureInfo.InvariantCulture)} in history");
        return previous.Rs is { } found
            ? (found, previous.Rev)
            : throw new RolloutException($"no rollout history found for deployment \"{deployment.Metadata.Name}\"");
    }

    private static PodTemplateSpec? WithoutHashLabel(PodTemplateSpec? template)
    {
        if (template?.Metadata?.Labels is not { } labels || !labels.ContainsKey(PodTemplateHashLabel)) return template;
        return template with
        {
            Metadata = template.Metadata with { Labels = labels.Where(l => l.Key != PodTemplateHashLabel).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) },
        };
    }

    private static bool TemplatesEqual(PodTemplateSpec? a, PodTemplateSpec? b) =>
        JsonNode.DeepEquals(ToNode(a), ToNode(b));

    private static JsonNode? ToNode(PodTemplateSpec? template) =>
        template is null ? null : JsonSerializer.SerializeToNode(template, KubeJson.GetTypeInfo(typeof(PodTemplateSpec)));
}

/// <summary>The outcome of <see cref="DeploymentRollout.RolloutUndoAsync"/>.</summary>
/// <param name="Deployment">The Deployment as stored after the rollback (unchanged when skipped).</param>
/// <param name="Revision">The revision whose template was restored (or already matched).</param>
/// <param name="Skipped">True when the Deployment's template already matched that revision, so nothing was written.</param>
/// <param name="Message">kubectl's words for the outcome: <c>rolled back</c> or <c>skipped rollback (…)</c>.</param>
public sealed record RolloutUndoResult(Deployment Deployment, long Revision, bool Skipped, string Message);

/// <summary>kubectl rollout status's verdict on a Deployment (<see cref="DeploymentRollout.GetRolloutStatus"/>).</summary>
/// <param name="Done">The rollout is complete: every replica updated and available, no old replicas left.</param>
/// <param name="Failed">The Deployment exceeded its progress deadline (kubectl exits with an error).</param>
/// <param name="Message">kubectl's line for this state.</param>
public sealed record RolloutStatus(bool Done, bool Failed, string Message);

/// <summary>A rollout operation cannot be done in the Deployment's current state (paused, no such revision).</summary>
public sealed class RolloutException(string message) : InvalidOperationException(message);
