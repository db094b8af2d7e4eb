using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A named abstraction of a set of pods (<c>v1 Service</c>).</summary>
public sealed record Service : KubeObject<ServiceSpec, ServiceStatus>
{
    /// <summary>Creates an empty Service with apiVersion and kind set.</summary>
    public Service() { ApiVersion = "v1"; Kind = "Service"; }
}

/// <summary>The desired state of a service.</summary>
public sealed record ServiceSpec
{
    /// <summary><c>ClusterIP</c>, <c>NodePort</c>, <c>LoadBalancer</c> or <c>ExternalName</c>.</summary>
    public string? Type { get; init; }
    /// <summary>Pods with these labels back the service.</summary>
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
    /// <summary>Exposed ports.</summary>
    public IReadOnlyList<ServicePort>? Ports { get; init; }
    /// <summary>The virtual IP; <c>None</c> for headless services.</summary>
    public string? ClusterIP { get; init; }
    /// <summary>The virtual IPs, one per IP family.</summary>
    public IReadOnlyList<string>? ClusterIPs { get; init; }
    /// <summary>External IPs routed to the service.</summary>
    public IReadOnlyList<string>? ExternalIPs { get; init; }
    /// <summary>DNS name for <c>ExternalName</c> services.</summary>
    public string? ExternalName { get; init; }
    /// <summary><c>None</c> or <c>ClientIP</c>.</summary>
    public string? SessionAffinity { get; init; }
    /// <summary>Session affinity settings.</summary>
    public SessionAffinityConfig? SessionAffinityConfig { get; init; }
    /// <summary>Requested load balancer IP (deprecated).</summary>
    public string? LoadBalancerIP { get; init; }
    /// <summary>Client CIDRs allowed through the load balancer.</summary>
    public IReadOnlyList<string>? LoadBalancerSourceRanges { get; init; }
    /// <summary>Whether not-ready endpoints are published.</summary>
    public bool? PublishNotReadyAddresses { get; init; }
    /// <summary>IP families, e.g. <c>IPv4</c>.</summary>
    public IReadOnlyList<string>? IpFamilies { get; init; }
    /// <summary><c>SingleStack</c>, <c>PreferDualStack</c> or <c>RequireDualStack</c>.</summary>
    public string? IpFamilyPolicy { get; init; }
    /// <summary><c>Cluster</c> or <c>Local</c>.</summary>
    public string? ExternalTrafficPolicy { get; init; }
    /// <summary><c>Cluster</c> or <c>Local</c>.</summary>
    public string? InternalTrafficPolicy { get; init; }
    /// <summary>Health check node port for <c>Local</c> external traffic.</summary>
    public int? HealthCheckNodePort { get; init; }
    /// <summary>Whether node ports are allocated for load balancers.</summary>
    public bool? AllocateLoadBalancerNodePorts { get; init; }
    /// <summary>The load balancer implementation class.</summary>
    public string? LoadBalancerClass { get; init; }
    /// <summary>Traffic distribution preference.</summary>
    public string? TrafficDistribution { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A port of a service.</summary>
public sealed record ServicePort
{
    /// <summary>Port name, unique within the service.</summary>
    public string? Name { get; init; }
    /// <summary><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</summary>
    public string? Protocol { get; init; }
    /// <summary>Application protocol.</summary>
    public string? AppProtocol { get; init; }
    /// <summary>The service port.</summary>
    public int Port { get; init; }
    /// <summary>Number or name of the port on the pods.</summary>
    public IntOrString? TargetPort { get; init; }
    /// <summary>Port on each node for NodePort/LoadBalancer services.</summary>
    public int? NodePort { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Session affinity settings.</summary>
public sealed record SessionAffinityConfig
{
    /// <summary>Client IP based affinity.</summary>
    public ClientIPConfig? ClientIP { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Client IP based session affinity settings.</summary>
public sealed record ClientIPConfig
{
    /// <summary>Session stickiness timeout.</summary>
    public int? TimeoutSeconds { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of a service.</summary>
public sealed record ServiceStatus
{
    /// <summary>The load balancer, if any.</summary>
    public LoadBalancerStatus? LoadBalancer { get; init; }
    /// <summary>Service conditions.</summary>
    public IReadOnlyList<Condition>? Conditions { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The status of a load balancer (services and ingresses).</summary>
public sealed record LoadBalancerStatus
{
    /// <summary>Ingress points.</summary>
    public IReadOnlyList<LoadBalancerIngress>? Ingress { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An ingress point of a load balancer.</summary>
public sealed record LoadBalancerIngress
{
    /// <summary>IP address.</summary>
    public string? Ip { get; init; }
    /// <summary>Host name.</summary>
    public string? Hostname { get; init; }
    /// <summary><c>VIP</c> or <c>Proxy</c> (services only).</summary>
    public string? IpMode { get; init; }
    /// <summary>Port statuses.</summary>
    public IReadOnlyList<PortStatus>? Ports { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The status of a load balancer port.</summary>
public sealed record PortStatus
{
    /// <summary>Port number.</summary>
    public int Port { get; init; }
    /// <summary>Protocol.</summary>
    public string? Protocol { get; init; }
    /// <summary>Problem with the port, if any.</summary>
    public string? Error { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
