using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.ApiServer.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace KubeCore.ApiServer.Discovery;

/// <summary>
/// <c>/openapi/v3</c> as kube-apiserver serves it: the root lists one document per group-version, each at a
/// <c>serverRelativeURL</c> carrying the document's hash (the SHA-512 of its bytes, which is also its ETag), so clients
/// cache documents for good and refetch only when the hash changes. Each document has, for every kind, the PATCH path
/// with <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> parameter (so kubectl trusts the server
/// to validate), and <c>components.schemas</c> generated from the models by <see cref="OpenApiSchemas"/> (what
/// <c>kubectl explain</c> reads). Documents are built on first request and cached until the registry changes.
/// </summary>
/// <remarks>
/// The PATCH operations carry no <c>requestBody</c>: kubectl then builds client-side-apply patches for built-in kinds
/// from its compiled-in types (the authority on patch strategies), and JSON merge patches for custom resources, as
/// against kube-apiserver.
/// </remarks>
internal sealed class OpenApiDocuments
{
    private readonly ResourceRegistry _registry;
    private readonly string _gitVersion;
    private readonly TimeProvider _time;
    private volatile Snapshot _snapshot;

    /// <param name="registry">The stored resources.</param>
    /// <param name="gitVersion">The version the documents' info names.</param>
    /// <param name="time">The clock for cache headers.</param>
    /// <param name="views">
    /// Group-versions served by conversion rather than stored (autoscaling/v1 HorizontalPodAutoscalers, events.k8s.io/v1
    /// Events): documented as open objects with their group-version-kind, so kubectl's client-side validation of
    /// <c>apply -f</c> finds a document for them (it fails when the group-version has none); the server validates.
    /// </param>
    public OpenApiDocuments(ResourceRegistry registry, string gitVersion, TimeProvider? time = null, IReadOnlyList<ResourceDefinition>? views = null)
    {
        _registry = registry;
        _gitVersion = gitVersion;
        _time = time ?? TimeProvider.System;
        var patchable = (views ?? []).Where(v => v.Verbs.Contains("patch")).ToImmutableArray();
        _snapshot = new Snapshot(this, [.. registry.All, .. patchable], previous: null);
        registry.Changed += _ => _snapshot = new Snapshot(this, [.. registry.All, .. patchable], _snapshot);
    }

    /// <summary>The root document.</summary>
    public byte[] Root => _snapshot.Root.Bytes;

    /// <summary>The document for <c>api/v1</c> or <c>apis/{group}/{version}</c>, or null when no such group-version is served.</summary>
    public byte[]? Document(string groupVersionPath) => _snapshot.Document(groupVersionPath)?.Bytes;

    /// <summary>The schemas of the current registry (for tests).</summary>
    internal OpenApiSchemas Schemas => _snapshot.Schemas;

    /// <summary>Serves <c>GET /openapi/v3</c>.</summary>
    public Task ServeRootAsync(HttpContext context) => ServeAsync(context, _snapshot.Root, immutable: false);

    /// <summary>
    /// Serves <c>GET /openapi/v3/{group-version}</c>: 404 for an unknown group-version, 406 unless JSON is acceptable,
    /// a 301 to the current URL when the <c>hash</c> query parameter names an older document, and with a current
    /// hash the document marked immutable.
    /// </summary>
    public Task ServeDocumentAsync(HttpContext context, string groupVersionPath)
    {
        if (_snapshot.Document(groupVersionPath) is not { } doc)
            return ResponseWriter.WriteStatusAsync(context, ResponseWriter.PathNotFound());
        context.Response.Headers.Append(HeaderNames.Vary, "Accept");
        if (!AcceptsJson(context.Request.Headers.Accept))
        {
            return ResponseWriter.WriteStatusAsync(context, new Models.Status
            {
                StatusValue = Models.Status.Failure,
                Code = StatusCodes.Status406NotAcceptable,
                Reason = StatusReasons.NotAcceptable,
                Message = "only the following media types are accepted: application/json",
                Details = new Models.StatusDetails(),
            });
        }
        var hash = context.Request.Query["hash"].ToString();
        if (hash.Length > 0 && hash != doc.Hash)
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = ServerRelativeUrl(groupVersionPath, doc.Hash);
            return Task.CompletedTask;
        }
        return ServeAsync(context, doc, immutable: hash.Length > 0);
    }

    private Task ServeAsync(HttpContext context, Built doc, bool immutable)
    {
        var etag = "\"" + doc.Hash + "\"";
        context.Response.Headers.ETag = etag;
        if (immutable)
        {
            context.Response.Headers.CacheControl = "public, immutable";
            context.Response.Headers.Expires = _time.GetUtcNow().AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        }
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        return ResponseWriter.WriteJsonAsync(context, doc.Bytes);
    }

    private static bool AcceptsJson(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0) return true;
        foreach (var value in accept)
        {
            if (string.IsNullOrWhiteSpace(value)) return true;
            foreach (var clause in value.Split(','))
            {
                var mediaType = clause.Split(';')[0].Trim();
                if (mediaType is "application/json" or "application/*" or "*/*") return true;
            }
        }
        return false;
    }

    private static string ServerRelativeUrl(string groupVersionPath, string hash) => $"/openapi/v3/{groupVersionPath}?hash={hash}";

    private static string PathOf(ResourceDefinition r) => r.Group.Length == 0 ? $"api/{r.Version}" : $"apis/{r.Group}/{r.Version}";

    private static string Hash(byte[] doc) => Convert.ToHexString(SHA512.HashData(doc));

    private sealed record Built(byte[] Bytes, string Hash);

    /// <summary>
    /// Everything derived from one state of the registry; replaced (not mutated) when the registry changes. A change
    /// that leaves the model-backed kinds alone (a CRD added, updated or removed) keeps the previous schemas and every
    /// document whose group-version serves the very same resource definitions; the rest is rebuilt on demand.
    /// </summary>
    private sealed class Snapshot
    {
        private readonly OpenApiDocuments _owner;
        private readonly ImmutableArray<ResourceDefinition> _resources;
        private readonly string _modelKey;
        private readonly Lazy<OpenApiSchemas> _schemas;
        private readonly ConcurrentDictionary<string, Lazy<Built?>> _documents = new(StringComparer.Ordinal);
        private Built? _root;

        public Snapshot(OpenApiDocuments owner, ImmutableArray<ResourceDefinition> resources, Snapshot? previous)
        {
            _owner = owner;
            _resources = resources;
            _modelKey = OpenApiSchemas.ModelKey(resources);
            if (previous is not null && previous._modelKey == _modelKey)
            {
                _schemas = previous._schemas;
                foreach (var (path, doc) in previous._documents)
                    if (doc.IsValueCreated && Served(previous._resources, path).SequenceEqual(Served(resources, path)))
                        _documents[path] = doc;
            }
            else
            {
                _schemas = new(() => new OpenApiSchemas(resources));
            }
        }

        private static IEnumerable<ResourceDefinition> Served(ImmutableArray<ResourceDefinition> resources, string groupVersionPath) =>
            resources.Where(r => PathOf(r) == groupVersionPath);

        public OpenApiSchemas Schemas => _schemas.Value;

        public Built Root => _root ??= BuildRoot();

        public Built? Document(string groupVersionPath) =>
            _documents.GetOrAdd(groupVersionPath, p => new Lazy<Built?>(() => BuildDocument(p))).Value;

        private Built BuildRoot()
        {
            var bytes = Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("paths");
                foreach (var path in _resources.Select(PathOf).Distinct().Order(StringComparer.Ordinal))
                {
                    var doc = Document(path)!;
                    w.WriteStartObject(path);
                    w.WriteString("serverRelativeURL", ServerRelativeUrl(path, doc.Hash));
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            });
            return new Built(bytes, Hash(bytes));
        }

        private Built? BuildDocument(string groupVersionPath)
        {
            var served = Served(_resources, groupVersionPath).ToArray();
            if (served.Length == 0) return null;
            var components = Schemas.Components(served, withScale: served.Any(r => r.HasSubresource("scale")));
            var bytes = Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("openapi", "3.0.0");
                w.WriteStartObject("info");
                w.WriteString("title", "Kubernetes");
                w.WriteString("version", _owner._gitVersion);
                w.WriteEndObject();
                w.WriteStartObject("paths");
                foreach (var r in served)
                {
                    var prefix = "/" + PathOf(r) + (r.Namespaced ? "/namespaces/{namespace}/" : "/") + r.Plural + "/{name}";
                    WritePatchPath(w, prefix, r.Group, r.Version, r.Kind);
                    if (r.HasSubresource("status")) WritePatchPath(w, prefix + "/status", r.Group, r.Version, r.Kind);
                    if (r.HasSubresource("scale")) WritePatchPath(w, prefix + "/scale", "autoscaling", "v1", "Scale");
                }
                w.WriteEndObject();
                w.WritePropertyName("components");
                new JsonObject { ["schemas"] = components }.WriteTo(w);
                w.WriteEndObject();
            });
            return new Built(bytes, Hash(bytes));
        }
    }

    private static void WritePatchPath(Utf8JsonWriter w, string path, string group, string version, string kind)
    {
        w.WriteStartObject(path);
        w.WriteStartObject("patch");
        w.WriteStartObject("x-kubernetes-group-version-kind");
        w.WriteString("group", group);
        w.WriteString("version", version);
        w.WriteString("kind", kind);
        w.WriteEndObject();
        w.WriteStartArray("parameters");
        foreach (var name in new[] { "dryRun", "fieldManager", "fieldValidation", "force" })
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("in", "query");
            w.WriteStartObject("schema");
            w.WriteString("type", name == "force" ? "boolean" : "string");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return buffer.WrittenSpan.ToArray();
    }
}
