using System.Text.Json;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Serialization;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Handlers;

/// <summary>Writes JSON bodies, lists and <c>Status</c> errors with the status codes kube-apiserver uses.</summary>
internal static class ResponseWriter
{
    /// <summary>The JSON content type kube-apiserver answers with.</summary>
    public const string Json = "application/json";

    /// <summary>Writes one object.</summary>
    public static Task WriteObjectAsync(HttpContext context, KubeObject obj, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = Json;
        return context.Response.Body.WriteAsync(KubeJson.SerializeToUtf8Bytes(obj), context.RequestAborted).AsTask();
    }

    /// <summary>Writes a <c>Status</c> (its code becomes the HTTP status).</summary>
    public static Task WriteStatusAsync(HttpContext context, Status status)
    {
        context.Response.StatusCode = status.Code is > 0 ? status.Code.Value : StatusCodes.Status500InternalServerError;
        context.Response.ContentType = Json;
        return context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(status, KubeJson.GetTypeInfo(typeof(Status))), context.RequestAborted).AsTask();
    }

    /// <summary>Writes a <c>meta.k8s.io/v1</c> Table, streamed (a table of every pod can be tens of megabytes).</summary>
    public static Task WriteTableAsync(HttpContext context, Table table)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Json;
        return JsonSerializer.SerializeAsync(context.Response.BodyWriter, table, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Table>)KubeJson.GetTypeInfo(typeof(Table)), context.RequestAborted);
    }

    /// <summary>Writes any JSON document built by the server (discovery, OpenAPI).</summary>
    public static Task WriteJsonAsync(HttpContext context, byte[] utf8Json, string contentType = Json)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        return context.Response.Body.WriteAsync(utf8Json, context.RequestAborted).AsTask();
    }

    /// <summary>Writes a list as <c>{kind: XList, apiVersion, metadata: {resourceVersion, continue}, items}</c>.</summary>
    public static async Task WriteListAsync(HttpContext context, ResourceDefinition resource, ObjectList list)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Json;
        // Straight into the response pipe (no intermediate stream buffer); what is written is known to be valid.
        var body = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteString("kind", resource.ListKind);
        writer.WriteString("apiVersion", resource.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", list.ResourceVersion);
        if (!string.IsNullOrEmpty(list.Continue)) writer.WriteString("continue", list.Continue);
        if (list.RemainingItemCount is { } remaining) writer.WriteNumber("remainingItemCount", remaining);
        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            KubeJson.Serialize(writer, item);
            if (writer.BytesPending > 32 * 1024)
            {
                writer.Flush(); // advances the pipe
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The <c>Status</c> for a failure that is not a Kubernetes error (a bug): 500 InternalError.</summary>
    public static Status Internal(Exception e) => new()
    {
        StatusValue = Status.Failure,
        Code = StatusCodes.Status500InternalServerError,
        Reason = "InternalError",
        Message = $"Internal error occurred: {e.Message}",
        Details = new StatusDetails { Causes = [new StatusCause { Message = e.Message }] },
    };

    /// <summary>404 for a path no handler serves, worded as kube-apiserver's.</summary>
    public static Status PathNotFound() => new()
    {
        StatusValue = Status.Failure,
        Code = StatusCodes.Status404NotFound,
        Reason = StatusReasons.NotFound,
        Message = "the server could not find the requested resource",
        Details = new StatusDetails(),
    };

    /// <summary>405 for a verb the resource does not serve.</summary>
    public static Status MethodNotAllowed(string method, string resource) => new()
    {
        StatusValue = Status.Failure,
        Code = StatusCodes.Status405MethodNotAllowed,
        Reason = "MethodNotAllowed",
        Message = $"the server does not allow this method on the requested resource",
        Details = new StatusDetails { Kind = resource },
    };
}
