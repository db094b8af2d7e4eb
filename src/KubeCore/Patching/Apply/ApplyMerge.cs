using System.Text.Json.Nodes;

namespace KubeCore.Patching.Apply;

/// <summary>
/// Merges an applied configuration into the live object (structured-merge-diff's merge: objects and maps merge,
/// keyed lists merge item by item, sets union, atomic lists and scalars are replaced) and removes the fields an
/// applier gave up.
/// </summary>
internal static class ApplyMerge
{
    /// <summary>Merges <paramref name="config"/> into <paramref name="live"/>, an owned copy that is changed in place.</summary>
    public static void MergeObject(JsonObject live, JsonObject config, PatchSchema schema)
    {
        foreach (var (key, cv) in config)
        {
            if (cv is null)
            {
                live.Remove(key);
                continue;
            }
            var field = schema.Field(key);
            live.TryGetPropertyValue(key, out var lv);
            switch (lv, cv)
            {
                case (JsonObject lo, JsonObject co) when !ObjectFields.IsAtomicObject(field):
                    MergeObject(lo, co, field.ValueSchema);
                    break;
                case (JsonArray la, JsonArray ca) when ObjectFields.KindOf(field) != ListKind.Atomic:
                    MergeList(la, ca, field);
                    break;
                default:
                    live[key] = cv.DeepClone();
                    break;
            }
        }
    }

    private static void MergeList(JsonArray live, JsonArray config, PatchField field)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < live.Count; i++) index.TryAdd(ObjectFields.ItemElement(live[i], field, i), i);
        for (var i = 0; i < config.Count; i++)
        {
            var item = config[i];
            var e = ObjectFields.ItemElement(item, field, i);
            if (!index.TryGetValue(e, out var at))
            {
                live.Add(item?.DeepClone());
                index[e] = live.Count - 1;
            }
            else if (live[at] is JsonObject lo && item is JsonObject co)
            {
                MergeObject(lo, co, field.ValueSchema);
            }
            else
            {
                live[at] = item?.DeepClone();
            }
        }
    }

    /// <summary>
    /// Removes from <paramref name="obj"/> the members of <paramref name="remove"/> that nobody in
    /// <paramref name="keep"/> owns (neither the path nor anything below it). The key fields of kept list items stay.
    /// </summary>
    public static void Prune(JsonObject obj, FieldSet remove, FieldSet keep, PatchSchema schema) =>
        PruneObject(obj, remove, keep, schema, null);

    private static void PruneObject(JsonObject obj, FieldSet remove, FieldSet? keep, PatchSchema schema, string? keyField)
    {
        foreach (var (e, rc) in remove.Children)
        {
            if (!e.StartsWith("f:", StringComparison.Ordinal)) continue;
            var name = e[2..];
            if (name == keyField || !obj.TryGetPropertyValue(name, out var value)) continue;
            var kc = keep?.Child(e);
            if (rc.IsMember && (kc is null || !kc.HasAnyMember))
            {
                obj.Remove(name);
                continue;
            }
            var field = schema.Field(name);
            if (value is JsonObject child) PruneObject(child, rc, kc, field.ValueSchema, null);
            else if (value is JsonArray list && ObjectFields.KindOf(field) != ListKind.Atomic) PruneList(list, rc, kc, field);
        }
    }

    private static void PruneList(JsonArray list, FieldSet remove, FieldSet? keep, PatchField field)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var e = ObjectFields.ItemElement(list[i], field, i);
            if (remove.Child(e) is not { } rc) continue;
            var kc = keep?.Child(e);
            if (rc.IsMember && (kc is null || !kc.HasAnyMember)) list.RemoveAt(i);
            else if (list[i] is JsonObject item) PruneObject(item, rc, kc, field.ValueSchema, field.MergeKey);
        }
    }
}
