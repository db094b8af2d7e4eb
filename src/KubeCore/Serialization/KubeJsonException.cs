using System.Text.Json;

namespace KubeCore.Serialization;

/// <summary>Input could not be decoded as a Kubernetes object: not an object, no kind, or a field of the wrong type.</summary>
public sealed class KubeJsonException : JsonException
{
    /// <summary>Creates the exception.</summary>
    public KubeJsonException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>The apiVersion of the offending object, when it could be read.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The kind of the offending object, when it could be read.</summary>
    public string? ObjectKind { get; init; }
}
