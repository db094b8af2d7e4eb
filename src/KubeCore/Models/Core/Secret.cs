using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Confidential data (<c>v1 Secret</c>).</summary>
public sealed record Secret : KubeObject
{
    /// <summary>Creates an empty Secret with apiVersion and kind set.</summary>
    public Secret() { ApiVersion = "v1"; Kind = "Secret"; }
    /// <summary>Secret data (base64 on the wire).</summary>
    public IReadOnlyDictionary<string, byte[]>? Data { get; init; }
    /// <summary>Write-only convenience: merged into <see cref="Data"/> by the server.</summary>
    public IReadOnlyDictionary<string, string>? StringData { get; init; }
    /// <summary>The secret type, e.g. <c>Opaque</c>.</summary>
    public string? Type { get; init; }
    /// <summary>Whether the data can no longer change.</summary>
    public bool? Immutable { get; init; }
}
