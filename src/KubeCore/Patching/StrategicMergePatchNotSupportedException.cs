namespace KubeCore.Patching;

/// <summary>A strategic merge patch was sent for a kind without a patch schema, such as a custom resource (HTTP 415).</summary>
public sealed class StrategicMergePatchNotSupportedException(string apiVersion, string kind)
    : PatchException(PatchFailure.UnsupportedMediaType, "strategic merge patch format is not supported")
{
    /// <summary>The apiVersion of the target.</summary>
    public string ApiVersion { get; } = apiVersion;

    /// <summary>The kind of the target.</summary>
    public string Kind { get; } = kind;
}
