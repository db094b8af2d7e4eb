using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>The merge engine behind <see cref="StrategicMergePatch"/>; works on an owned copy of the original and only reads the patch.</summary>
internal static class StrategicMerger
{
    public static JsonObject MergeObject(JsonObject original, JsonObject patch, PatchSchema schema)
    {
        if (patch.TryGetPropertyValue(StrategicMergePatch.PatchDirective, out var directive))
        {
            switch (DirectiveName(directive, patch))
            {
                case "replace":
                    return MergeObject(new JsonObject(), WithoutDirective(patch), schema);
                case "delete":
                    return new JsonObject();
                case "merge":
                    patch = WithoutDirective(patch);
                    break;
            }
        }

        ApplyRetainKeys(original, patch);
        var handled = ApplySetElementOrder(original, patch, schema);

        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith(StrategicMergePatch.DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)) continue;
            var field = key[StrategicMergePatch.DeleteFromPrimitiveListPrefix.Length..];
            if (field.Length == 0 || value is not JsonArray toDelete) throw PatchException.Bad("invalid patch format of primitive list");
            if (original[field] is JsonArray current) RemoveAll(current, toDelete);
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$') || handled.Contains(key)) continue;
            if (value is null)
            {
                original.Remove(key);
                continue;
            }
            var field = schema.Field(key);
            original.TryGetPropertyValue(key, out var current);
            var merged = (current, value) switch
            {
                (JsonObject o, JsonObject p) when field.Strategy != PatchStrategy.Replace => MergeObject(o, p, field.ValueSchema),
                (JsonArray o, JsonArray p) => MergeList(o, p, field),
                _ => Materialize(value, field),
            };
            if (!ReferenceEquals(merged, current)) original[key] = merged;
        }
        return original;
    }

    /// <summary>Turns a patch value into a plain value: what the patch means when applied to nothing.</summary>
    public static JsonNode? Materialize(JsonNode? value, PatchField field) => value switch
    {
        JsonObject o => MergeObject(new JsonObject(), o, field.ValueSchema),
        JsonArray a => MergeList(new JsonArray(), a, field),
        null => null,
        _ => value.DeepClone(),
    };

    public static JsonArray MergeList(JsonArray original, JsonArray patch, PatchField field)
    {
        if (field.Strategy != PatchStrategy.Merge)
        {
            var replaced = new JsonArray();
            var itemField = PatchField.Object(field.ValueSchema);
            foreach (var item in patch) replaced.Add(Materialize(item, itemField));
            return replaced;
        }
        var objects = ElementsAreObjects(original, patch);
        if (original.Count == 0 && patch.Count == 0) return original;
        return objects ? MergeObjectList(original, patch, field) : MergePrimitiveList(original, patch);
    }

    private static JsonArray MergePrimitiveList(JsonArray original, JsonArray patch)
    {
        var merged = new List<JsonNode?>();
        foreach (var item in original.Concat(patch))
            if (!merged.Any(m => JsonValueEquality.Equal(m, item))) merged.Add(item?.DeepClone());
        var patchItems = patch.ToList();
        var serverOrder = original.ToList();
        return ListOrdering.Normalize(merged, patchItems, serverOrder, Identity);
    }

    private static JsonArray MergeObjectList(JsonArray original, JsonArray patch, PatchField field)
    {
        var mergeKey = field.MergeKey ?? throw PatchException.CannotApply("cannot merge lists without merge key for type map");
        var items = original.Select(i => i?.DeepClone()).ToList();
        var plain = new List<JsonObject>();
        var replace = false;
        foreach (var node in patch)
        {
            var item = (JsonObject)node!;
            if (!item.TryGetPropertyValue(StrategicMergePatch.PatchDirective, out var directive))
            {
                plain.Add(item);
                continue;
            }
            switch (DirectiveName(directive, item))
            {
                case "delete":
                    var keyValue = KeyOf(item, mergeKey) ?? throw NoMergeKey(item, mergeKey);
                    items.RemoveAll(i => JsonValueEquality.Equal(KeyOf(i, mergeKey), keyValue));
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    if (item.Count > 1) plain.Add(WithoutDirective(item));
                    break;
            }
        }

        var itemSchema = field.ValueSchema;
        if (replace)
        {
            var replaced = new JsonArray();
            foreach (var item in plain) replaced.Add(MergeObject(new JsonObject(), item, itemSchema));
            return replaced;
        }

        var serverOrder = items.ToList();
        foreach (var item in plain)
        {
            var keyValue = KeyOf(item, mergeKey) ?? throw NoMergeKey(item, mergeKey);
            var index = items.FindIndex(i => JsonValueEquality.Equal(KeyOf(i, mergeKey), keyValue));
            if (index >= 0) items[index] = MergeObject((JsonObject)items[index]!, item, itemSchema);
            else items.Add(MergeObject(new JsonObject(), item, itemSchema));
        }
        return ListOrdering.Normalize(items, plain.Cast<JsonNode?>().ToList(), serverOrder, n => KeyOf(n, mergeKey));
    }

    private static HashSet<string> ApplySetElementOrder(JsonObject original, JsonObject patch, PatchSchema schema)
    {
        var handled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith(StrategicMergePatch.SetElementOrderPrefix, StringComparison.Ordinal)) continue;
            var name = key[StrategicMergePatch.SetElementOrderPrefix.Length..];
            if (name.Length == 0 || value is not JsonArray order) throw PatchException.Bad("invalid patch format of setElementOrder list");
            var field = schema.Field(name);
            var mergeKey = field.Strategy == PatchStrategy.Merge ? field.MergeKey : null;
            Func<JsonNode?, JsonNode?> identity = mergeKey is null ? Identity : n => KeyOf(n, mergeKey);
            if (mergeKey is not null)
                foreach (var o in order)
                    if (KeyOf(o, mergeKey) is null) throw NoMergeKey(o, mergeKey);

            var current = original[name];
            if (current is not null and not JsonArray) throw PatchException.CannotApply($"cannot apply $setElementOrder/{name}: the field is not a list");
            var patchList = patch[name];
            if (patchList is not null and not JsonArray) throw PatchException.Bad("invalid patch format of setElementOrder list");
            if (patchList is JsonArray pl) ValidateOrder(pl, order, identity);

            var originalList = (current as JsonArray)?.ToList() ?? [];
            JsonArray merged;
            if (patchList is JsonArray p) merged = MergeList(current as JsonArray ?? [], p, field);
            else if (current is JsonArray c) merged = c;
            else
            {
                handled.Add(name);
                continue;
            }
            original[name] = ListOrdering.Normalize(merged.Select(Detached).ToList(), order.ToList(), originalList, identity);
            handled.Add(name);
        }
        return handled;
    }

    private static void ValidateOrder(JsonArray patchList, JsonArray order, Func<JsonNode?, JsonNode?> identity)
    {
        var orderIndex = 0;
        foreach (var item in patchList)
        {
            if (item is JsonObject o && o.ContainsKey(StrategicMergePatch.PatchDirective)) continue;
            var id = identity(item);
            while (orderIndex < order.Count && !JsonValueEquality.Equal(identity(order[orderIndex]), id)) orderIndex++;
            if (orderIndex >= order.Count)
                throw PatchException.CannotApply($"The order in patch list: {patchList.ToJsonString()} doesn't match $setElementOrder list: {order.ToJsonString()}");
            orderIndex++;
        }
    }

    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(StrategicMergePatch.RetainKeysDirective, out var node)) return;
        if (node is not JsonArray list) throw PatchException.Bad("invalid patch format of retainKeys");
        var retain = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in list)
        {
            if (entry is not JsonValue v || !v.TryGetValue<string>(out var s)) throw PatchException.Bad("invalid patch format of retainKeys");
            retain.Add(s);
        }
        foreach (var (key, value) in patch)
        {
            if (value is null || key.StartsWith('$')) continue;
            if (!retain.Contains(key)) throw PatchException.Bad("invalid patch format of retainKeys");
        }
        foreach (var key in original.Select(p => p.Key).Where(k => !retain.Contains(k)).ToList()) original.Remove(key);
    }

    private static string DirectiveName(JsonNode? directive, JsonObject owner)
    {
        if (directive is JsonValue v && v.TryGetValue<string>(out var s) && s is "replace" or "delete" or "merge") return s;
        throw PatchException.Bad($"unknown patch type: {directive?.ToJsonString() ?? "null"} in map: {owner.ToJsonString()}");
    }

    private static bool ElementsAreObjects(JsonArray original, JsonArray patch)
    {
        JsonValueKind? kind = null;
        foreach (var item in original.Concat(patch))
        {
            var k = item?.GetValueKind() ?? JsonValueKind.Null;
            if (k == JsonValueKind.Array) throw PatchException.CannotApply("lists of lists are not supported");
            var normalized = k is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : k;
            if (kind is null) kind = normalized;
            else if (kind != normalized) throw PatchException.CannotApply($"list element types are not identical: {original.ToJsonString()} {patch.ToJsonString()}");
        }
        return kind == JsonValueKind.Object;
    }

    private static void RemoveAll(JsonArray list, JsonArray toDelete)
    {
        for (var i = list.Count - 1; i >= 0; i--)
            if (toDelete.Any(d => JsonValueEquality.Equal(d, list[i]))) list.RemoveAt(i);
    }

    private static JsonNode? KeyOf(JsonNode? item, string mergeKey) =>
        item is JsonObject o && o.TryGetPropertyValue(mergeKey, out var v) ? v : null;

    private static JsonNode? Identity(JsonNode? item) => item;

    private static PatchException NoMergeKey(JsonNode? item, string mergeKey) =>
        PatchException.CannotApply($"map: {item?.ToJsonString() ?? "null"} does not contain declared merge key: {mergeKey}");

    private static JsonObject WithoutDirective(JsonObject patch)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in patch)
            if (key != StrategicMergePatch.PatchDirective) copy[key] = value?.DeepClone();
        return copy;
    }

    private static JsonNode? Detached(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();
}
