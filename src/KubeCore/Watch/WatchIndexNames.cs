namespace KubeCore.Watch;

/// <summary>Names of the built-in indexes of a <see cref="WatchCache"/>.</summary>
public static class WatchIndexNames
{
    /// <summary>By <c>metadata.namespace</c> (empty for cluster-scoped objects).</summary>
    public const string Namespace = "metadata.namespace";

    /// <summary>By label, with values of the form <c>key=value</c>.</summary>
    public const string Label = "metadata.labels";

    /// <summary>By owner: <c>metadata.ownerReferences[].uid</c>.</summary>
    public const string OwnerUid = "metadata.ownerReferences.uid";

    /// <summary>Whether <paramref name="name"/> is one of the built-in index names.</summary>
    public static bool IsBuiltIn(string name) => name is Namespace or Label or OwnerUid;
}
