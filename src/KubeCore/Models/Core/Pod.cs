using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A pod: a group of containers scheduled together onto a node (<c>v1 Pod</c>).</summary>
public sealed record Pod : KubeObject<PodSpec, PodStatus>
{
    /// <summary>Creates an empty Pod with apiVersion and kind set.</summary>
    public Pod() { ApiVersion = "v1"; Kind = "Pod"; }
}
