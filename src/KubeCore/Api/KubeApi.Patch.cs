using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Patching;
using KubeCore.Patching.Apply;
using KubeCore.Serialization;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    /// <summary>
    /// Patches an object (or its <c>status</c>) with a JSON patch, JSON merge patch or strategic merge patch, then runs
    /// the update rules; or applies a configuration (server-side apply, <see cref="PatchType.Apply"/>), creating the
    /// object when it does not exist. A <c>metadata.resourceVersion</c> in the patch is a precondition (stale → 409); without one the
    /// patch is re-applied to the latest state on conflicts, as kube-apiserver does.
    /// </summary>
    /// <exception cref="BadRequestException">The patch document is malformed.</exception>
    /// <exception cref="InvalidException">The patch cannot be applied or the result is invalid.</exception>
    /// <exception cref="NotSupportedException">The patch type is not supported for this kind (415).</exception>
    /// <exception cref="ConflictException">An apply changes fields another manager owns (without <see cref="PatchOptions.Force"/>).</exception>
    public ValueTask<KubeObject> PatchAsync(ResourceDefinition resource, string? @namespace, string name, PatchType type, JsonNode patch,
        PatchOptions? options = null, string subresource = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(patch);
        CheckNamespace(resource, @namespace);
        if (subresource.Length > 0 && subresource != "status") throw ApiErrors.NotFound(resource.GroupResource, name + "/" + subresource);
        if (subresource == "status" && !resource.HasSubresource("status")) throw ApiErrors.NotFound(resource.GroupResource, name + "/status");

        var ns = resource.Namespaced ? @namespace : null;
        if (type == PatchType.Apply) return AppliedObjectAsync(ApplyCoreAsync(resource, ns, name, patch, options, subresource, cancellationToken));

        var manager = ResolveFieldManager(options?.FieldManager, "PatchOptions", force: options?.Force == true);
        var apply = CompilePatch(resource, type, patch, out var precondition);
        return GuaranteedUpdateAsync(resource, ns, name, subresource, precondition,
            current => Decode(resource, EnforceFieldValidation(resource, apply(KubeJson.ToJsonNode(current)), options?.FieldValidation)), options?.DryRun == true, cancellationToken,
            new FieldManagerIdentity(manager, ManagedFieldsOperation.Update, resource.ApiVersion, subresource));
    }

    private static async ValueTask<KubeObject> AppliedObjectAsync(ValueTask<ApplyResult> apply) => (await apply.ConfigureAwait(false)).Object;

    private static Func<JsonNode, JsonNode> CompilePatch(ResourceDefinition resource, PatchType type, JsonNode patch, out string? precondition)
    {
        precondition = null;
        try
        {
            switch (type)
            {
                case PatchType.JsonPatch:
                    var operations = JsonPatch.Parse(patch);
                    if (PatchPreconditions.TryGetResourceVersion(operations, out var jsonPatchRv)) precondition = jsonPatchRv;
                    return current => Guard(() => JsonPatch.Apply(current, operations));
                case PatchType.MergePatch:
                    if (patch is not JsonObject) throw ApiErrors.BadRequest("json: cannot unmarshal into Go value of type map[string]interface {}: a merge patch must be a JSON object");
                    if (PatchPreconditions.TryGetResourceVersion(patch, out var mergeRv)) precondition = mergeRv;
                    return current => Guard(() => JsonMergePatch.Apply(current, patch));
                case PatchType.StrategicMergePatch:
                    if (!StrategicMergePatchSchemas.TryGet(resource.ApiVersion, resource.Kind, out var schema))
                        throw ApiErrors.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                    if (PatchPreconditions.TryGetResourceVersion(patch, out var smpRv)) precondition = smpRv;
                    return current => Guard(() => StrategicMergePatch.Apply(current, patch, schema));
                default:
                    throw ApiErrors.UnsupportedMediaType("server-side apply (application/apply-patch+yaml) is not supported by this API layer yet");
            }
        }
        catch (PatchException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Unknown fields in a patched object: rejected under Strict, dropped under Warn/Ignore, kept when unset.</summary>
    private static JsonNode EnforceFieldValidation(ResourceDefinition resource, JsonNode patched, string? fieldValidation)
    {
        if (patched is JsonObject obj) UnknownFields.Enforce(obj, resource, fieldValidation);
        return patched;
    }

    private static JsonNode Guard(Func<JsonNode?> apply)
    {
        try { return apply() ?? throw ApiErrors.BadRequest("the patch produced an empty object"); }
        catch (PatchException e) { throw Translate(e); }
    }

    private static KubeApiException Translate(PatchException e) => e.Failure switch
    {
        PatchFailure.BadRequest => ApiErrors.BadRequest(e.Message),
        PatchFailure.UnsupportedMediaType => ApiErrors.UnsupportedMediaType(e.Message),
        _ => new InvalidException(new Status { StatusValue = Status.Failure, Code = 422, Reason = StatusReasons.Invalid, Message = e.Message }),
    };

    private static KubeObject Decode(ResourceDefinition resource, JsonNode node)
    {
        try { return KubeJson.FromJsonNode(node, resource.ClrType); }
        catch (JsonException e) { throw ApiErrors.BadRequest($"the patched object is not a valid {resource.Kind}: {e.Message}"); }
    }
}
