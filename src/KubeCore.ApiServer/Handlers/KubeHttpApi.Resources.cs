using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.ApiServer.Routing;
using KubeCore.Models;
using KubeCore.Patching;
using PatchType = KubeCore.Api.PatchType;
using WirePatchType = KubeCore.Patching.PatchType;
using KubeCore.Serialization;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Handlers;

internal sealed partial class KubeHttpApi
{
    private async Task HandleResourceAsync(HttpContext context, RequestInfo info)
    {
        if (!_cluster.Resources.TryGetByResource(info.Group, info.Resource, out var resource) || resource.Version != info.Version)
            throw ResourceNotFound();
        if (!resource.Namespaced && info.Namespace is not null) throw ResourceNotFound();
        if (info.Subresource.Length > 0 && !resource.HasSubresource(info.Subresource)) throw ResourceNotFound();

        var query = new QueryParameters(context.Request.Query);
        var method = context.Request.Method;
        var ns = resource.Namespaced ? info.Namespace : null;
        var ct = context.RequestAborted;

        if (info.Name is null)
        {
            if (HttpMethods.IsGet(method))
            {
                if (query.Bool("watch")) await WatchAsync(context, resource, ns, query).ConfigureAwait(false);
                else await ListAsync(context, resource, ns, query).ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsPost(method))
            {
                var obj = await BodyDecoder.ReadObjectAsync(context, resource, query.FieldValidation()).ConfigureAwait(false);
                var created = await Api.CreateAsync(resource, ns ?? obj.Metadata.Namespace, CheckNamespace(resource, ns, obj),
                    new CreateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() }, ct).ConfigureAwait(false);
                await ResponseWriter.WriteObjectAsync(context, created, StatusCodes.Status201Created).ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsDelete(method))
            {
                await DeleteCollectionAsync(context, resource, ns, query).ConfigureAwait(false);
                return;
            }
            throw MethodNotAllowed(resource, method);
        }

        var name = info.Name;
        if (ns is not null && TryHandlePodStream(context, info, resource, ns, name, query, out var streamed)) { await streamed.ConfigureAwait(false); return; }
        switch (info.Subresource)
        {
            case "" or "status" when HttpMethods.IsGet(method):
            {
                var table = TableNegotiation.Requested(context, query);
                var obj = await Api.GetAsync(resource, ns, name, new GetOptions { ResourceVersion = query.String("resourceVersion") }, ct).ConfigureAwait(false);
                if (table is not null)
                    await ResponseWriter.WriteTableAsync(context, _tables.ConvertToTable([obj], resource.Group, resource.Kind,
                        new ListMeta { ResourceVersion = obj.Metadata.ResourceVersion }, Api.TimeProvider.GetUtcNow(), table)).ConfigureAwait(false);
                else
                    await ResponseWriter.WriteObjectAsync(context, obj).ConfigureAwait(false);
                return;
            }
            case "" or "status" or "finalize" when HttpMethods.IsPut(method):
            {
                var obj = await BodyDecoder.ReadObjectAsync(context, resource, query.FieldValidation()).ConfigureAwait(false);
                CheckName(obj, name);
                obj = CheckNamespace(resource, ns, obj);
                var options = new UpdateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() };
                var updated = info.Subresource.Length == 0
                    ? await Api.UpdateAsync(resource, ns, obj, options, ct).ConfigureAwait(false)
                    : await Api.UpdateSubresourceAsync(resource, ns, obj, info.Subresource, options, ct).ConfigureAwait(false);
                await ResponseWriter.WriteObjectAsync(context, updated).ConfigureAwait(false);
                return;
            }
            case "" or "status" when HttpMethods.IsPatch(method):
            {
                var (type, patch) = await ReadPatchAsync(context).ConfigureAwait(false);
                var patchOptions = new PatchOptions { DryRun = query.DryRun(), FieldManager = type == PatchType.Apply ? query.String("fieldManager") : FieldManager(context, query), FieldValidation = query.FieldValidation(), Force = query.Bool("force") };
                if (type == PatchType.Apply)
                {
                    // An apply that creates the object is answered 201 Created, as kube-apiserver does.
                    var applied = await Api.ApplyAsync(resource, ns, name, patch, patchOptions, info.Subresource, ct).ConfigureAwait(false);
                    await ResponseWriter.WriteObjectAsync(context, applied.Object, applied.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK).ConfigureAwait(false);
                    return;
                }
                var patched = await Api.PatchAsync(resource, ns, name, type, patch, patchOptions, info.Subresource, ct).ConfigureAwait(false);
                await ResponseWriter.WriteObjectAsync(context, patched).ConfigureAwait(false);
                return;
            }
            case "" when HttpMethods.IsDelete(method):
                await DeleteAsync(context, resource, ns, name, query).ConfigureAwait(false);
                return;
            case "scale":
                await ScaleAsync(context, resource, ns, name, query).ConfigureAwait(false);
                return;
            case "binding" when HttpMethods.IsPost(method):
            {
                var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
                var binding = (Binding)BodyDecoder.Decode(context, node, "v1", "Binding", typeof(Binding), query.FieldValidation());
                if (!string.IsNullOrEmpty(binding.Metadata.Name) && binding.Metadata.Name != name)
                    throw ApiErrors.BadRequest($"the name of the object ({binding.Metadata.Name}) does not match the name on the URL ({name})");
                await Api.BindAsync(ns!, name, binding, query.DryRun(), ct).ConfigureAwait(false);
                await ResponseWriter.WriteStatusAsync(context, new Status { StatusValue = Status.Success, Code = StatusCodes.Status201Created }).ConfigureAwait(false);
                return;
            }
            case "eviction" when HttpMethods.IsPost(method):
                await EvictAsync(context, resource, ns!, name, query).ConfigureAwait(false);
                return;
        }
        throw MethodNotAllowed(resource, method);
    }

    private static KubeApiException MethodNotAllowed(ResourceDefinition resource, string method) =>
        new KubeCore.Api.NotSupportedException(ResponseWriter.MethodNotAllowed(method, resource.Plural));

    /// <summary>A body's namespace must match the URL's; an empty one takes the URL's.</summary>
    private static KubeObject CheckNamespace(ResourceDefinition resource, string? urlNamespace, KubeObject obj)
    {
        if (!resource.Namespaced || urlNamespace is null) return obj;
        var bodyNamespace = obj.Metadata.Namespace;
        if (string.IsNullOrEmpty(bodyNamespace)) return obj with { Metadata = obj.Metadata with { Namespace = urlNamespace } };
        if (bodyNamespace != urlNamespace)
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        return obj;
    }

    private static void CheckName(KubeObject obj, string urlName)
    {
        if (obj.Metadata.Name != urlName)
            throw ApiErrors.BadRequest($"the name of the object ({obj.Metadata.Name}) does not match the name on the URL ({urlName})");
    }

    /// <summary>
    /// The field manager of a create, update or non-apply patch: the <c>fieldManager</c> parameter, else the client's
    /// User-Agent up to its first '/' (printable characters, at most 128), as kube-apiserver names managers
    /// (<c>kubectl</c>, <c>python</c>, …). Apply requires the parameter, so it never comes here.
    /// </summary>
    private static string? FieldManager(HttpContext context, QueryParameters query)
    {
        if (query.String("fieldManager") is { } requested) return requested;
        var agent = context.Request.Headers.UserAgent.ToString();
        if (agent.Length == 0) return null;
        var prefix = agent.Split('/', 2)[0];
        var manager = new System.Text.StringBuilder(Math.Min(prefix.Length, 128));
        foreach (var c in prefix)
        {
            if (manager.Length >= 128) break;
            if (!char.IsControl(c) && !char.IsSurrogate(c)) manager.Append(c);
        }
        return manager.Length == 0 ? null : manager.ToString();
    }

    private static async Task<(PatchType Type, JsonNode Patch)> ReadPatchAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (!KubernetesPatch.TryParseContentType(contentType, out var wire))
            throw ApiErrors.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        var type = wire switch
        {
            WirePatchType.Json => PatchType.JsonPatch,
            WirePatchType.Merge => PatchType.MergePatch,
            WirePatchType.StrategicMerge => PatchType.StrategicMergePatch,
            _ => PatchType.Apply,
        };
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonNode? patch;
        try
        {
            patch = type == PatchType.Apply
                ? Manifests.ManifestReader.ParseDocuments(body, "apply patch").FirstOrDefault()
                : KubernetesPatch.ParseBody(body);
        }
        catch (Exception e) when (e is JsonException or FormatException || e.GetType().Namespace?.StartsWith("YamlDotNet", StringComparison.Ordinal) == true)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }
        return (type, patch ?? throw ApiErrors.BadRequest("the body of the request was empty"));
    }

    private async Task ListAsync(HttpContext context, ResourceDefinition resource, string? ns, QueryParameters query)
    {
        var table = TableNegotiation.Requested(context, query);
        var list = await Api.ListAsync(resource, ns, query.ListOptions(), context.RequestAborted).ConfigureAwait(false);
        if (table is not null)
        {
            var converted = _tables.ConvertToTable(list.Items, resource.Group, resource.Kind,
                new ListMeta { ResourceVersion = list.ResourceVersion, Continue = list.Continue, RemainingItemCount = list.RemainingItemCount },
                Api.TimeProvider.GetUtcNow(), table);
            await ResponseWriter.WriteTableAsync(context, converted).ConfigureAwait(false);
            return;
        }
        await ResponseWriter.WriteListAsync(context, resource, list).ConfigureAwait(false);
    }

    /// <summary>DELETE options from the body (kubectl, client-go) and/or the query (the C# client sends no body).</summary>
    private static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context, QueryParameters query)
    {
        DeleteOptions options = new();
        if ((context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            && context.Request.ContentType?.Split(';', 2)[0].Trim().Equals(Protobuf.ProtobufDecoder.MediaType, StringComparison.OrdinalIgnoreCase) == true)
        {
            // kubectl's typed clients (drain, delete of a pod by the eviction fallback) send DeleteOptions as protobuf.
            var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
            if ((node["kind"] as JsonValue)?.GetValue<string>() is { } kind && kind != "DeleteOptions")
                throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (DeleteOptions)");
            options = node.Deserialize((System.Text.Json.Serialization.Metadata.JsonTypeInfo<DeleteOptions>)KubeJson.GetTypeInfo(typeof(DeleteOptions))) ?? options;
        }
        else if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(body))
            {
                try { options = JsonSerializer.Deserialize(body, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<DeleteOptions>)KubeJson.GetTypeInfo(typeof(DeleteOptions))) ?? options; }
                catch (JsonException e) { throw ApiErrors.BadRequest($"error decoding DeleteOptions: {e.Message}"); }
            }
        }
        if (query.Long("gracePeriodSeconds") is { } grace) options = options with { GracePeriodSeconds = grace };
        if (query.String("propagationPolicy") is { } policy) options = options with { PropagationPolicy = policy };
        if (query.String("orphanDependents") is not null) options = options with { OrphanDependents = query.Bool("orphanDependents") };
        if (query.DryRun()) options = options with { DryRun = ["All"] };
        if (options.PropagationPolicy is { } p && p is not (PropagationPolicy.Background or PropagationPolicy.Foreground or PropagationPolicy.Orphan))
            throw ApiErrors.Invalid(new GroupKind("meta.k8s.io", "DeleteOptions"), "",
                [new StatusCause { Reason = "FieldValueNotSupported", Field = "propagationPolicy", Message = $"Unsupported value: \"{p}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"" }]);
        return options;
    }

    private async Task DeleteAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, QueryParameters query)
    {
        var options = await ReadDeleteOptionsAsync(context, query).ConfigureAwait(false);
        var result = await Api.DeleteAsync(resource, ns, name, options, context.RequestAborted).ConfigureAwait(false);
        // kube-apiserver returns the object while deletion is pending (grace period, finalizers) and for pods always;
        // otherwise a Success Status naming what was deleted.
        if (!result.Deleted || resource.Strategy.ReturnDeletedObject)
        {
            var status = !result.Deleted && options.OrphanDependents == false ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
            await ResponseWriter.WriteObjectAsync(context, result.Object, status).ConfigureAwait(false);
            return;
        }
        await ResponseWriter.WriteStatusAsync(context, ApiErrors.DeleteSuccess(resource.GroupResource, name, result.Object.Metadata.Uid) with { Code = StatusCodes.Status200OK }).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceDefinition resource, string? ns, QueryParameters query)
    {
        if (!resource.Verbs.Contains("deletecollection")) throw MethodNotAllowed(resource, "DELETE");
        var options = await ReadDeleteOptionsAsync(context, query).ConfigureAwait(false);
        var list = await Api.ListAsync(resource, ns, query.ListOptions() with { Limit = 0, Continue = null }, context.RequestAborted).ConfigureAwait(false);
        var deleted = new List<KubeObject>(list.Items.Count);
        foreach (var item in list.Items)
        {
            try
            {
                var result = await Api.DeleteAsync(resource, item.Metadata.Namespace, item.Metadata.Name!, options, context.RequestAborted).ConfigureAwait(false);
                deleted.Add(result.Object);
            }
            catch (NotFoundException) { } // deleted meanwhile: that is what was asked
        }
        await ResponseWriter.WriteListAsync(context, resource, new ObjectList(deleted, list.ResourceVersion)).ConfigureAwait(false);
    }

    private async Task ScaleAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, QueryParameters query)
    {
        var method = context.Request.Method;
        var ct = context.RequestAborted;
        Scale result;
        if (HttpMethods.IsGet(method))
        {
            result = await Api.GetScaleAsync(resource, ns, name, ct).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPut(method))
        {
            var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
            var scale = (Scale)BodyDecoder.Decode(context, node, "autoscaling/v1", "Scale", typeof(Scale), query.FieldValidation());
            CheckName(scale, name);
            result = await Api.UpdateScaleAsync(resource, ns, name, scale.Spec?.Replicas ?? 0, scale.Metadata.ResourceVersion, ct).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPatch(method))
        {
            var (type, patch) = await ReadPatchAsync(context).ConfigureAwait(false);
            if (type == PatchType.Apply) throw ApiErrors.UnsupportedMediaType("server-side apply is not supported on the scale subresource");
            var current = await Api.GetScaleAsync(resource, ns, name, ct).ConfigureAwait(false);
            JsonNode? patched;
            var wire = type switch { PatchType.JsonPatch => WirePatchType.Json, PatchType.MergePatch => WirePatchType.Merge, _ => WirePatchType.StrategicMerge };
            try { patched = KubernetesPatch.Apply(wire, KubeJson.ToJsonNode(current), patch, "autoscaling/v1", "Scale"); }
            catch (PatchException e) { throw ApiErrors.BadRequest(e.Message); }
            var scale = (Scale)BodyDecoder.Decode(context, patched ?? new JsonObject(), "autoscaling/v1", "Scale", typeof(Scale), query.FieldValidation());
            var precondition = scale.Metadata.ResourceVersion != current.Metadata.ResourceVersion ? scale.Metadata.ResourceVersion : null;
            result = await Api.UpdateScaleAsync(resource, ns, name, scale.Spec?.Replicas ?? 0, precondition, ct).ConfigureAwait(false);
        }
        else throw MethodNotAllowed(resource, method);
        await ResponseWriter.WriteObjectAsync(context, result).ConfigureAwait(false);
    }
}
