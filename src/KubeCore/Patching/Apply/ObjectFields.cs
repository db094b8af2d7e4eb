using System.Text.Json.Nodes;

namespace KubeCore.Patching.Apply;

/// <summary>How server-side apply treats a list, from the field's strategic-merge rules.</summary>
internal enum ListKind
{
    /// <summary>Replaced as a whole and owned as one field (no patch strategy).</summary>
    Atomic,
    /// <summary>A map of items by their merge key (<c>patchStrategy:merge</c> with a <c>patchMergeKey</c>).</summary>
    Map,
    /// <summary>A set of primitive values (<c>patchStrategy:merge</c> without a key, e.g. finalizers).</summary>
    Set,
}

/// <summary>
/// The field sets of objects, walked with the strategic merge patch schemas (the same merge keys and list strategies),
/// so server-side apply and strategic merge patch agree on what a list item is.
/// </summary>
internal static class ObjectFields
{
    public static ListKind KindOf(PatchField field) => field.Strategy != PatchStrategy.Merge
        ? ListKind.Atomic
        : field.MergeKey is null ? ListKind.Set : ListKind.Map;

    public static bool IsAtomicObject(PatchField field) => field.Strategy == PatchStrategy.Replace;

    /// <summary>The path element of a list item: <c>k:{"name":"web"}</c>, <c>v:"x"</c>, or <c>i:N</c> when the key is missing.</summary>
    public static string ItemElement(JsonNode? item, PatchField field, int index)
    {
        if (KindOf(field) == ListKind.Set) return "v:" + (item?.ToJsonString() ?? "null");
        if (item is JsonObject o && field.MergeKey is { } key && o.TryGetPropertyValue(key, out var value) && value is not null)
            return "k:{" + System.Text.Json.JsonSerializer.Serialize(key) + ":" + value.ToJsonString() + "}";
        return "i:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The set an applied configuration expresses (structured-merge-diff's ToFieldSet): every leaf, empty object and
    /// null, every list item, but not the objects in between.
    /// </summary>
    public static FieldSet FromConfig(JsonObject config, PatchSchema schema)
    {
        var set = new FieldSet();
        CollectFields(config, schema, set, markMaps: false);
        return set;
    }

    /// <summary>
    /// Every node of an object as an update records it when the node is new: leaves, list items, and maps
    /// (labels, annotations) as members of their own.
    /// </summary>
    public static FieldSet All(JsonObject obj, PatchSchema schema)
    {
        var set = new FieldSet();
        CollectFields(obj, schema, set, markMaps: true);
        return set;
    }

    private static void CollectFields(JsonObject obj, PatchSchema schema, FieldSet node, bool markMaps)
    {
        foreach (var (key, value) in obj) Collect(value, schema.Field(key), node.GetOrAddChild("f:" + key), markMaps);
    }

    private static void Collect(JsonNode? value, PatchField field, FieldSet node, bool markMaps)
    {
        switch (value)
        {
            case JsonObject o:
                if (o.Count == 0 || IsAtomicObject(field)) { node.MarkMember(); return; }
                if (markMaps && field.ValueSchema.MapValues is not null) node.MarkMember();
                CollectFields(o, field.ValueSchema, node, markMaps);
                return;
            case JsonArray a:
                var kind = KindOf(field);
                if (kind == ListKind.Atomic) { node.MarkMember(); return; }
                for (var i = 0; i < a.Count; i++)
                {
                    var child = node.GetOrAddChild(ItemElement(a[i], field, i));
                    child.MarkMember();
                    if (kind == ListKind.Map && a[i] is JsonObject item) CollectFields(item, field.ValueSchema, child, markMaps);
                }
                return;
            default:
                node.MarkMember();
                return;
        }
    }

    /// <summary>What changed between two versions of an object: paths added, modified (leaves) and removed.</summary>
    public sealed class Comparison
    {
        public FieldSet Added { get; } = new();
        public FieldSet Modified { get; } = new();
        public FieldSet Removed { get; } = new();
        public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;
    }

    public static Comparison Compare(JsonObject old, JsonObject @new, PatchSchema schema)
    {
        var c = new Comparison();
        CompareObjects(old, @new, schema, c.Added, c.Modified, c.Removed);
        return c;
    }

    private static void CompareObjects(JsonObject old, JsonObject @new, PatchSchema schema, FieldSet added, FieldSet modified, FieldSet removed)
    {
        foreach (var (key, nv) in @new)
        {
            var e = "f:" + key;
            var field = schema.Field(key);
            if (!old.TryGetPropertyValue(key, out var ov)) Collect(nv, field, added.GetOrAddChild(e), markMaps: true);
            else CompareValues(ov, nv, field, e, added, modified, removed);
        }
        foreach (var (key, ov) in old)
            if (!@new.ContainsKey(key)) Collect(ov, schema.Field(key), removed.GetOrAddChild("f:" + key), markMaps: true);
        Prune(added); Prune(modified); Prune(removed);
    }

    private static void CompareValues(JsonNode? ov, JsonNode? nv, PatchField field, string e, FieldSet added, FieldSet modified, FieldSet removed)
    {
        if (ov is JsonObject oo && nv is JsonObject no && oo.Count > 0 && no.Count > 0 && !IsAtomicObject(field))
        {
            CompareObjects(oo, no, field.ValueSchema, added.GetOrAddChild(e), modified.GetOrAddChild(e), removed.GetOrAddChild(e));
            return;
        }
        if (ov is JsonArray oa && nv is JsonArray na && KindOf(field) != ListKind.Atomic)
        {
            CompareLists(oa, na, field, added.GetOrAddChild(e), modified.GetOrAddChild(e), removed.GetOrAddChild(e));
            return;
        }
        if (!JsonNode.DeepEquals(ov, nv)) modified.GetOrAddChild(e).MarkMember();
    }

    private static void CompareLists(JsonArray old, JsonArray @new, PatchField field, FieldSet added, FieldSet modified, FieldSet removed)
    {
        var oldItems = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var i = 0; i < old.Count; i++) oldItems.TryAdd(ItemElement(old[i], field, i), old[i]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < @new.Count; i++)
        {
            var e = ItemElement(@new[i], field, i);
            seen.Add(e);
            if (!oldItems.TryGetValue(e, out var ov))
            {
                var child = added.GetOrAddChild(e);
                child.MarkMember();
                if (@new[i] is JsonObject item) CollectFields(item, field.ValueSchema, child, markMaps: true);
            }
            else if (ov is JsonObject oo && @new[i] is JsonObject no)
            {
                CompareObjects(oo, no, field.ValueSchema, added.GetOrAddChild(e), modified.GetOrAddChild(e), removed.GetOrAddChild(e));
            }
            else if (!JsonNode.DeepEquals(ov, @new[i]))
            {
                modified.GetOrAddChild(e).MarkMember();
            }
        }
        foreach (var (e, ov) in oldItems)
        {
            if (seen.Contains(e)) continue;
            var child = removed.GetOrAddChild(e);
            child.MarkMember();
            if (ov is JsonObject item) CollectFields(item, field.ValueSchema, child, markMaps: true);
        }
    }

    /// <summary>Drops the empty nodes the walk created on the way down.</summary>
    private static void Prune(FieldSet node)
    {
        foreach (var (k, child) in node.Children.ToArray())
        {
            Prune(child);
            if (child.IsEmpty) node.ExceptWith(SingleEmpty(k));
        }
    }

    private static FieldSet SingleEmpty(string element)
    {
        var s = new FieldSet();
        s.GetOrAddChild(element);
        return s;
    }
}
