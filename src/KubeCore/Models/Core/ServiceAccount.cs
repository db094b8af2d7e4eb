using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>An identity for processes in pods (<c>v1 ServiceAccount</c>).</summary>
public sealed record ServiceAccount : KubeObject
{
    /// <summary>Creates an empty ServiceAccount with apiVersion and kind set.</summary>
    public ServiceAccount() { ApiVersion = "v1"; Kind = "ServiceAccount"; }
    /// <summary>Secrets the service account may use.</summary>
    public IReadOnlyList<ObjectReference>? Secrets { get; init; }
    /// <summary>Image pull secrets.</summary>
    public IReadOnlyList<LocalObjectReference>? ImagePullSecrets { get; init; }
    /// <summary>Whether tokens are mounted automatically.</summary>
    public bool? AutomountServiceAccountToken { get; init; }
}
