using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.ApiServer.Routing;
using KubeCore.Models;
using KubeCore.Patching;
using KubeCore.Serialization;
using Microsoft.AspNetCore.Http;
using PatchType = KubeCore.Api.PatchType;
using WirePatchType = KubeCore.Patching.PatchType;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// Resources served without storage of their own: <c>autoscaling/v1</c> HorizontalPodAutoscalers (converted to and
/// from the stored <c>autoscaling/v2</c>, which <c>kubectl autoscale</c> needs) and <c>authorization.k8s.io/v1</c>
/// SelfSubjectAccessReviews (<c>kubectl auth can-i</c>) and
/// <c>authentication.k8s.io/v1</c> SelfSubjectReviews (<c>kubectl auth whoami</c>), both answered in KubeHttpApi.Auth.cs.
/// </summary>
internal sealed partial class KubeHttpApi
{
    /// <summary>The discovery entries of the resources served here.</summary>
    public static IReadOnlyList<ResourceDefinition> UnstoredResources { get; } =
    [
        new ResourceDefinition
        {
            Group = "autoscaling", Version = "v1", Kind = "HorizontalPodAutoscaler", Plural = "horizontalpodautoscalers", Singular = "horizontalpodautoscaler",
            Namespaced = true, ShortNames = ["hpa"], Categories = ["all"], Verbs = ["create", "delete", "get", "list", "patch", "update"],
            ClrType = typeof(GenericObject),
        },
        new ResourceDefinition
        {
            Group = "authorization.k8s.io", Version = "v1", Kind = "SelfSubjectAccessReview", Plural = "selfsubjectaccessreviews", Singular = "selfsubjectaccessreview",
            Namespaced = false, Verbs = ["create"], ClrType = typeof(GenericObject),
        },
        EventsV1Resource,
        new ResourceDefinition
        {
            Group = "authentication.k8s.io", Version = "v1", Kind = "SelfSubjectReview", Plural = "selfsubjectreviews", Singular = "selfsubjectreview",
            Namespaced = false, Verbs = ["create"], ClrType = typeof(GenericObject),
        },
    ];

    /// <summary>Handles the request when it is for a resource served here; otherwise returns null.</summary>
    private Task? TryHandleUnstored(HttpContext context, RequestInfo info) => info switch
    {
        { Group: "autoscaling", Version: "v1", Resource: "horizontalpodautoscalers" } => HandleHpaV1Async(context, info),
        { Group: "authorization.k8s.io", Version: "v1", Resource: "selfsubjectaccessreviews" } => HandleSelfSubjectAccessReviewAsync(context, info),
        { Group: "events.k8s.io", Version: "v1", Resource: "events" } => HandleEventsV1Async(context, info),
        { Group: "authentication.k8s.io", Version: "v1", Resource: "selfsubjectreviews" } => HandleSelfSubjectReviewAsync(context, info),
        _ => null,
    };

    private async Task HandleSelfSubjectAccessReviewAsync(HttpContext context, RequestInfo info)
    {
        if (info.Namespace is not null || info.Name is not null) throw ResourceNotFound();
        if (!HttpMethods.IsPost(context.Request.Method)) throw MethodNotAllowed(UnstoredResources[1], context.Request.Method);
        var query = new QueryParameters(context.Request.Query);
        var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
        if (node is not JsonObject review) throw ApiErrors.BadRequest("the object provided is unrecognized (must be of type Object)");
        CheckTypeMeta(review, "authorization.k8s.io/v1", "SelfSubjectAccessReview");
        var spec = review["spec"] as JsonObject;
        var resourceAttributes = spec?["resourceAttributes"] is JsonObject;
        var nonResourceAttributes = spec?["nonResourceAttributes"] is JsonObject;
        if (resourceAttributes == nonResourceAttributes)
        {
            // kube-apiserver's ValidateSelfSubjectAccessReviewSpec.
            var cause = resourceAttributes
                ? new StatusCause { Reason = "FieldValueInvalid", Field = "spec.nonResourceAttributes", Message = $"Invalid value: {spec!["nonResourceAttributes"]!.ToJsonString()}: cannot be specified in combination with resourceAttributes" }
                : new StatusCause { Reason = "FieldValueInvalid", Field = "spec.resourceAttributes", Message = "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified" };
            throw ApiErrors.Invalid(new GroupKind("authorization.k8s.io", "SelfSubjectAccessReview"), "", [cause]);
        }
        var unknown = UnknownTopLevel(review, "apiVersion", "kind", "metadata", "spec", "status");
        if (unknown.Count > 0 && query.FieldValidation() == "Strict") throw UnknownFields.StrictError(unknown);
        review["metadata"] = new JsonObject { ["creationTimestamp"] = null };
        review["status"] = await ReviewAccessAsync(context, spec!).ConfigureAwait(false);
        foreach (var f in unknown) review.Remove(f);
        await WriteNodeAsync(context, review, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private async Task HandleHpaV1Async(HttpContext context, RequestInfo info)
    {
        var v1 = UnstoredResources[0];
        if (!_cluster.Resources.TryGetByResource("autoscaling", "horizontalpodautoscalers", out var v2)) throw ResourceNotFound();
        if (info.Subresource.Length > 0) throw ResourceNotFound();
        var query = new QueryParameters(context.Request.Query);
        var method = context.Request.Method;
        var ns = info.Namespace;
        var ct = context.RequestAborted;

        if (info.Name is null)
        {
            if (HttpMethods.IsGet(method) && !query.Bool("watch"))
            {
                var list = await Api.ListAsync(v2, ns, query.ListOptions(), ct).ConfigureAwait(false);
                if (TableNegotiation.Requested(context, query) is { } table)
                {
                    await ResponseWriter.WriteTableAsync(context, _tables.ConvertToTable(list.Items, v2.Group, v2.Kind,
                        new ListMeta { ResourceVersion = list.ResourceVersion, Continue = list.Continue }, Api.TimeProvider.GetUtcNow(), table)).ConfigureAwait(false);
                    return;
                }
                var items = new JsonArray();
                foreach (var item in list.Items) items.Add(HpaV1Conversion.ToV1(KubeJson.ToJsonNode(item)));
                var metadata = new JsonObject { ["resourceVersion"] = list.ResourceVersion };
                if (!string.IsNullOrEmpty(list.Continue)) metadata["continue"] = list.Continue;
                await WriteNodeAsync(context, new JsonObject
                {
                    ["kind"] = "HorizontalPodAutoscalerList", ["apiVersion"] = HpaV1Conversion.V1, ["metadata"] = metadata, ["items"] = items,
                }).ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsPost(method) && ns is not null)
            {
                var obj = await ReadHpaV1Async(context, query, stored: null).ConfigureAwait(false);
                var created = await Api.CreateAsync(v2, ns, CheckNamespace(v2, ns, obj),
                    new CreateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() }, ct).ConfigureAwait(false);
                await WriteHpaV1Async(context, created, StatusCodes.Status201Created).ConfigureAwait(false);
                return;
            }
            throw MethodNotAllowed(v1, method);
        }
        if (ns is null) throw ResourceNotFound();
        var name = info.Name;
        if (HttpMethods.IsGet(method))
        {
            var obj = await Api.GetAsync(v2, ns, name, new GetOptions { ResourceVersion = query.String("resourceVersion") }, ct).ConfigureAwait(false);
            if (TableNegotiation.Requested(context, query) is { } table)
                await ResponseWriter.WriteTableAsync(context, _tables.ConvertToTable([obj], v2.Group, v2.Kind,
                    new ListMeta { ResourceVersion = obj.Metadata.ResourceVersion }, Api.TimeProvider.GetUtcNow(), table)).ConfigureAwait(false);
            else await WriteHpaV1Async(context, obj).ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsPut(method))
        {
            var stored = await Api.GetAsync(v2, ns, name, new GetOptions(), ct).ConfigureAwait(false);
            var obj = await ReadHpaV1Async(context, query, KubeJson.ToJsonNode(stored)).ConfigureAwait(false);
            CheckName(obj, name);
            var updated = await Api.UpdateAsync(v2, ns, CheckNamespace(v2, ns, obj),
                new UpdateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() }, ct).ConfigureAwait(false);
            await WriteHpaV1Async(context, updated).ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsPatch(method))
        {
            var (type, patch) = await ReadPatchAsync(context).ConfigureAwait(false);
            if (type == PatchType.Apply) throw ApiErrors.UnsupportedMediaType("server-side apply is not supported on autoscaling/v1 HorizontalPodAutoscalers; use autoscaling/v2");
            var stored = await Api.GetAsync(v2, ns, name, new GetOptions(), ct).ConfigureAwait(false);
            var current = HpaV1Conversion.ToV1(KubeJson.ToJsonNode(stored));
            var wire = type switch { PatchType.JsonPatch => WirePatchType.Json, PatchType.MergePatch => WirePatchType.Merge, _ => WirePatchType.StrategicMerge };
            JsonNode? patched;
            try { patched = KubernetesPatch.Apply(wire, current, patch, HpaV1Conversion.V1, v1.Kind); }
            catch (PatchException e) { throw ApiErrors.BadRequest(e.Message); }
            if (patched is not JsonObject patchedObject) throw ApiErrors.BadRequest("the patch did not produce an object");
            var converted = HpaV1Conversion.ToV2(patchedObject, KubeJson.ToJsonNode(stored));
            var obj = BodyDecoder.Decode(context, converted, HpaV1Conversion.V2, v2.Kind, v2.ClrType, query.FieldValidation());
            CheckName(obj, name);
            var updated = await Api.UpdateAsync(v2, ns, CheckNamespace(v2, ns, obj),
                new UpdateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() }, ct).ConfigureAwait(false);
            await WriteHpaV1Async(context, updated).ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsDelete(method))
        {
            var options = await ReadDeleteOptionsAsync(context, query).ConfigureAwait(false);
            var result = await Api.DeleteAsync(v2, ns, name, options, ct).ConfigureAwait(false);
            if (!result.Deleted) await WriteHpaV1Async(context, result.Object).ConfigureAwait(false);
            else await ResponseWriter.WriteStatusAsync(context, ApiErrors.DeleteSuccess(v2.GroupResource, name, result.Object.Metadata.Uid) with { Code = StatusCodes.Status200OK }).ConfigureAwait(false);
            return;
        }
        throw MethodNotAllowed(v1, method);
    }

    /// <summary>Reads a v1 body and converts it to the stored v2 kind, with fieldValidation applied to the result.</summary>
    private static async Task<KubeObject> ReadHpaV1Async(HttpContext context, QueryParameters query, JsonObject? stored)
    {
        var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
        if (node is not JsonObject obj) throw ApiErrors.BadRequest("the object provided is unrecognized (must be of type Object)");
        CheckTypeMeta(obj, HpaV1Conversion.V1, "HorizontalPodAutoscaler");
        return BodyDecoder.Decode(context, HpaV1Conversion.ToV2(obj, stored), HpaV1Conversion.V2, "HorizontalPodAutoscaler", typeof(HorizontalPodAutoscaler), query.FieldValidation());
    }

    private static Task WriteHpaV1Async(HttpContext context, KubeObject obj, int statusCode = StatusCodes.Status200OK) =>
        WriteNodeAsync(context, HpaV1Conversion.ToV1(KubeJson.ToJsonNode(obj)), statusCode);

    private static Task WriteNodeAsync(HttpContext context, JsonNode node, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ResponseWriter.Json;
        return context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(node), context.RequestAborted).AsTask();
    }

    /// <summary>Defaults a body's apiVersion/kind and rejects others, as <see cref="BodyDecoder.Decode"/> does.</summary>
    private static void CheckTypeMeta(JsonObject obj, string apiVersion, string kind)
    {
        var bodyVersion = (obj["apiVersion"] as JsonValue)?.GetValue<string>();
        var bodyKind = (obj["kind"] as JsonValue)?.GetValue<string>();
        if (!string.IsNullOrEmpty(bodyVersion) && bodyVersion != apiVersion)
            throw ApiErrors.BadRequest($"the API version in the data ({bodyVersion}) does not match the expected API version ({apiVersion})");
        if (!string.IsNullOrEmpty(bodyKind) && bodyKind != kind)
            throw ApiErrors.BadRequest($"the kind in the data ({bodyKind}) does not match the expected kind ({kind})");
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
    }

    private static List<string> UnknownTopLevel(JsonObject obj, params string[] known) =>
        obj.Select(p => p.Key).Where(k => !known.Contains(k, StringComparer.Ordinal)).ToList();
}
