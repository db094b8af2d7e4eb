using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Patching;
using KubeCore.Patching.Apply;
using KubeCore.Serialization;
using KubeCore.Validation;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    /// <summary>The longest field manager name the API accepts (<c>fieldManager</c>), as kube-apiserver.</summary>
    public const int FieldManagerMaxLength = 128;

    /// <summary>The manager a write is attributed to: the request's, or <see cref="KubeApiOptions.DefaultFieldManager"/>.</summary>
    private string ResolveFieldManager(string? requested, string optionsKind, bool apply = false, bool force = false)
    {
        List<FieldError>? errors = null;
        var path = FieldPath.Root("fieldManager");
        if (!apply && force) (errors ??= []).Add(FieldError.Forbidden(FieldPath.Root("force"), "may not be specified for non-apply patch"));
        if (apply && string.IsNullOrEmpty(requested)) (errors ??= []).Add(FieldError.Required(path, "is required for apply patch"));
        if (requested is { Length: > FieldManagerMaxLength }) (errors ??= []).Add(FieldError.TooLong(path, FieldManagerMaxLength));
        if (requested is not null)
        {
            for (var i = 0; i < requested.Length; i++)
            {
                if (char.IsControl(requested[i]) || char.IsSurrogate(requested[i]))
                {
                    (errors ??= []).Add(FieldError.Invalid(path, requested, $"invalid character U+{(int)requested[i]:X4} (at position {i})"));
                    break;
                }
            }
        }
        if (errors is not null) throw ApiErrors.Invalid(new GroupKind("meta.k8s.io", optionsKind), "", errors.Select(e => e.ToStatusCause()).ToArray());
        return string.IsNullOrEmpty(requested) ? _options.DefaultFieldManager : requested;
    }

    private static PatchSchema SchemaOf(ResourceDefinition resource) =>
        StrategicMergePatchSchemas.TryGet(resource.ApiVersion, resource.Kind, out var schema) ? schema : PatchSchema.Empty;

    /// <summary>Writes through <c>status</c> own status fields; every other write owns the rest.</summary>
    private static bool IsStatusScope(string subresource) => subresource == "status";

    /// <summary>
    /// The part of an object field ownership is about: without apiVersion, kind and server-owned metadata, and only
    /// the status (status writes) or everything but the status (other writes, when the kind has a status subresource).
    /// </summary>
    private static JsonObject OwnershipView(ResourceDefinition resource, JsonObject full, string subresource)
    {
        var node = (JsonObject)full.DeepClone();
        node.Remove("apiVersion");
        node.Remove("kind");
        if (node["metadata"] is JsonObject meta)
        {
            foreach (var f in s_serverOwnedMetadata) meta.Remove(f);
            if (meta.Count == 0) node.Remove("metadata");
        }
        if (IsStatusScope(subresource))
        {
            var status = node["status"];
            node.Remove("status");
            return status is JsonObject { Count: > 0 } ? new JsonObject { ["status"] = status } : new JsonObject();
        }
        if (resource.HasSubresource("status")) node.Remove("status");
        return node;
    }

    private static readonly string[] s_serverOwnedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields",
         "deletionTimestamp", "deletionGracePeriodSeconds"];

    private static JsonObject OwnershipView(ResourceDefinition resource, KubeObject obj, string subresource) =>
        OwnershipView(resource, KubeJson.ToJsonNode(WithManagedFields(obj, null)), subresource);

    /// <summary>
    /// An entry owning every field of the object it is stored in, computed only when read: what a create, or an update
    /// by the only manager of the object, records.
    /// </summary>
    private static FieldsV1 WholeObjectFields(ResourceDefinition resource, string subresource) =>
        new(s_wholeObjectSets.GetOrAdd((resource, IsStatusScope(subresource)), static key =>
            fields => ObjectFields.All(OwnershipView(key.Resource, fields.WholeObjectOf!, key.Status ? "status" : ""), SchemaOf(key.Resource))))
        {
            CoversWholeObject = true,
        };

    // One computing delegate per resource and scope, so recording an entry allocates no closure.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ResourceDefinition Resource, bool Status), Func<FieldsV1, Patching.Apply.FieldSet>> s_wholeObjectSets = new();

    /// <summary>
    /// Points "whole object" entries at the instance storage kept (stamped with its revision), so the copy made before
    /// the write is not held alive by them.
    /// </summary>
    private static KubeObject RebindWholeObject(KubeObject stored)
    {
        if (stored.Metadata.ManagedFields is not { } entries) return stored;
        foreach (var e in entries)
        {
            if (e.FieldsV1?.WholeObjectOf is { } owner && !ReferenceEquals(owner, stored) &&
                ReferenceEquals(owner.Metadata.ManagedFields, entries))
                e.FieldsV1.WholeObjectOf = stored;
        }
        return stored;
    }

    private static KubeObject WithManagedFields(KubeObject obj, IReadOnlyList<ManagedFieldsEntry>? entries) =>
        ReferenceEquals(obj.Metadata.ManagedFields, entries) ? obj : obj with { Metadata = obj.Metadata with { ManagedFields = entries } };

    /// <summary>
    /// The managedFields of a create by <paramref name="who"/>, who owns every field it sent, defaults included: an
    /// entry for the whole object (bound to it with <see cref="BindCreated"/>), or, when the request carries entries of
    /// its own, null (see <see cref="TrackCreateWithRequestedEntries"/>).
    /// </summary>
    private IReadOnlyList<ManagedFieldsEntry>? CreateEntries(ResourceDefinition resource, ObjectMeta requested, FieldManagerIdentity who) =>
        requested.ManagedFields is { Count: > 0 } ? null : [who.Entry(WholeObjectFields(resource, who.Subresource), KubeTime.Now(_time))];

    private static KubeObject BindCreated(KubeObject obj)
    {
        if (obj.Metadata.ManagedFields is { Count: 1 } entries && entries[0].FieldsV1 is { CoversWholeObject: true, WholeObjectOf: null } f) f.WholeObjectOf = obj;
        return obj;
    }

    private KubeObject TrackCreateWithRequestedEntries(ResourceDefinition resource, KubeObject obj, FieldManagerIdentity who)
    {
        var requested = obj.Metadata.ManagedFields ?? [];
        var view = OwnershipView(resource, obj, who.Subresource);
        var entries = ManagedFieldsUpdater.Update(requested, new JsonObject(), view, SchemaOf(resource), who, KubeTime.Now(_time));
        return WithManagedFields(obj, entries ?? requested);
    }

    /// <summary>
    /// Records an update by <paramref name="who"/> from <paramref name="current"/> to <paramref name="updated"/>. When the
    /// writer is the only manager of what it writes and owned the whole previous state, it owns the whole new state
    /// without comparing the two (the common case in-process: one client creating and updating).
    /// </summary>
    private KubeObject TrackUpdate(ResourceDefinition resource, FieldManagerIdentity who, KubeObject updated, KubeObject current)
    {
        var requested = updated.Metadata.ManagedFields;
        var live = current.Metadata.ManagedFields;
        var entries = requested is { Count: > 0 } ? requested : live;
        var now = KubeTime.Now(_time);

        if (ReferenceEquals(entries, live) && entries is not null && WholeObjectEntry(entries, who, current) is var at and >= 0)
        {
            var fields = WholeObjectFields(resource, who.Subresource);
            var list = entries.ToArray();
            list[at] = who.Entry(fields, now);
            var result = WithManagedFields(updated, list);
            fields.WholeObjectOf = result;
            return result;
        }

        var computed = ManagedFieldsUpdater.Update(entries, OwnershipView(resource, current, who.Subresource),
            OwnershipView(resource, updated, who.Subresource), SchemaOf(resource), who, now);
        return WithManagedFields(updated, computed ?? entries);
    }

    /// <summary>The index of the one entry in the writer's scope if it is the writer's and owns the whole stored object; otherwise -1.</summary>
    private static int WholeObjectEntry(IReadOnlyList<ManagedFieldsEntry> entries, FieldManagerIdentity who, KubeObject current)
    {
        var found = -1;
        var statusScope = IsStatusScope(who.Subresource);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (IsStatusScope(e.Subresource ?? "") != statusScope) continue;
            if (found >= 0 || !who.Matches(e)) return -1;
            if (e.FieldsV1?.WholeObjectOf is not { } owner || !ReferenceEquals(owner.Metadata.ManagedFields, current.Metadata.ManagedFields)) return -1;
            found = i;
        }
        return found;
    }

    /// <summary>
    /// A write nobody is attributed to (binding, deletion): entries that owned "the whole stored object" keep the
    /// fields they had, since the object now has fields they do not own.
    /// </summary>
    private static KubeObject DetachManagedFields(KubeObject updated)
    {
        if (updated.Metadata.ManagedFields is not { Count: > 0 } entries || !entries.Any(e => e.FieldsV1?.WholeObjectOf is not null)) return updated;
        var detached = entries.Select(e => e.FieldsV1 is { WholeObjectOf: not null } f ? e with { FieldsV1 = new FieldsV1(_ => f.Set) } : e).ToArray();
        return WithManagedFields(updated, detached);
    }
}
