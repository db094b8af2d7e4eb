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
/// <c>events.k8s.io/v1</c> Events: the same stored objects as core <c>v1</c> Events, converted field by field on the
/// way in and out (<see cref="EventsV1Conversion"/>), with the stricter create checks kube-apiserver applies to this
/// version. client-go's new event recorder and KubernetesClient's <c>EventsV1</c> use it.
/// </summary>
internal sealed partial class KubeHttpApi
{
    /// <summary>The discovery entry of events.k8s.io/v1 events (built on first use: static initializers in partial files run in no set order).</summary>
    public static ResourceDefinition EventsV1Resource => s_eventsV1 ??= new()
    {
        Group = "events.k8s.io", Version = "v1", Kind = "Event", Plural = "events", Singular = "event", Namespaced = true, ShortNames = ["ev"],
        Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"], ClrType = typeof(GenericObject),
    };

    private static ResourceDefinition? s_eventsV1;

    private static readonly GroupKind s_eventsV1Kind = new("events.k8s.io", "Event");

    private async Task HandleEventsV1Async(HttpContext context, RequestInfo info)
    {
        if (!_cluster.Resources.TryGetByResource("", "events", out var core)) throw ResourceNotFound();
        if (info.Subresource.Length > 0) throw ResourceNotFound();
        var query = new QueryParameters(context.Request.Query);
        var method = context.Request.Method;
        var ns = info.Namespace;
        var ct = context.RequestAborted;
        try
        {
            if (info.Name is null)
            {
                if (HttpMethods.IsGet(method) && query.Bool("watch"))
                {
                    await WatchAsync(context, core, ns, query, obj => EventsV1Conversion.ToV1(KubeJson.ToJsonNode(obj))).ConfigureAwait(false);
                    return;
                }
                if (HttpMethods.IsGet(method))
                {
                    var list = await Api.ListAsync(core, ns, query.ListOptions(), ct).ConfigureAwait(false);
                    if (TableNegotiation.Requested(context, query) is { } table)
                    {
                        await ResponseWriter.WriteTableAsync(context, _tables.ConvertToTable(list.Items, core.Group, core.Kind,
                            new ListMeta { ResourceVersion = list.ResourceVersion, Continue = list.Continue }, Api.TimeProvider.GetUtcNow(), table)).ConfigureAwait(false);
                        return;
                    }
                    var items = new JsonArray();
                    foreach (var item in list.Items) items.Add(EventsV1Conversion.ToV1(KubeJson.ToJsonNode(item)));
                    var metadata = new JsonObject { ["resourceVersion"] = list.ResourceVersion };
                    if (!string.IsNullOrEmpty(list.Continue)) metadata["continue"] = list.Continue;
                    await WriteNodeAsync(context, new JsonObject
                    {
                        ["kind"] = "EventList", ["apiVersion"] = EventsV1Conversion.V1, ["metadata"] = metadata, ["items"] = items,
                    }).ConfigureAwait(false);
                    return;
                }
                if (HttpMethods.IsPost(method) && ns is not null)
                {
                    var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
                    var obj = (Event)CheckNamespace(core, ns, DecodeEventV1(context, node, query));
                    var causes = EventsV1Conversion.ValidateCreate(obj);
                    if (causes.Count > 0) throw ApiErrors.Invalid(s_eventsV1Kind, obj.Metadata.Name ?? "", causes);
                    var created = await Api.CreateAsync(core, ns, obj,
                        new CreateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() }, ct).ConfigureAwait(false);
                    await WriteEventV1Async(context, created, StatusCodes.Status201Created).ConfigureAwait(false);
                    return;
                }
                throw MethodNotAllowed(EventsV1Resource, method);
            }
            if (ns is null) throw ResourceNotFound();
            var name = info.Name;
            if (HttpMethods.IsGet(method))
            {
                var obj = await Api.GetAsync(core, ns, name, new GetOptions { ResourceVersion = query.String("resourceVersion") }, ct).ConfigureAwait(false);
                if (TableNegotiation.Requested(context, query) is { } table)
                    await ResponseWriter.WriteTableAsync(context, _tables.ConvertToTable([obj], core.Group, core.Kind,
                        new ListMeta { ResourceVersion = obj.Metadata.ResourceVersion }, Api.TimeProvider.GetUtcNow(), table)).ConfigureAwait(false);
                else await WriteEventV1Async(context, obj).ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsPut(method))
            {
                var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false);
                var obj = DecodeEventV1(context, node, query);
                CheckName(obj, name);
                var updated = await Api.UpdateAsync(core, ns, CheckNamespace(core, ns, obj),
                    new UpdateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() }, ct).ConfigureAwait(false);
                await WriteEventV1Async(context, updated).ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsPatch(method))
            {
                var (type, patch) = await ReadPatchAsync(context).ConfigureAwait(false);
                if (type == PatchType.Apply) throw ApiErrors.UnsupportedMediaType("server-side apply is not supported on events.k8s.io/v1 Events; use core v1");
                var stored = await Api.GetAsync(core, ns, name, new GetOptions(), ct).ConfigureAwait(false);
                var current = EventsV1Conversion.ToV1(KubeJson.ToJsonNode(stored));
                var wire = type switch { PatchType.JsonPatch => WirePatchType.Json, PatchType.MergePatch => WirePatchType.Merge, _ => WirePatchType.StrategicMerge };
                JsonNode? patched;
                try { patched = KubernetesPatch.Apply(wire, current, patch, EventsV1Conversion.V1, "Event"); }
                catch (PatchException e) { throw ApiErrors.BadRequest(e.Message); }
                if (patched is not JsonObject) throw ApiErrors.BadRequest("the patch did not produce an object");
                var obj = DecodeEventV1(context, patched, query);
                CheckName(obj, name);
                var updated = await Api.UpdateAsync(core, ns, CheckNamespace(core, ns, obj),
                    new UpdateOptions { DryRun = query.DryRun(), FieldManager = FieldManager(context, query), FieldValidation = query.FieldValidation() }, ct).ConfigureAwait(false);
                await WriteEventV1Async(context, updated).ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsDelete(method))
            {
                var options = await ReadDeleteOptionsAsync(context, query).ConfigureAwait(false);
                var result = await Api.DeleteAsync(core, ns, name, options, ct).ConfigureAwait(false);
                await ResponseWriter.WriteStatusAsync(context, ApiErrors.DeleteSuccess(new GroupResource("events.k8s.io", "events"), name, result.Object.Metadata.Uid)
                    with { Code = StatusCodes.Status200OK }).ConfigureAwait(false);
                return;
            }
            throw MethodNotAllowed(EventsV1Resource, method);
        }
        catch (KubeApiException e) when (e.Status.Details is { Group: "" or null, Kind: "events" } details)
        {
            // Errors name the resource as this group serves it: events.events.k8s.io "x" not found.
            throw new KubeApiException(e.Status with
            {
                Message = e.Status.Message?.Replace("events \"", "events.events.k8s.io \"", StringComparison.Ordinal),
                Details = details with { Group = "events.k8s.io" },
            }, e);
        }
    }

    /// <summary>Reads an events.k8s.io/v1 body into the stored core Event; <c>fieldValidation</c> applies to v1's fields.</summary>
    private static Event DecodeEventV1(HttpContext context, JsonNode node, QueryParameters query)
    {
        if (node is not JsonObject obj) throw ApiErrors.BadRequest("the object provided is unrecognized (must be of type Event)");
        CheckTypeMeta(obj, EventsV1Conversion.V1, "Event");
        // Core-only names (message, involvedObject, ...) are unknown in this version: report or drop them before the
        // conversion would give them a meaning.
        var unknown = UnknownTopLevel(obj, EventsV1Conversion.Fields);
        var validation = query.FieldValidation();
        if (unknown.Count > 0 && validation == "Strict") throw UnknownFields.StrictError(unknown);
        foreach (var f in unknown) obj.Remove(f);
        return (Event)BodyDecoder.Decode(context, EventsV1Conversion.ToCore(obj), "v1", "Event", typeof(Event), validation);
    }

    private static Task WriteEventV1Async(HttpContext context, KubeObject obj, int statusCode = StatusCodes.Status200OK) =>
        WriteNodeAsync(context, EventsV1Conversion.ToV1(KubeJson.ToJsonNode(obj)), statusCode);
}
