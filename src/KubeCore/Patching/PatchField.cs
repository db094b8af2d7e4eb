namespace KubeCore.Patching;

/// <summary>How a strategic merge patch treats one field: its strategy, merge key, retainKeys flag, and the schema of its value (or list items).</summary>
/// <param name="Strategy">The patch strategy.</param>
/// <param name="MergeKey">The <c>patchMergeKey</c> of a merge list of objects; null for lists of primitives.</param>
/// <param name="RetainKeys">Whether the field carries the <c>retainKeys</c> strategy.</param>
/// <param name="Schema">The schema of the value (for a list, of each item); null means no nested rules.</param>
public sealed record PatchField(PatchStrategy Strategy = PatchStrategy.Default, string? MergeKey = null, bool RetainKeys = false, PatchSchema? Schema = null)
{
    /// <summary>A field with no rules: objects merge, lists are replaced.</summary>
    public static PatchField Plain { get; } = new();

    /// <summary>The schema of the value, or <see cref="PatchSchema.Empty"/>.</summary>
    public PatchSchema ValueSchema => Schema ?? PatchSchema.Empty;

    /// <summary>A nested object with its own rules.</summary>
    public static PatchField Object(PatchSchema schema) => new(Schema: schema);

    /// <summary>A list whose object items merge by <paramref name="mergeKey"/>.</summary>
    public static PatchField MergeList(string mergeKey, PatchSchema? item = null, bool retainKeys = false) =>
        new(PatchStrategy.Merge, mergeKey, retainKeys, item);

    /// <summary>A list of primitives merged as an ordered set (for example <c>finalizers</c>).</summary>
    public static PatchField PrimitiveSet() => new(PatchStrategy.Merge);

    /// <summary>A list replaced wholesale whose items still have nested rules (rarely needed).</summary>
    public static PatchField List(PatchSchema item) => new(Schema: item);
}
