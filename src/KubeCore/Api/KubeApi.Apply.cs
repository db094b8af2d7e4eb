using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Patching;
using KubeCore.Patching.Apply;
using KubeCore.Serialization;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    /// <summary>
    /// Server-side apply (what <see cref="PatchAsync"/> does for <see cref="PatchType.Apply"/>): merges
    /// <paramref name="configuration"/> (a partial object, the manager's whole intent) into the live object by the kind's
    /// list strategies, makes the manager own exactly the fields it sent, removes the fields it sent before and no
    /// longer does (unless someone else owns them), and refuses to change fields other managers own unless forced. A
    /// missing object is created; the result says so (kube-apiserver answers such a PATCH with 201 Created).
    /// </summary>
    /// <exception cref="BadRequestException">The configuration is malformed.</exception>
    /// <exception cref="InvalidException">The configuration cannot be applied, the field manager is missing or the result is invalid.</exception>
    /// <exception cref="ConflictException">The configuration changes fields another manager owns (without <see cref="PatchOptions.Force"/>).</exception>
    public ValueTask<ApplyResult> ApplyAsync(ResourceDefinition resource, string? @namespace, string name, JsonNode configuration,
        PatchOptions? options = null, string subresource = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(configuration);
        CheckNamespace(resource, @namespace);
        if (subresource.Length > 0 && subresource != "status") throw ApiErrors.NotFound(resource.GroupResource, name + "/" + subresource);
        if (subresource == "status" && !resource.HasSubresource("status")) throw ApiErrors.NotFound(resource.GroupResource, name + "/status");
        return ApplyCoreAsync(resource, resource.Namespaced ? @namespace : null, name, configuration, options, subresource, cancellationToken);
    }

    private async ValueTask<ApplyResult> ApplyCoreAsync(ResourceDefinition resource, string? ns, string name, JsonNode patch,
        PatchOptions? options, string subresource, CancellationToken cancellationToken)
    {
        var manager = ResolveFieldManager(options?.FieldManager, "PatchOptions", apply: true);
        var config = CheckApplyConfiguration(resource, ns, name, patch);
        PatchPreconditions.TryGetResourceVersion(config, out var precondition);
        var schema = SchemaOf(resource);
        var configView = OwnershipView(resource, config, subresource);
        var applied = ObjectFields.FromConfig(configView, schema);
        var who = new FieldManagerIdentity(manager, ManagedFieldsOperation.Apply, resource.ApiVersion, subresource);
        var dryRun = options?.DryRun == true;
        var force = options?.Force == true;

        while (true)
        {
            try
            {
                return new ApplyResult(await GuaranteedUpdateAsync(resource, ns, name, subresource, precondition,
                    current => ApplyTo(resource, current, config, applied, schema, who, force, subresource),
                    dryRun, cancellationToken, transformTracksFields: true).ConfigureAwait(false), Created: false);
            }
            catch (NotFoundException) when (subresource.Length == 0 && string.IsNullOrEmpty(precondition))
            {
                // Apply creates what does not exist, owning exactly what it sent (a missing namespace is reported by the create).
                if (await _storage.GetAsync(resource.KeyFor(ns, name), cancellationToken).ConfigureAwait(false) is not null) throw;
            }
            try
            {
                var created = Decode(resource, config.DeepClone());
                return new ApplyResult(await CreateCoreAsync(resource, ns, created, dryRun, who, applied, cancellationToken).ConfigureAwait(false), Created: true);
            }
            catch (AlreadyExistsException)
            {
                // Created in between: apply to it.
            }
        }
    }

    /// <summary>The checks kube-apiserver makes on an apply body before merging it.</summary>
    private static JsonObject CheckApplyConfiguration(ResourceDefinition resource, string? ns, string name, JsonNode patch)
    {
        if (patch is not JsonObject body)
            throw ApiErrors.BadRequest("error decoding YAML: an apply configuration must be an object");
        var apiVersion = body["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var av) ? av : "";
        if (apiVersion != resource.ApiVersion)
            throw ApiErrors.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {resource.ApiVersion}");
        var kind = body["kind"] is JsonValue k && k.TryGetValue<string>(out var kv) ? kv : "";
        if (kind != resource.Kind)
            throw ApiErrors.BadRequest(kind.Length == 0
                ? "Object 'Kind' is missing in the apply configuration"
                : $"the kind \"{kind}\" of the apply configuration does not match the resource {resource.GroupResource} (kind \"{resource.Kind}\")");

        var config = (JsonObject)body.DeepClone();
        if (config["metadata"] is not JsonObject meta) config["metadata"] = meta = new JsonObject();
        if (meta.ContainsKey("managedFields")) throw ApiErrors.BadRequest("metadata.managedFields must be nil");
        var objectName = meta["name"] is JsonValue n && n.TryGetValue<string>(out var nv) ? nv : "";
        if (objectName.Length == 0) meta["name"] = name;
        else if (objectName != name) throw ApiErrors.BadRequest($"the name of the object ({objectName}) does not match the name on the URL ({name})");
        if (resource.Namespaced)
        {
            var objectNamespace = meta["namespace"] is JsonValue s && s.TryGetValue<string>(out var sv) ? sv : "";
            if (objectNamespace.Length > 0 && objectNamespace != ns)
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            meta["namespace"] = ns;
        }
        return config;
    }

    private KubeObject ApplyTo(ResourceDefinition resource, KubeObject current, JsonObject config, FieldSet applied, PatchSchema schema,
        FieldManagerIdentity who, bool force, string subresource)
    {
        var live = KubeJson.ToJsonNode(WithManagedFields(current, null));
        var merged = (JsonObject)live.DeepClone();
        ApplyMerge.MergeObject(merged, config, schema);

        var liveView = OwnershipView(resource, live, subresource);
        var mergedView = OwnershipView(resource, merged, subresource);
        ManagedFieldsUpdater.ApplyOutcome outcome;
        try
        {
            outcome = ManagedFieldsUpdater.Apply(current.Metadata.ManagedFields, liveView, mergedView, applied, schema, who, force, KubeTime.Now(_time));
        }
        catch (ApplyConflictException e)
        {
            throw ApiErrors.ApplyConflict(e.Conflicts.Select(c => (ManagedFieldsUpdater.Describe(c.Owner), c.Path)).ToArray());
        }

        var entries = outcome.Entries;
        if (!outcome.Released.IsEmpty)
        {
            ApplyMerge.Prune(merged, outcome.Released, outcome.StillOwned, schema);
            entries = ManagedFieldsUpdater.DropRemoved(entries, who, mergedView, OwnershipView(resource, merged, subresource), schema);
        }

        // Nothing to change (the same intent applied again): keep the stored state, timestamps included.
        if (JsonNode.DeepEquals(live, merged) && SameOwnership(current.Metadata.ManagedFields, entries, who)) return current;
        return WithManagedFields(Decode(resource, merged), entries);
    }

    /// <summary>Whether two managedFields lists differ at most in the applier's timestamp.</summary>
    private static bool SameOwnership(IReadOnlyList<ManagedFieldsEntry>? before, List<ManagedFieldsEntry> after, FieldManagerIdentity who)
    {
        if (before is null || before.Count != after.Count) return false;
        for (var i = 0; i < after.Count; i++)
        {
            var a = before[i];
            var b = after[i];
            if (a.Manager != b.Manager || a.Operation != b.Operation || a.ApiVersion != b.ApiVersion || a.Subresource != b.Subresource) return false;
            if (!who.Matches(b) && a.Time != b.Time) return false;
            if (ManagedFieldsUpdater.SetOf(a).ToString() != ManagedFieldsUpdater.SetOf(b).ToString()) return false;
        }
        return true;
    }
}

/// <summary>The outcome of a server-side apply.</summary>
/// <param name="Object">The object as stored (or as it would be, on a dry run).</param>
/// <param name="Created">Whether the apply created the object (it did not exist).</param>
public sealed record ApplyResult(KubeObject Object, bool Created);
