using System.Text.Json.Nodes;

namespace KubeCore.Patching;

/// <summary>One parsed RFC 6902 operation.</summary>
/// <param name="Type">The operation kind.</param>
/// <param name="Path">The target location.</param>
/// <param name="From">The source location for move and copy.</param>
/// <param name="Value">The value for add, replace and test (a JSON null is a null reference).</param>
public sealed record JsonPatchOperation(JsonPatchOperationType Type, JsonPointer Path, JsonPointer? From = null, JsonNode? Value = null)
{
    /// <summary>The operation name as written on the wire (<c>add</c>, <c>remove</c>, ...).</summary>
    public string Name => Type.ToString().ToLowerInvariant();
}
