using System.Text.Json.Nodes;
using KubeCore.Models;

namespace KubeCore.Patching.Apply;

/// <summary>
/// Who a write is attributed to: a manager's entries are told apart by manager, operation, subresource and, for
/// updates, apiVersion (an applier keeps one entry whatever version it applies in).
/// </summary>
internal readonly record struct FieldManagerIdentity(string Manager, string Operation, string ApiVersion, string Subresource)
{
    public bool Matches(ManagedFieldsEntry e) =>
        e.Manager == Manager && e.Operation == Operation && (e.Subresource ?? "") == Subresource &&
        (Operation == ManagedFieldsOperation.Apply || e.ApiVersion == ApiVersion);

    public ManagedFieldsEntry Entry(FieldsV1 fields, KubeTime time) => new()
    {
        Manager = Manager,
        Operation = Operation,
        ApiVersion = ApiVersion,
        Time = time,
        FieldsType = "FieldsV1",
        FieldsV1 = fields,
        Subresource = Subresource.Length == 0 ? null : Subresource,
    };
}

/// <summary>One field owned by another manager that an apply would change.</summary>
internal sealed record FieldConflict(ManagedFieldsEntry Owner, string Path);

/// <summary>
/// Maintains <c>metadata.managedFields</c> the way kube-apiserver's field manager does: updates take every field they
/// add or change (and others lose it), applies own exactly what they send, conflict with other owners unless forced,
/// and drop the fields they no longer send when nobody else owns them.
/// </summary>
internal static class ManagedFieldsUpdater
{
    /// <summary>
    /// The entries after an update from <paramref name="live"/> to <paramref name="updated"/> (views without
    /// server-owned metadata), or null when nothing changed.
    /// </summary>
    public static List<ManagedFieldsEntry>? Update(IReadOnlyList<ManagedFieldsEntry>? entries, JsonObject live, JsonObject updated,
        PatchSchema schema, FieldManagerIdentity who, KubeTime now)
    {
        var cmp = ObjectFields.Compare(live, updated, schema);
        if (cmp.IsSame) return null;
        var taken = cmp.Added.Clone().UnionWith(cmp.Modified).UnionWith(cmp.Removed);
        var result = new List<ManagedFieldsEntry>();
        FieldSet? previous = null;
        foreach (var e in entries ?? [])
        {
            if (who.Matches(e)) { previous = SetOf(e).Clone(); continue; }
            var set = SetOf(e).Clone().ExceptWith(taken);
            if (!set.IsEmpty) result.Add(e with { FieldsV1 = new FieldsV1(set) });
        }
        var mine = (previous ?? new FieldSet()).ExceptWith(cmp.Removed).UnionWith(cmp.Added).UnionWith(cmp.Modified);
        if (!mine.IsEmpty) result.Add(who.Entry(new FieldsV1(mine), now));
        Sort(result);
        return result;
    }

    /// <summary>The outcome of an apply: the new entries and the fields the applier gave up (to prune).</summary>
    public sealed record ApplyOutcome(List<ManagedFieldsEntry> Entries, FieldSet Released, FieldSet StillOwned);

    /// <summary>
    /// Works out ownership for an apply of a configuration whose set is <paramref name="configSet"/> that
    /// turned <paramref name="live"/> into <paramref name="merged"/>.
    /// </summary>
    /// <exception cref="ApplyConflictException">Another manager owns a field the apply changes, and it is not forced.</exception>
    public static ApplyOutcome Apply(IReadOnlyList<ManagedFieldsEntry>? entries, JsonObject live, JsonObject merged, FieldSet configSet,
        PatchSchema schema, FieldManagerIdentity who, bool force, KubeTime now)
    {
        var cmp = ObjectFields.Compare(live, merged, schema);
        var changed = cmp.Added.Clone().UnionWith(cmp.Modified);
        var conflicts = new List<FieldConflict>();
        var others = new List<(ManagedFieldsEntry Entry, FieldSet Set)>();
        FieldSet? last = null;
        foreach (var e in entries ?? [])
        {
            if (who.Matches(e)) { last = SetOf(e); continue; }
            var set = SetOf(e).Clone();
            var conflicting = FieldSet.Intersect(set, changed);
            foreach (var p in conflicting.Paths()) conflicts.Add(new FieldConflict(e, FieldSet.FormatPath(p)));
            others.Add((e, set.ExceptWith(conflicting).ExceptWith(cmp.Removed)));
        }
        if (conflicts.Count > 0 && !force) throw new ApplyConflictException(conflicts);

        var stillOwned = configSet.Clone();
        foreach (var (_, set) in others) stillOwned.UnionWith(set);
        var released = last is null ? new FieldSet() : last.Clone().ExceptWith(configSet);

        var result = new List<ManagedFieldsEntry>();
        foreach (var (e, set) in others)
            if (!set.IsEmpty) result.Add(e with { FieldsV1 = new FieldsV1(set) });
        result.Add(who.Entry(new FieldsV1(configSet), now));
        Sort(result);
        return new ApplyOutcome(result, released, stillOwned);
    }

    /// <summary>Removes from the other managers' sets what pruning took out of the object.</summary>
    public static List<ManagedFieldsEntry> DropRemoved(List<ManagedFieldsEntry> entries, FieldManagerIdentity who, JsonObject before, JsonObject after, PatchSchema schema)
    {
        var cmp = ObjectFields.Compare(before, after, schema);
        if (cmp.Removed.IsEmpty) return entries;
        var result = new List<ManagedFieldsEntry>();
        foreach (var e in entries)
        {
            if (who.Matches(e)) { result.Add(e); continue; }
            var set = SetOf(e).Clone().ExceptWith(cmp.Removed);
            if (!set.IsEmpty) result.Add(e with { FieldsV1 = new FieldsV1(set) });
        }
        return result;
    }

    public static FieldSet SetOf(ManagedFieldsEntry e)
    {
        if (e.FieldsV1 is null) return new FieldSet();
        try { return e.FieldsV1.Set; }
        catch (FormatException) { return new FieldSet(); }
    }

    /// <summary>kube-apiserver's order: appliers first, then by time, manager, apiVersion and subresource.</summary>
    public static void Sort(List<ManagedFieldsEntry> entries) => entries.Sort(static (p, q) =>
    {
        var c = string.CompareOrdinal(p.Operation, q.Operation);
        if (c != 0) return c;
        c = (p.Time?.Value ?? default).CompareTo(q.Time?.Value ?? default);
        if (c != 0) return c;
        c = string.CompareOrdinal(p.Manager, q.Manager);
        if (c != 0) return c;
        c = string.CompareOrdinal(p.ApiVersion, q.ApiVersion);
        return c != 0 ? c : string.CompareOrdinal(p.Subresource, q.Subresource);
    });

    /// <summary>How kube-apiserver names a manager in conflict messages.</summary>
    public static string Describe(ManagedFieldsEntry e)
    {
        var s = "\"" + e.Manager + "\"";
        if (!string.IsNullOrEmpty(e.Subresource)) s += $" with subresource \"{e.Subresource}\"";
        return e.Operation == ManagedFieldsOperation.Update ? $"{s} using {e.ApiVersion}" : s;
    }
}

/// <summary>An apply would change fields other managers own.</summary>
internal sealed class ApplyConflictException(IReadOnlyList<FieldConflict> conflicts) : Exception("apply conflicts")
{
    public IReadOnlyList<FieldConflict> Conflicts { get; } = conflicts;
}
