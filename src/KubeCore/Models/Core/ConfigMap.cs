using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Non-confidential configuration data (<c>v1 ConfigMap</c>).</summary>
public sealed record ConfigMap : KubeObject
{
    /// <summary>Creates an empty ConfigMap with apiVersion and kind set.</summary>
    public ConfigMap() { ApiVersion = "v1"; Kind = "ConfigMap"; }
    /// <summary>UTF-8 data.</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }
    /// <summary>Binary data (base64 on the wire).</summary>
    public IReadOnlyDictionary<string, byte[]>? BinaryData { get; init; }
    /// <summary>Whether the data can no longer change.</summary>
    public bool? Immutable { get; init; }
}
