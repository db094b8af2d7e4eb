using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeCore.Manifests;

/// <summary>
/// Loads YAML and JSON manifests the way <c>kubectl apply -f</c> does: a string, a file, or a folder of
/// <c>.yaml</c>/<c>.yml</c>/<c>.json</c> files (in name order, optionally recursive like <c>-R</c>); documents separated by
/// <c>---</c>, empty documents skipped, <c>List</c> kinds expanded into their items. Scalars are typed like
/// sigs.k8s.io/yaml (YAML 1.1) and the JSON is decoded with <see cref="KubeJson"/> into typed records or
/// <see cref="GenericObject"/>.
/// </summary>
/// <param name="typeMap">The kinds to decode into typed records; <see cref="KubeTypeMap.Default"/> when null.</param>
public sealed class ManifestReader(KubeTypeMap? typeMap = null)
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    /// <summary>A shared reader using <see cref="KubeTypeMap.Default"/>.</summary>
    public static ManifestReader Default { get; } = new();

    /// <summary>Loads every object in a manifest text.</summary>
    /// <param name="text">YAML (possibly multi-document) or JSON.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <exception cref="ManifestException">A document is not valid YAML or not a valid object.</exception>
    public IReadOnlyList<KubeObject> LoadString(string text, string sourceName = "<string>")
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<KubeObject>();
        var number = 0;
        var documents = TryParseJsonStream(text, out var json) ? json : ParseDocuments(text, sourceName);
        foreach (var document in documents)
        {
            number++;
            if (document is null) continue;
            AddObjects(document, sourceName, number, result);
        }
        return result;
    }

    /// <summary>Loads a file, or every manifest file in a folder (see <see cref="LoadDirectory"/>).</summary>
    /// <exception cref="ManifestException">A document is not valid YAML or not a valid object.</exception>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    public IReadOnlyList<KubeObject> Load(string path, bool recursive = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) return LoadDirectory(path, recursive);
        return LoadFile(path);
    }

    /// <summary>Loads one manifest file (any extension).</summary>
    /// <exception cref="ManifestException">A document is not valid YAML or not a valid object.</exception>
    public IReadOnlyList<KubeObject> LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"the path \"{path}\" does not exist", path);
        return LoadString(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Loads every <c>.yaml</c>, <c>.yml</c> and <c>.json</c> file of a folder in ordinal name order; with
    /// <paramref name="recursive"/>, sub-folders are walked too, depth-first in name order.
    /// </summary>
    /// <exception cref="ManifestException">A document is not valid YAML or not a valid object.</exception>
    public IReadOnlyList<KubeObject> LoadDirectory(string path, bool recursive = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"the path \"{path}\" does not exist");
        var result = new List<KubeObject>();
        foreach (var file in EnumerateManifestFiles(path, recursive))
            result.AddRange(LoadFile(file));
        return result;
    }

    /// <summary>The manifest files a folder load reads, in the order it reads them.</summary>
    public static IEnumerable<string> EnumerateManifestFiles(string path, bool recursive)
    {
        var entries = Directory.EnumerateFileSystemEntries(path).OrderBy(Path.GetFileName, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (Directory.Exists(entry))
            {
                if (!recursive) continue;
                foreach (var nested in EnumerateManifestFiles(entry, recursive)) yield return nested;
            }
            else if (ManifestExtensions.Contains(Path.GetExtension(entry), StringComparer.Ordinal))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Converts YAML text to one JSON tree per document (null for empty documents), typed like sigs.k8s.io/yaml.</summary>
    /// <exception cref="ManifestException">The text is not valid YAML, or holds values JSON cannot represent.</exception>
    public static IReadOnlyList<JsonNode?> ParseDocuments(string text, string sourceName = "<string>")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new MergingParser(new Parser(new StringReader(text))));
        }
        catch (YamlException e)
        {
            throw new ManifestException(sourceName, CountDocumentsBefore(text, e.Start.Line), $"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        var documents = new List<JsonNode?>(stream.Documents.Count);
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            try
            {
                documents.Add(ToJson(stream.Documents[i].RootNode, 0));
            }
            catch (FormatException e)
            {
                throw new ManifestException(sourceName, i + 1, e.Message, e);
            }
        }
        return documents;
    }

    /// <summary>
    /// Reads input that starts with <c>{</c> as a stream of JSON values, as kubectl's YAML-or-JSON decoder does;
    /// returns false (so the input is read as YAML) when it is not valid JSON.
    /// </summary>
    private static bool TryParseJsonStream(string text, out IReadOnlyList<JsonNode?> documents)
    {
        documents = [];
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{') return false;
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        var list = new List<JsonNode?>();
        try
        {
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);
                list.Add(JsonNode.Parse(document.RootElement.GetRawText()));
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return false;
        }
        documents = list;
        return true;
    }

    private void AddObjects(JsonNode document, string source, int number, List<KubeObject> result)
    {
        if (document is not JsonObject obj)
            throw new ManifestException(source, number, $"expected an object, got {document.GetValueKind()}");
        var kind = obj["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String ? k.GetValue<string>() : null;
        if (kind is not null && kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not JsonObject item)
                    throw new ManifestException(source, number, $"items[{i}]: expected an object");
                result.Add(Decode(item, source, number, $"items[{i}]: "));
            }
            return;
        }
        result.Add(Decode(obj, source, number, ""));
    }

    private KubeObject Decode(JsonObject obj, string source, int number, string prefix)
    {
        try
        {
            return KubeJson.FromJsonNode(obj, typeMap);
        }
        catch (JsonException e)
        {
            throw new ManifestException(source, number, prefix + e.Message, e);
        }
    }

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > 256) throw new FormatException("YAML nesting is too deep (recursive alias?)");
        switch (node)
        {
            case YamlScalarNode scalar:
                return ScalarToJson(scalar);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var child in sequence.Children) array.Add(ToJson(child, depth + 1));
                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode keyScalar)
                        throw new FormatException($"unsupported map key at line {keyNode.Start.Line}: keys must be scalars");
                    var key = YamlScalars.KeyToString(ScalarToJson(keyScalar), keyScalar.Value ?? "");
                    obj[key] = ToJson(valueNode, depth + 1);
                }
                return obj;
            default:
                throw new FormatException($"unsupported YAML node at line {node.Start.Line}");
        }
    }

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific) return YamlScalars.ResolveTagged(scalar.Tag.Value, text);
        if (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && !scalar.Tag.IsNonSpecific) return YamlScalars.ResolvePlain(text);
        return JsonValue.Create(text);
    }

    private static int CountDocumentsBefore(string text, long line)
    {
        var number = 1;
        var current = 1L;
        var sawContent = false;
        foreach (var l in text.AsSpan().EnumerateLines())
        {
            if (current >= line) break;
            if (l.StartsWith("---") && sawContent) number++;
            else if (!l.IsWhiteSpace() && !l.TrimStart().StartsWith("#")) sawContent = true;
            current++;
        }
        return number;
    }
}
