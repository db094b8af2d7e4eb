using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KubeCore.Api;
using KubeCore.Manifests;
using KubeCore.Models;
using KubeCore.Serialization;
using Microsoft.AspNetCore.Http;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// Turns a request body into an object of the resource's kind: JSON or YAML, apiVersion/kind defaulted from the URL
/// and checked against it, and unknown fields handled per <c>fieldValidation</c> as kube-apiserver does (Strict → 400,
/// Warn → dropped with a <c>Warning</c> header, Ignore → dropped).
/// </summary>
internal static class BodyDecoder
{
    /// <summary>Reads the body as a JSON node: JSON, YAML, or Kubernetes protobuf for the kinds <see cref="Protobuf.ProtobufDecoder"/> knows (other protobuf kinds and other content types are 415).</summary>
    public static async Task<JsonNode> ReadNodeAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "application/json";
        var mediaType = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0) throw ApiErrors.BadRequest("the body of the request was empty");
        switch (mediaType)
        {
            case "application/json":
            case "*/*":
                try { return JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) ?? throw ApiErrors.BadRequest("the body of the request was null"); }
                catch (JsonException e) { throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type Object): couldn't get version/kind; json parse error: {e.Message}"); }
            case "application/yaml":
                buffer.Position = 0;
                using (var reader = new StreamReader(buffer))
                {
                    var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                    try { return ManifestReader.ParseDocuments(text, "request body").FirstOrDefault() ?? throw ApiErrors.BadRequest("the body of the request was null"); }
                    catch (Exception e) when (e is not KubeApiException) { throw ApiErrors.BadRequest($"error converting YAML to JSON: {e.Message}"); }
                }
            case Protobuf.ProtobufDecoder.MediaType:
                return Protobuf.ProtobufDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            default:
                throw ApiErrors.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }
    }

    /// <summary>Decodes a body as an object of <paramref name="resource"/>'s kind.</summary>
    /// <exception cref="BadRequestException">The body is malformed, of another kind, or (Strict) has unknown fields.</exception>
    public static async Task<KubeObject> ReadObjectAsync(HttpContext context, ResourceDefinition resource, string fieldValidation, Type? type = null)
    {
        var node = await ReadNodeAsync(context).ConfigureAwait(false);
        return Decode(context, node, resource.ApiVersion, resource.Kind, type ?? resource.ClrType, fieldValidation, type is null ? resource : null);
    }

    /// <summary>Decodes a JSON node as <paramref name="type"/>, checking apiVersion/kind against what the URL expects.</summary>
    /// <remarks>With <paramref name="resource"/>, unknown fields are those its strategy reports (a custom resource's schema).</remarks>
    public static KubeObject Decode(HttpContext context, JsonNode node, string apiVersion, string kind, Type type, string fieldValidation, ResourceDefinition? resource = null)
    {
        if (node is not JsonObject obj) throw ApiErrors.BadRequest("the object provided is unrecognized (must be of type Object)");
        var bodyVersion = (obj["apiVersion"] as JsonValue)?.GetValue<string>();
        var bodyKind = (obj["kind"] as JsonValue)?.GetValue<string>();
        if (string.IsNullOrEmpty(bodyVersion)) obj["apiVersion"] = apiVersion;
        else if (bodyVersion != apiVersion)
            throw ApiErrors.BadRequest($"the API version in the data ({bodyVersion}) does not match the expected API version ({apiVersion})");
        if (string.IsNullOrEmpty(bodyKind)) obj["kind"] = kind;
        else if (bodyKind != kind)
            throw ApiErrors.BadRequest($"the kind in the data ({bodyKind}) does not match the expected kind ({kind})");

        var dropped = resource is null ? UnknownFields.Enforce(obj, type, fieldValidation) : UnknownFields.Enforce(obj, resource, fieldValidation);
        if (fieldValidation == "Warn")
            foreach (var f in dropped) context.Response.Headers.Append("Warning", $"299 - \"unknown field \\\"{f}\\\"\"");
        try { return KubeJson.FromJsonNode(obj, type); }
        catch (JsonException e) { throw ApiErrors.BadRequest($"the object provided is unrecognized: {e.Message}"); }
        catch (FormatException e) { throw ApiErrors.BadRequest($"the object provided is unrecognized: {e.Message}"); }
    }
}
