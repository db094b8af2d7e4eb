using System.Globalization;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.Events;
using KubeCore.Models;

namespace KubeCore.Controllers.Deployments;

internal sealed partial class DeploymentReconciler
{
    /// <summary>Splits the owned ReplicaSets, brings the new one's revision annotations up to date and creates it when asked and missing.</summary>
    private async Task<(ReplicaSetSet Sets, Deployment Deployment, bool Collided)> GetReplicaSetsAndSyncRevisionAsync(
        Deployment d, List<ReplicaSet> owned, bool create, CancellationToken ct)
    {
        var sets = ReplicaSetSet.Split(d, owned);
        var newRevision = (sets.Old.Count == 0 ? 0 : sets.Old.Max(RolloutMath.RevisionOf)) + 1;
        if (sets.New is { } existing)
        {
            var annotations = NewReplicaSetAnnotations(d, existing, newRevision, exists: true);
            if (!SameAnnotations(annotations, existing.Metadata.Annotations))
                sets.New = await PatchReplicaSetAsync(existing, annotations, null, ct);
            if (DeploymentStatusCalculator.HasProgressDeadline(d) && DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing) is null)
            {
                var status = DeploymentConditions.Set(d.Status ?? new DeploymentStatus(), DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                    DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{existing.Metadata.Name}\"", Time));
                d = await WriteStatusAsync(d, status, ct);
            }
            d = await SetDeploymentRevisionAsync(d, RolloutMath.RevisionOf(sets.New), ct);
            return (sets, d, false);
        }
        if (!create) return (sets, d, false);

        var collisionCount = d.Status?.CollisionCount;
        var hash = PodTemplateHasher.ComputeHash(d.Spec!.Template, collisionCount);
        var template = d.Spec.Template! with
        {
            Metadata = (d.Spec.Template!.Metadata ?? new ObjectMeta()) with { Labels = WithHash(d.Spec.Template.Metadata?.Labels, hash) },
        };
        var selector = (d.Spec.Selector ?? new LabelSelector()) with { MatchLabels = WithHash(d.Spec.Selector?.MatchLabels, hash) };
        var replicas = RolloutMath.NewReplicaSetReplicas(d, sets.Old, null);
        var name = d.Metadata.Name + "-" + hash;
        var candidate = new ReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = d.Metadata.Namespace,
                Labels = template.Metadata!.Labels,
                Annotations = NewReplicaSetAnnotations(d, null, newRevision, exists: false),
                OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = d.Metadata.Name ?? "", Uid = d.Metadata.Uid ?? "", Controller = true, BlockOwnerDeletion = true }],
            },
            Spec = new ReplicaSetSpec { Replicas = replicas, MinReadySeconds = d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        ReplicaSet created;
        try
        {
            created = await Client.ReplicaSets(d.Metadata.Namespace).CreateAsync(candidate, cancellationToken: ct);
        }
        catch (AlreadyExistsException)
        {
            var clash = await Client.ReplicaSets(d.Metadata.Namespace).GetAsync(name, ct);
            if (clash.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == d.Metadata.Uid) == true
                && PodTemplateHasher.EqualIgnoringHash(clash.Spec?.Template, d.Spec.Template))
            {
                sets.New = clash;
                return (sets, d, false);
            }
            var bumped = (d.Status ?? new DeploymentStatus()) with { CollisionCount = (collisionCount ?? 0) + 1 };
            await WriteStatusAsync(d, bumped, ct);
            return (sets, d, true);
        }
        if (replicas > 0) RecordScaling(d, created, 0, replicas);
        sets.New = created;
        if (DeploymentStatusCalculator.HasProgressDeadline(d))
        {
            var status = DeploymentConditions.Set(d.Status ?? new DeploymentStatus(), DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{name}\"", Time));
            d = await WriteStatusAsync(d, status, ct);
        }
        d = await SetDeploymentRevisionAsync(d, newRevision, ct);
        return (sets, d, false);
    }

    private static Dictionary<string, string> WithHash(IReadOnlyDictionary<string, string>? labels, string hash)
    {
        var result = labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(labels);
        result[DeploymentAnnotations.PodTemplateHash] = hash;
        return result;
    }

    /// <summary>The new ReplicaSet's annotations: the Deployment's own (minus controller-owned keys), revision with history, and replica annotations when created.</summary>
    private static Dictionary<string, string> NewReplicaSetAnnotations(Deployment d, ReplicaSet? rs, long newRevision, bool exists)
    {
        var result = rs?.Metadata.Annotations is { } a ? new Dictionary<string, string>(a) : [];
        foreach (var (k, v) in d.Metadata.Annotations ?? new Dictionary<string, string>())
            if (!DeploymentAnnotations.NotCopied.Contains(k)) result[k] = v;
        var oldRevision = rs is null ? 0 : RolloutMath.RevisionOf(rs);
        if (oldRevision < newRevision)
        {
            result[DeploymentAnnotations.Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            if (oldRevision > 0)
            {
                var history = result.GetValueOrDefault(DeploymentAnnotations.RevisionHistory);
                var old = oldRevision.ToString(CultureInfo.InvariantCulture);
                result[DeploymentAnnotations.RevisionHistory] = string.IsNullOrEmpty(history) ? old : history + "," + old;
            }
        }
        if (!exists)
        {
            result[DeploymentAnnotations.DesiredReplicas] = RolloutMath.Replicas(d).ToString(CultureInfo.InvariantCulture);
            result[DeploymentAnnotations.MaxReplicas] = (RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d)).ToString(CultureInfo.InvariantCulture);
        }
        return result;
    }

    private static bool SameAnnotations(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string>? b) =>
        a.Count == (b?.Count ?? 0) && a.All(p => b!.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>Merge-patches a ReplicaSet's annotations and/or replicas (no resourceVersion, so status writers never make it conflict).</summary>
    private async Task<ReplicaSet> PatchReplicaSetAsync(ReplicaSet rs, IReadOnlyDictionary<string, string>? annotations, int? replicas, CancellationToken ct)
    {
        var patch = new JsonObject();
        if (annotations is not null)
        {
            var ann = new JsonObject();
            foreach (var (k, v) in annotations) ann[k] = v;
            foreach (var k in rs.Metadata.Annotations?.Keys ?? []) if (!annotations.ContainsKey(k)) ann[k] = null;
            patch["metadata"] = new JsonObject { ["annotations"] = ann };
        }
        if (replicas is { } r) patch["spec"] = new JsonObject { ["replicas"] = r };
        return await Client.ReplicaSets(rs.Metadata.Namespace).PatchAsync(rs.Metadata.Name!, PatchType.MergePatch, patch.ToJsonString(), cancellationToken: ct);
    }

    /// <summary>Scales a ReplicaSet, stamping the desired/max replicas annotations, and records ScalingReplicaSet when the size changes.</summary>
    private async Task<ReplicaSet> ScaleReplicaSetAsync(Deployment d, ReplicaSetSet sets, ReplicaSet rs, int replicas, CancellationToken ct)
    {
        var from = RolloutMath.SpecReplicas(rs);
        var desired = RolloutMath.Replicas(d).ToString(CultureInfo.InvariantCulture);
        var max = (RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d)).ToString(CultureInfo.InvariantCulture);
        var ann = rs.Metadata.Annotations;
        if (from == replicas && ann?.GetValueOrDefault(DeploymentAnnotations.DesiredReplicas) == desired
            && ann?.GetValueOrDefault(DeploymentAnnotations.MaxReplicas) == max)
            return rs;
        var annotations = ann is null ? new Dictionary<string, string>() : new Dictionary<string, string>(ann);
        annotations[DeploymentAnnotations.DesiredReplicas] = desired;
        annotations[DeploymentAnnotations.MaxReplicas] = max;
        var updated = await PatchReplicaSetAsync(rs, annotations, replicas, ct);
        sets.Replace(updated);
        if (from != replicas) RecordScaling(d, updated, from, replicas);
        return updated;
    }

    private void RecordScaling(Deployment d, ReplicaSet rs, int from, int to) =>
        Recorder.Record(d, EventTypes.Normal, "ScalingReplicaSet",
            $"Scaled {(to > from ? "up" : "down")} replica set {rs.Metadata.Name} from {from} to {to}");

    /// <summary>Deletes the oldest fully scaled-down old ReplicaSets beyond spec.revisionHistoryLimit.</summary>
    private async Task CleanupAsync(Deployment d, ReplicaSetSet sets, CancellationToken ct)
    {
        if (d.Spec?.RevisionHistoryLimit is not { } limit) return;
        var cleanable = sets.Old
            .Where(rs => rs.Metadata.DeletionTimestamp is null && RolloutMath.SpecReplicas(rs) == 0 && (rs.Status?.Replicas ?? 0) == 0)
            .OrderBy(RolloutMath.RevisionOf).ThenBy(rs => rs.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue)
            .ToList();
        var surplus = cleanable.Count - limit;
        foreach (var rs in cleanable.Take(Math.Max(0, surplus)))
        {
            try { await Client.ReplicaSets(rs.Metadata.Namespace).DeleteAsync(rs.Metadata.Name!, cancellationToken: ct); }
            catch (NotFoundException) { }
            sets.Old.Remove(rs);
        }
    }

    private async Task<Deployment> SetDeploymentRevisionAsync(Deployment d, long revision, CancellationToken ct)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        if (revision <= 0 || d.Metadata.Annotations?.GetValueOrDefault(DeploymentAnnotations.Revision) == text) return d;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [DeploymentAnnotations.Revision] = text } } };
        return await Client.Deployments(d.Metadata.Namespace).PatchAsync(d.Metadata.Name!, PatchType.MergePatch, patch.ToJsonString(), cancellationToken: ct);
    }
}
