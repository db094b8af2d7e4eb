using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using KubeCore.Api;

namespace KubeCore.ApiServer.Discovery;

/// <summary>
/// <c>/openapi/v3</c>: the root lists one document per group-version, and each document has, for every kind, the
/// PATCH path with <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> parameter — what kubectl
/// needs to skip client-side validation and trust the server (which rejects unknown fields under Strict).
/// </summary>
internal sealed class OpenApiDocuments
{
    private readonly ResourceRegistry _registry;
    private readonly string _gitVersion;
    private readonly ConcurrentDictionary<string, byte[]> _documents = new();
    private volatile byte[]? _root;

    public OpenApiDocuments(ResourceRegistry registry, string gitVersion)
    {
        _registry = registry;
        _gitVersion = gitVersion;
        registry.Changed += _ => { _root = null; _documents.Clear(); };
    }

    /// <summary>The root document.</summary>
    public byte[] Root => _root ??= BuildRoot();

    /// <summary>The document for <c>api/v1</c> or <c>apis/{group}/{version}</c>, or null when no such group-version is served.</summary>
    public byte[]? Document(string groupVersionPath)
    {
        if (_documents.TryGetValue(groupVersionPath, out var cached)) return cached;
        var resources = _registry.All.Where(r => PathOf(r) == groupVersionPath).ToArray();
        if (resources.Length == 0) return null;
        return _documents[groupVersionPath] = BuildDocument(resources);
    }

    private static string PathOf(ResourceDefinition r) => r.Group.Length == 0 ? $"api/{r.Version}" : $"apis/{r.Group}/{r.Version}";

    private byte[] BuildRoot() => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("paths");
        foreach (var group in _registry.All.GroupBy(PathOf))
        {
            var doc = Document(group.Key)!;
            w.WriteStartObject(group.Key);
            w.WriteString("serverRelativeURL", $"/openapi/v3/{group.Key}?hash={Hash(doc)}");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private byte[] BuildDocument(IReadOnlyList<ResourceDefinition> resources) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("openapi", "3.0.0");
        w.WriteStartObject("info");
        w.WriteString("title", "Kubernetes");
        w.WriteString("version", _gitVersion);
        w.WriteEndObject();
        w.WriteStartObject("paths");
        foreach (var r in resources)
        {
            var prefix = "/" + PathOf(r) + (r.Namespaced ? "/namespaces/{namespace}/" : "/") + r.Plural + "/{name}";
            WritePatchPath(w, prefix, r.Group, r.Version, r.Kind);
            if (r.HasSubresource("status")) WritePatchPath(w, prefix + "/status", r.Group, r.Version, r.Kind);
            if (r.HasSubresource("scale")) WritePatchPath(w, prefix + "/scale", "autoscaling", "v1", "Scale");
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });

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

    private static string Hash(byte[] doc) => Convert.ToHexString(SHA512.HashData(doc))[..32];

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return buffer.WrittenSpan.ToArray();
    }
}
