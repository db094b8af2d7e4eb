using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A template from which pods are created: metadata and spec.</summary>
public sealed record PodTemplateSpec
{
    /// <summary>Metadata of the pods created from this template.</summary>
    public ObjectMeta? Metadata { get; init; }
    /// <summary>The spec of the pods created from this template.</summary>
    public PodSpec? Spec { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
