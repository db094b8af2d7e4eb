using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>The order kube-apiserver gives a merged list: patch items in patch order, server-only items in live order, interleaved by the live order.</summary>
internal static class ListOrdering
{
    /// <param name="merged">The merged items.</param>
    /// <param name="patchOrder">The order the patch asks for (the patch list, or a <c>$setElementOrder</c> list).</param>
    /// <param name="serverOrder">The live list, used to place items that are not in the patch.</param>
    /// <param name="identity">The merge key of an item (or the item itself for primitives).</param>
    public static JsonArray Normalize(IReadOnlyList<JsonNode?> merged, IReadOnlyList<JsonNode?> patchOrder, IReadOnlyList<JsonNode?> serverOrder, Func<JsonNode?, JsonNode?> identity)
    {
        var patchIds = patchOrder.Select(identity).ToList();
        var serverIds = serverOrder.Select(identity).ToList();
        var inPatch = new List<(JsonNode? Item, int Index)>();
        var serverOnly = new List<(JsonNode? Item, int Index)>();
        foreach (var item in merged)
        {
            var id = identity(item);
            var p = IndexOf(patchIds, id);
            if (p >= 0) inPatch.Add((item, p));
            else serverOnly.Add((item, IndexOf(serverIds, id)));
        }
        // Stable sorts: items whose position is unknown keep their relative place after the known ones.
        var right = inPatch.OrderBy(x => x.Index).Select(x => x.Item).ToList();
        var left = serverOnly.OrderBy(x => x.Index < 0 ? int.MaxValue : x.Index).Select(x => x.Item).ToList();

        var result = new JsonArray();
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (j >= right.Count) result.Add(Own(left[i++]));
            else if (i >= left.Count) result.Add(Own(right[j++]));
            else
            {
                var li = IndexOf(serverIds, identity(left[i]));
                var ri = IndexOf(serverIds, identity(right[j]));
                if (li >= 0 && ri >= 0 && li < ri) result.Add(Own(left[i++]));
                else result.Add(Own(right[j++]));
            }
        }
        return result;
    }

    private static int IndexOf(List<JsonNode?> ids, JsonNode? id)
    {
        if (id is null) return -1;
        for (var k = 0; k < ids.Count; k++)
            if (JsonValueEquality.Equal(ids[k], id)) return k;
        return -1;
    }

    private static JsonNode? Own(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();
}
