using KubeCore.Models;

namespace KubeCore.Controllers.Deployments;

/// <summary>A Deployment's ReplicaSets during one reconcile: the one matching the current template and the rest, kept current as the controller writes.</summary>
internal sealed class ReplicaSetSet
{
    public ReplicaSet? New { get; set; }

    public List<ReplicaSet> Old { get; } = [];

    public IReadOnlyList<ReplicaSet> All => New is null ? Old : [.. Old, New];

    public void Replace(ReplicaSet updated)
    {
        if (New?.Metadata.Uid == updated.Metadata.Uid) { New = updated; return; }
        var i = Old.FindIndex(rs => rs.Metadata.Uid == updated.Metadata.Uid);
        if (i >= 0) Old[i] = updated;
    }

    public static ReplicaSetSet Split(Deployment d, IEnumerable<ReplicaSet> owned)
    {
        var set = new ReplicaSetSet();
        foreach (var rs in owned.OrderBy(r => r.Metadata.CreationTimestamp?.Value ?? DateTimeOffset.MinValue).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            if (set.New is null && PodTemplateHasher.EqualIgnoringHash(rs.Spec?.Template, d.Spec?.Template)) set.New = rs;
            else set.Old.Add(rs);
        }
        return set;
    }
}
