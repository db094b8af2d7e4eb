using System.Text.Json;

namespace KubeCore.Serialization;

/// <summary>Deep equality of model values by their wire form, used where record equality would compare collections by reference.</summary>
public static class StructuralEquality
{
    /// <summary>Whether <paramref name="left"/> and <paramref name="right"/> serialize to the same JSON.</summary>
    public static bool JsonEquals<T>(T? left, T? right)
    {
        if (ReferenceEquals(left, right)) return true;
        if (left is null || right is null) return false;
        // Serialize by runtime type so a base-typed reference (e.g. KubeObject) compares every field of the kind.
        var a = JsonSerializer.SerializeToUtf8Bytes(left, left.GetType(), KubeJson.Options);
        var b = JsonSerializer.SerializeToUtf8Bytes(right, right.GetType(), KubeJson.Options);
        return a.AsSpan().SequenceEqual(b);
    }
}
