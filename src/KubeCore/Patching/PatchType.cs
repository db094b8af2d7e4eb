namespace KubeCore.Patching;

/// <summary>The PATCH body formats kube-apiserver accepts, told apart by Content-Type.</summary>
public enum PatchType
{
    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,
    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,
    /// <summary><c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMerge,
    /// <summary><c>application/apply-patch+yaml</c> (server-side apply; not handled by this namespace).</summary>
    Apply,
}
