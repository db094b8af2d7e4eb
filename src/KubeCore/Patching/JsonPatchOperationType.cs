namespace KubeCore.Patching;

/// <summary>The six RFC 6902 operation kinds.</summary>
public enum JsonPatchOperationType
{
    /// <summary>Add a value (object member or array element; <c>-</c> appends).</summary>
    Add,
    /// <summary>Remove the value at the path.</summary>
    Remove,
    /// <summary>Replace the value at the path (Kubernetes also accepts a missing object member).</summary>
    Replace,
    /// <summary>Remove the value at <c>from</c> and add it at the path.</summary>
    Move,
    /// <summary>Copy the value at <c>from</c> to the path.</summary>
    Copy,
    /// <summary>Fail unless the value at the path equals the given value.</summary>
    Test,
}
