using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A subset of the endpoints of a service (<c>discovery.k8s.io/v1 EndpointSlice</c>).</summary>
public sealed record EndpointSlice : KubeObject
{
    /// <summary>Creates an empty EndpointSlice with apiVersion and kind set.</summary>
    public EndpointSlice() { ApiVersion = "discovery.k8s.io/v1"; Kind = "EndpointSlice"; }
    /// <summary><c>IPv4</c>, <c>IPv6</c> or <c>FQDN</c>.</summary>
    public string AddressType { get; init; } = "";
    /// <summary>The endpoints.</summary>
    public IReadOnlyList<EndpointSliceEndpoint>? Endpoints { get; init; }
    /// <summary>The ports.</summary>
    public IReadOnlyList<EndpointSlicePort>? Ports { get; init; }
}

/// <summary>One endpoint of an endpoint slice.</summary>
public sealed record EndpointSliceEndpoint
{
    /// <summary>The addresses.</summary>
    public IReadOnlyList<string>? Addresses { get; init; }
    /// <summary>Readiness of the endpoint.</summary>
    public EndpointConditions? Conditions { get; init; }
    /// <summary>Host name.</summary>
    public string? Hostname { get; init; }
    /// <summary>The object providing the endpoint.</summary>
    public ObjectReference? TargetRef { get; init; }
    /// <summary>Deprecated topology labels.</summary>
    public IReadOnlyDictionary<string, string>? DeprecatedTopology { get; init; }
    /// <summary>The node hosting the endpoint.</summary>
    public string? NodeName { get; init; }
    /// <summary>The zone of the endpoint.</summary>
    public string? Zone { get; init; }
    /// <summary>Topology hints (loosely typed).</summary>
    public JsonElement? Hints { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Readiness of an endpoint.</summary>
public sealed record EndpointConditions
{
    /// <summary>Whether the endpoint is ready.</summary>
    public bool? Ready { get; init; }
    /// <summary>Whether the endpoint is serving (ready, ignoring termination).</summary>
    public bool? Serving { get; init; }
    /// <summary>Whether the endpoint is terminating.</summary>
    public bool? Terminating { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A port of an endpoint slice.</summary>
public sealed record EndpointSlicePort
{
    /// <summary>Port name.</summary>
    public string? Name { get; init; }
    /// <summary>Protocol.</summary>
    public string? Protocol { get; init; }
    /// <summary>Port number.</summary>
    public int? Port { get; init; }
    /// <summary>Application protocol.</summary>
    public string? AppProtocol { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
