namespace KubeCore.Patching;

/// <summary>A field's <c>patchStrategy</c> struct tag, without <c>retainKeys</c> (see <see cref="PatchField.RetainKeys"/>).</summary>
public enum PatchStrategy
{
    /// <summary>No tag: objects merge recursively, lists are replaced wholesale.</summary>
    Default,
    /// <summary><c>merge</c>: lists merge (by <see cref="PatchField.MergeKey"/> for objects, as a set for primitives).</summary>
    Merge,
    /// <summary><c>replace</c>: the value is replaced wholesale even when it is an object.</summary>
    Replace,
}
