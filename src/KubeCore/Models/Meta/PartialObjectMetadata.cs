namespace KubeCore.Models;

/// <summary>
/// An object's metadata without its body (<c>meta.k8s.io/v1 PartialObjectMetadata</c>): what a Table row carries by
/// default, and what metadata-only lists and watches return.
/// </summary>
public sealed record PartialObjectMetadata : KubeObject
{
    /// <summary>The API version of PartialObjectMetadata.</summary>
    public const string MetaApiVersion = "meta.k8s.io/v1";

    /// <summary>Creates an empty instance with apiVersion and kind set.</summary>
    public PartialObjectMetadata() { ApiVersion = MetaApiVersion; Kind = "PartialObjectMetadata"; }

    /// <summary>The metadata of <paramref name="source"/>, complete, as PartialObjectMetadata.</summary>
    public static PartialObjectMetadata From(KubeObject source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new PartialObjectMetadata { Metadata = source.Metadata };
    }
}
