using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.ApiServer.Routing;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Watch;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Handlers;

internal sealed partial class KubeHttpApi
{
    /// <summary>
    /// A watch as kube-apiserver streams it: 200 with headers flushed at once, one JSON event per line flushed as it
    /// happens, an ERROR event (410 Expired) followed by the end of the stream when the resourceVersion is too old, and
    /// a clean end at <c>timeoutSeconds</c>. Without a timeout the stream stays open until the client leaves.
    /// <c>convert</c>, when given, turns each stored object into the form of the version being served.
    /// </summary>
    private async Task WatchAsync(HttpContext context, ResourceDefinition resource, string? ns, QueryParameters query, Func<KubeObject, JsonNode>? convert = null)
    {
        var options = query.ListOptions();
        var table = TableNegotiation.Requested(context, query);
        var headersSent = false;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var ct = linked.Token;
        var events = Api.WatchAsync(resource, ns, options, ct).GetAsyncEnumerator(ct);
        // Open the watch before answering, so a bad selector is a 400 rather than a broken stream; the headers then go
        // out at once, not with the first event (client-go's informers wait for them, e.g. in kubectl wait).
        Status? startError = null;
        var opened = true;
        try { await events.OpenAsync().ConfigureAwait(false); }
        catch (ExpiredException e) { startError = e.Status; }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { opened = false; }
        catch (KubeApiException) { await events.DisposeAsync().ConfigureAwait(false); throw; }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ResponseWriter.Json;
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        var body = context.Response.BodyWriter;
        try
        {
            if (startError is not null)
            {
                await WriteEventAsync(context, "ERROR", startError, ct).ConfigureAwait(false);
                return;
            }
            bool more;
            try { more = opened && await events.MoveNextAsync().ConfigureAwait(false); }
            catch (ExpiredException ex) { await WriteEventAsync(context, "ERROR", ex.Status, ct).ConfigureAwait(false); return; }
            while (more)
            {
                var e = events.Current;
                if (e.Type == WatchEventType.Error)
                {
                    await WriteEventAsync(context, "ERROR", e.Error ?? ApiErrors.Internal("watch failed").Status, ct).ConfigureAwait(false);
                    return;
                }
                object payload = convert is null ? e.Object! : convert(e.Object!);
                if (table is not null && e.Type != WatchEventType.Bookmark)
                {
                    // One-row tables; the column definitions only in the first, as kube-apiserver sends them.
                    payload = _tables.ConvertToTable([e.Object!], resource.Group, resource.Kind, new ListMeta { ResourceVersion = e.Object!.Metadata.ResourceVersion },
                        Api.TimeProvider.GetUtcNow(), table with { NoHeaders = headersSent });
                    headersSent = true;
                }
                if (payload is KubeObject shared && e.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                    await WriteSharedEventAsync(context, e.Type, _serialized.Get(shared), ct).ConfigureAwait(false);
                else
                    await WriteEventAsync(context, TypeName(e.Type), payload, ct).ConfigureAwait(false);
                try { more = await events.MoveNextAsync().ConfigureAwait(false); }
                catch (ExpiredException ex) { await WriteEventAsync(context, "ERROR", ex.Status, ct).ConfigureAwait(false); return; }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the server is stopping.
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string TypeName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    private static readonly byte[] AddedPrefix = """{"type":"ADDED","object":"""u8.ToArray();
    private static readonly byte[] ModifiedPrefix = """{"type":"MODIFIED","object":"""u8.ToArray();
    private static readonly byte[] DeletedPrefix = """{"type":"DELETED","object":"""u8.ToArray();

    /// <summary>One event line around an object serialized once for every watcher (see <see cref="SerializedObjectCache"/>).</summary>
    private static async Task WriteSharedEventAsync(HttpContext context, WatchEventType type, byte[] json, CancellationToken ct)
    {
        var prefix = type switch { WatchEventType.Added => AddedPrefix, WatchEventType.Modified => ModifiedPrefix, _ => DeletedPrefix };
        var writer = context.Response.BodyWriter;
        writer.Write(prefix);
        writer.Write(json);
        writer.Write("}\n"u8);
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext context, string type, object payload, CancellationToken ct)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WritePropertyName("object");
            switch (payload)
            {
                case KubeObject obj: KubeJson.Serialize(w, obj); break;
                case Status status: JsonSerializer.Serialize(w, status, KubeJson.GetTypeInfo(typeof(Status))); break;
                case Table table: JsonSerializer.Serialize(w, table, KubeJson.GetTypeInfo(typeof(Table))); break;
                case JsonNode node: node.WriteTo(w); break;
            }
            w.WriteEndObject();
        }
        System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    private async Task EvictAsync(HttpContext context, ResourceDefinition resource, string ns, string name, QueryParameters query)
    {
        var node = await BodyDecoder.ReadNodeAsync(context).ConfigureAwait(false) as JsonObject
            ?? throw ApiErrors.BadRequest("the object provided is unrecognized (must be of type Eviction)");
        var kind = (node["kind"] as JsonValue)?.GetValue<string>();
        if (kind is not null and not "Eviction") throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind (Eviction)");
        var bodyName = (node["metadata"]?["name"] as JsonValue)?.GetValue<string>();
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
            throw ApiErrors.BadRequest($"name in URL does not match name in Eviction object");
        var options = node["deleteOptions"] is JsonObject deleteOptions
            ? JsonSerializer.Deserialize(deleteOptions.ToJsonString(), (System.Text.Json.Serialization.Metadata.JsonTypeInfo<DeleteOptions>)KubeJson.GetTypeInfo(typeof(DeleteOptions))) ?? new DeleteOptions()
            : new DeleteOptions();
        if (query.DryRun()) options = options with { DryRun = ["All"] };
        await Api.DeleteAsync(resource, ns, name, options, context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteStatusAsync(context, new Status { StatusValue = Status.Success, Code = StatusCodes.Status201Created }).ConfigureAwait(false);
    }
}
