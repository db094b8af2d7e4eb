using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>Binds a pod to a node: the body of a POST to <c>pods/{name}/binding</c> (core/v1 Binding).</summary>
public sealed record Binding : KubeObject
{
    /// <summary>Creates an empty binding.</summary>
    public Binding() { ApiVersion = "v1"; Kind = "Binding"; }

    /// <summary>The node to bind to (kind Node, name of the node).</summary>
    public ObjectReference Target { get; init; } = new();
}
