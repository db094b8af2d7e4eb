using System.Text.Json.Nodes;
using CsCheck;
using KubeCore.Patching;

namespace KubeCore.Tests.Patching;

public class PatchPropertyTests
{
    private static readonly Gen<string> Key = Gen.String[Gen.Char["abcd"], 1, 2];

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Int[-3, 3].Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.String[Gen.Char["xyz"], 0, 2].Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)));

    private static Gen<JsonNode?> Value(int depth, bool arrays, bool nulls)
    {
        var options = new List<Gen<JsonNode?>> { Scalar };
        if (nulls) options.Add(Gen.Const((JsonNode?)null));
        if (depth > 0)
        {
            options.Add(Object(depth - 1, arrays, nulls).Select(o => (JsonNode?)o));
            if (arrays) options.Add(Value(depth - 1, arrays, nulls).Array[0, 3].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray())));
        }
        return Gen.OneOf(options.ToArray());
    }

    private static Gen<JsonObject> Object(int depth, bool arrays, bool nulls) =>
        Gen.Select(Key.Array[0, 4], Value(depth, arrays, nulls).Array[4], (keys, values) =>
        {
            var obj = new JsonObject();
            for (var i = 0; i < keys.Length; i++) obj[keys[i]] = values[i]?.DeepClone();
            return obj;
        });

    [Fact]
    public void Merge_patch_without_arrays_applied_twice_equals_applied_once()
    {
        Gen.Select(Object(2, arrays: true, nulls: false), Object(2, arrays: false, nulls: true)).Sample((target, patch) =>
        {
            var once = JsonMergePatch.Apply(target, patch);
            var twice = JsonMergePatch.Apply(once, patch);
            return JsonValueEquality.Equal(once, twice);
        });
    }

    [Fact]
    public void Merge_patch_never_changes_its_inputs()
    {
        Gen.Select(Object(2, true, false), Object(2, true, true)).Sample((target, patch) =>
        {
            var t = target.ToJsonString();
            var p = patch.ToJsonString();
            _ = JsonMergePatch.Apply(target, patch);
            return t == target.ToJsonString() && p == patch.ToJsonString();
        });
    }

    [Fact]
    public void Json_patch_add_then_remove_of_a_new_member_restores_the_document()
    {
        Gen.Select(Object(2, true, true), Value(2, true, true)).Sample((doc, value) =>
        {
            const string path = "/new~1key";
            var ops = new JsonArray(
                new JsonObject { ["op"] = "add", ["path"] = path, ["value"] = value?.DeepClone() },
                new JsonObject { ["op"] = "remove", ["path"] = path });
            return JsonValueEquality.Equal(doc, JsonPatch.Apply(doc, ops));
        });
    }

    [Fact]
    public void Json_patch_insert_then_remove_at_an_array_index_restores_the_array()
    {
        Gen.Select(Scalar.Array[0, 5], Gen.Int[0, 5], Scalar).Sample((items, at, value) =>
        {
            var doc = new JsonObject { ["list"] = new JsonArray(items.Select(i => i?.DeepClone()).ToArray()) };
            var index = Math.Min(at, items.Length);
            var ops = new JsonArray(
                new JsonObject { ["op"] = "add", ["path"] = $"/list/{index}", ["value"] = value?.DeepClone() },
                new JsonObject { ["op"] = "remove", ["path"] = $"/list/{index}" });
            return JsonValueEquality.Equal(doc, JsonPatch.Apply(doc, ops));
        });
    }

    [Fact]
    public void Strategic_merge_without_lists_or_directives_agrees_with_json_merge_patch()
    {
        Gen.Select(Object(2, true, false), Object(2, false, true)).Sample((target, patch) =>
            JsonValueEquality.Equal(JsonMergePatch.Apply(target, patch), StrategicMergePatch.Apply(target, patch, PatchSchema.Empty)));
    }

    [Fact]
    public void Strategic_merge_of_finalizers_is_idempotent_and_keeps_every_item()
    {
        var names = Gen.String[Gen.Char["abcde"], 1, 1].Array[0, 4];
        Gen.Select(names, names).Sample((live, added) =>
        {
            var original = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray(live.Select(n => (JsonNode?)n).ToArray()) } };
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray(added.Select(n => (JsonNode?)n).ToArray()) } };
            var schema = StrategicMergePatchSchemas.Get("v1", "ConfigMap");
            var once = StrategicMergePatch.Apply(original, patch, schema);
            var twice = StrategicMergePatch.Apply(once, patch, schema);
            var result = once["metadata"]!["finalizers"]!.AsArray().Select(n => (string)n!).ToList();
            return JsonValueEquality.Equal(once, twice)
                && live.Concat(added).Distinct().All(result.Contains)
                && result.Count == result.Distinct().Count();
        });
    }
}
