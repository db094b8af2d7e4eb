using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>
/// JSON patch (RFC 6902, <c>application/json-patch+json</c>) as kube-apiserver applies it: the six operations, JSON Pointer
/// escaping, <c>-</c> to append, negative array indexes counted from the end, and <c>replace</c> of a missing object member acting as add.
/// </summary>
public static class JsonPatch
{
    /// <summary>Parses an operations document; throws a 400 <see cref="PatchException"/> when it is malformed.</summary>
    public static IReadOnlyList<JsonPatchOperation> Parse(JsonNode? document)
    {
        if (document is not JsonArray array)
            throw PatchException.Bad("invalid JSON patch: the document must be a JSON array of operations");
        var operations = new List<JsonPatchOperation>(array.Count);
        for (var i = 0; i < array.Count; i++) operations.Add(ParseOperation(array[i], i));
        return operations;
    }

    /// <summary>Parses an operations document from its JSON text.</summary>
    public static IReadOnlyList<JsonPatchOperation> Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PatchException(PatchFailure.BadRequest, $"invalid JSON patch: {e.Message}", e);
        }
        return Parse(node);
    }

    /// <summary>Parses <paramref name="patch"/> and applies it to <paramref name="document"/>, returning a new tree.</summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch) => Apply(document, Parse(patch));

    /// <summary>Applies the operations in order to a copy of <paramref name="document"/>; all or nothing.</summary>
    public static JsonNode? Apply(JsonNode? document, IEnumerable<JsonPatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var root = document?.DeepClone();
        foreach (var op in operations) root = ApplyOne(root, op);
        return root;
    }

    private static JsonPatchOperation ParseOperation(JsonNode? node, int index)
    {
        if (node is not JsonObject obj) throw PatchException.Bad($"invalid JSON patch: operation {index} is not a JSON object");
        var opName = RequiredString(obj, "op", index);
        var type = opName switch
        {
            "add" => JsonPatchOperationType.Add,
            "remove" => JsonPatchOperationType.Remove,
            "replace" => JsonPatchOperationType.Replace,
            "move" => JsonPatchOperationType.Move,
            "copy" => JsonPatchOperationType.Copy,
            "test" => JsonPatchOperationType.Test,
            _ => throw PatchException.Bad($"invalid JSON patch: operation {index} has unexpected op {JsonPointer.Quote(opName)}"),
        };
        var path = JsonPointer.Parse(RequiredString(obj, "path", index));
        JsonPointer? from = null;
        if (type is JsonPatchOperationType.Move or JsonPatchOperationType.Copy)
            from = JsonPointer.Parse(RequiredString(obj, "from", index));
        JsonNode? value = null;
        if (type is JsonPatchOperationType.Add or JsonPatchOperationType.Replace or JsonPatchOperationType.Test)
        {
            if (!obj.TryGetPropertyValue("value", out value))
                throw PatchException.Bad($"invalid JSON patch: {opName} operation {index} is missing \"value\"");
            value = value?.DeepClone();
        }
        return new JsonPatchOperation(type, path, from, value);
    }

    private static string RequiredString(JsonObject obj, string name, int index)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
            throw PatchException.Bad($"invalid JSON patch: operation {index} is missing \"{name}\"");
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw PatchException.Bad($"invalid JSON patch: \"{name}\" of operation {index} must be a string");
    }

    private static JsonNode? ApplyOne(JsonNode? root, JsonPatchOperation op)
    {
        switch (op.Type)
        {
            case JsonPatchOperationType.Add:
                return Add(root, op.Path, op.Value?.DeepClone(), "add");
            case JsonPatchOperationType.Remove:
                Remove(root, op.Path, "remove", "path");
                return root;
            case JsonPatchOperationType.Replace:
                return Replace(root, op);
            case JsonPatchOperationType.Move:
            {
                var from = op.From!;
                if (from.IsProperPrefixOf(op.Path))
                    throw PatchException.CannotApply($"jsonpatch move operation does not apply: cannot move {JsonPointer.Quote(from.Text)} into its own child {JsonPointer.Quote(op.Path.Text)}");
                if (from.Text == op.Path.Text)
                {
                    _ = Get(root, from, "move", "from path");
                    return root;
                }
                if (from.IsRoot) throw Missing("move", "from path", from);
                var value = Remove(root, from, "move", "from path");
                return Add(root, op.Path, value, "move");
            }
            case JsonPatchOperationType.Copy:
                return Add(root, op.Path, Get(root, op.From!, "copy", "from path")?.DeepClone(), "copy");
            case JsonPatchOperationType.Test:
            {
                var found = TryGet(root, op.Path, out var actual);
                if ((!found && op.Value is null) || (found && JsonValueEquality.Equal(actual, op.Value))) return root;
                throw PatchException.CannotApply($"jsonpatch test operation does not apply: testing value {JsonPointer.Quote(op.Path.Text)} failed: is {Show(actual, found)}, expected {Show(op.Value, true)}");
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value, string opName)
    {
        if (path.IsRoot) return value;
        var parent = Parent(root, path, opName);
        var token = path.Tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                return root;
            case JsonArray array:
            {
                if (token == "-")
                {
                    array.Add(value);
                    return root;
                }
                var index = Index(token, array.Count + 1, path, opName, "path");
                array.Insert(index, value);
                return root;
            }
            default:
                throw Missing(opName, "path", path);
        }
    }

    private static JsonNode? Replace(JsonNode? root, JsonPatchOperation op)
    {
        if (op.Path.IsRoot) return op.Value?.DeepClone();
        var parent = Parent(root, op.Path, "replace");
        var token = op.Path.Tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                // kube-apiserver's JSON patch library treats a missing member as an add.
                obj[token] = op.Value?.DeepClone();
                return root;
            case JsonArray array:
                array[Index(token, array.Count, op.Path, "replace", "path")] = op.Value?.DeepClone();
                return root;
            default:
                throw Missing("replace", "path", op.Path);
        }
    }

    private static JsonNode? Remove(JsonNode? root, JsonPointer path, string opName, string what)
    {
        if (path.IsRoot) throw Missing(opName, what, path);
        var parent = Parent(root, path, opName, what);
        var token = path.Tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
            {
                if (!obj.TryGetPropertyValue(token, out var value)) throw Missing(opName, what, path);
                obj.Remove(token);
                return value;
            }
            case JsonArray array:
            {
                var index = Index(token, array.Count, path, opName, what);
                var value = array[index];
                array.RemoveAt(index);
                return value;
            }
            default:
                throw Missing(opName, what, path);
        }
    }

    private static JsonNode? Get(JsonNode? root, JsonPointer path, string opName, string what) =>
        TryGet(root, path, out var value) ? value : throw Missing(opName, what, path);

    private static bool TryGet(JsonNode? root, JsonPointer path, out JsonNode? value)
    {
        value = root;
        foreach (var token in path.Tokens)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                    value = child;
                    break;
                case JsonArray array when TryIndex(token, array.Count, out var i):
                    value = array[i];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }

    private static JsonNode? Parent(JsonNode? root, JsonPointer path, string opName, string what = "path")
    {
        var node = root;
        for (var t = 0; t < path.Tokens.Count - 1; t++)
        {
            var token = path.Tokens[t];
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when TryIndex(token, array.Count, out var i) => array[i],
                _ => throw Missing(opName, what, path),
            };
        }
        return node is JsonObject or JsonArray ? node : throw Missing(opName, what, path);
    }

    private static int Index(string token, int limit, JsonPointer path, string opName, string what) =>
        TryIndex(token, limit, out var index)
            ? index
            : throw PatchException.CannotApply($"jsonpatch {opName} operation does not apply: index {JsonPointer.Quote(token)} of {what} {JsonPointer.Quote(path.Text)} is out of bounds or not a number");

    // Negative indexes count from the end, as in the Go library kube-apiserver uses; limit is the exclusive upper bound.
    private static bool TryIndex(string token, int limit, out int index)
    {
        index = -1;
        if (token.Length == 0 || token.Length > 10) return false;
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return false;
        if (i < 0) i += limit;
        if (i < 0 || i >= limit) return false;
        index = i;
        return true;
    }

    private static PatchException Missing(string opName, string what, JsonPointer path) =>
        PatchException.CannotApply($"jsonpatch {opName} operation does not apply: doc is missing {what}: {JsonPointer.Quote(path.Text)}");

    private static string Show(JsonNode? node, bool found) => !found ? "missing" : node?.ToJsonString() ?? "null";
}
