namespace KubeCore.Watch;

/// <summary>An exact-match query against one index of a <see cref="WatchCache"/>, used to narrow candidates.</summary>
/// <param name="IndexName">The index: one of <see cref="WatchIndexNames"/> or a registered field index.</param>
/// <param name="Value">The value to match.</param>
public readonly record struct IndexQuery(string IndexName, string Value)
{
    /// <summary>Objects in namespace <paramref name="ns"/>.</summary>
    public static IndexQuery Namespace(string ns) => new(WatchIndexNames.Namespace, ns);

    /// <summary>Objects carrying label <paramref name="key"/>=<paramref name="value"/>.</summary>
    public static IndexQuery Label(string key, string value) => new(WatchIndexNames.Label, key + "=" + value);

    /// <summary>Objects with an owner reference to <paramref name="uid"/>.</summary>
    public static IndexQuery Owner(string uid) => new(WatchIndexNames.OwnerUid, uid);

    /// <summary>Objects whose registered field index <paramref name="indexName"/> yields <paramref name="value"/>.</summary>
    public static IndexQuery Field(string indexName, string value) => new(indexName, value);
}
