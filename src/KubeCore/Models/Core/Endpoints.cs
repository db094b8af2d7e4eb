using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>The endpoints of a service (<c>v1 Endpoints</c>).</summary>
public sealed record Endpoints : KubeObject
{
    /// <summary>Creates an empty Endpoints with apiVersion and kind set.</summary>
    public Endpoints() { ApiVersion = "v1"; Kind = "Endpoints"; }
    /// <summary>Groups of addresses sharing ports.</summary>
    public IReadOnlyList<EndpointSubset>? Subsets { get; init; }
}

/// <summary>Addresses that share a set of ports.</summary>
public sealed record EndpointSubset
{
    /// <summary>Ready addresses.</summary>
    public IReadOnlyList<EndpointAddress>? Addresses { get; init; }
    /// <summary>Addresses not ready yet.</summary>
    public IReadOnlyList<EndpointAddress>? NotReadyAddresses { get; init; }
    /// <summary>The ports.</summary>
    public IReadOnlyList<EndpointPort>? Ports { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A single endpoint address.</summary>
public sealed record EndpointAddress
{
    /// <summary>The IP.</summary>
    public string Ip { get; init; } = "";
    /// <summary>Host name.</summary>
    public string? Hostname { get; init; }
    /// <summary>The node hosting the endpoint.</summary>
    public string? NodeName { get; init; }
    /// <summary>The object providing the endpoint.</summary>
    public ObjectReference? TargetRef { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An endpoint port.</summary>
public sealed record EndpointPort
{
    /// <summary>Port name.</summary>
    public string? Name { get; init; }
    /// <summary>Port number.</summary>
    public int Port { get; init; }
    /// <summary>Protocol.</summary>
    public string? Protocol { get; init; }
    /// <summary>Application protocol.</summary>
    public string? AppProtocol { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
