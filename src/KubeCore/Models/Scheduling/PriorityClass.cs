using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Maps a priority class name to a priority (<c>scheduling.k8s.io/v1 PriorityClass</c>).</summary>
public sealed record PriorityClass : KubeObject
{
    /// <summary>Creates an empty PriorityClass with apiVersion and kind set.</summary>
    public PriorityClass() { ApiVersion = "scheduling.k8s.io/v1"; Kind = "PriorityClass"; }
    /// <summary>The priority.</summary>
    public int Value { get; init; }
    /// <summary>Whether this is the default for pods without a class.</summary>
    public bool? GlobalDefault { get; init; }
    /// <summary>When to use this class.</summary>
    public string? Description { get; init; }
    /// <summary><c>PreemptLowerPriority</c> or <c>Never</c>.</summary>
    public string? PreemptionPolicy { get; init; }
}
