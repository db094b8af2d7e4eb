namespace KubeCore.Printing;

/// <summary>What each Table row carries in its <c>object</c> field (<c>metav1.IncludeObjectPolicy</c>).</summary>
public enum IncludeObjectPolicy
{
    /// <summary>The row's metadata as a <c>PartialObjectMetadata</c> — kube-apiserver's default.</summary>
    Metadata,

    /// <summary>No object.</summary>
    None,

    /// <summary>The full object (kubectl asks for it with <c>--sort-by</c>).</summary>
    Object,
}
