using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>HTTP routing rules into services (<c>networking.k8s.io/v1 Ingress</c>).</summary>
public sealed record Ingress : KubeObject<IngressSpec, IngressStatus>
{
    /// <summary>Creates an empty Ingress with apiVersion and kind set.</summary>
    public Ingress() { ApiVersion = "networking.k8s.io/v1"; Kind = "Ingress"; }
}

/// <summary>The desired state of an ingress.</summary>
public sealed record IngressSpec
{
    /// <summary>The ingress class.</summary>
    public string? IngressClassName { get; init; }
    /// <summary>Backend for requests matching no rule.</summary>
    public IngressBackend? DefaultBackend { get; init; }
    /// <summary>TLS settings.</summary>
    public IReadOnlyList<IngressTLS>? Tls { get; init; }
    /// <summary>Host rules.</summary>
    public IReadOnlyList<IngressRule>? Rules { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>TLS settings of an ingress.</summary>
public sealed record IngressTLS
{
    /// <summary>Hosts covered by the certificate.</summary>
    public IReadOnlyList<string>? Hosts { get; init; }
    /// <summary>The secret holding the certificate.</summary>
    public string? SecretName { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A host rule.</summary>
public sealed record IngressRule
{
    /// <summary>The host; all hosts when empty.</summary>
    public string? Host { get; init; }
    /// <summary>HTTP paths.</summary>
    public HttpIngressRuleValue? Http { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>HTTP paths of a rule.</summary>
public sealed record HttpIngressRuleValue
{
    /// <summary>The paths.</summary>
    public IReadOnlyList<HttpIngressPath>? Paths { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A path routed to a backend.</summary>
public sealed record HttpIngressPath
{
    /// <summary>The path.</summary>
    public string? Path { get; init; }
    /// <summary><c>Exact</c>, <c>Prefix</c> or <c>ImplementationSpecific</c>.</summary>
    public string? PathType { get; init; }
    /// <summary>The backend.</summary>
    public IngressBackend? Backend { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An ingress backend: a service or a resource.</summary>
public sealed record IngressBackend
{
    /// <summary>A service.</summary>
    public IngressServiceBackend? Service { get; init; }
    /// <summary>A resource.</summary>
    public TypedLocalObjectReference? Resource { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A service backend.</summary>
public sealed record IngressServiceBackend
{
    /// <summary>The service.</summary>
    public string Name { get; init; } = "";
    /// <summary>The service port.</summary>
    public ServiceBackendPort? Port { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A service port by name or number.</summary>
public sealed record ServiceBackendPort
{
    /// <summary>Port name.</summary>
    public string? Name { get; init; }
    /// <summary>Port number.</summary>
    public int? Number { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The observed state of an ingress.</summary>
public sealed record IngressStatus
{
    /// <summary>The load balancer.</summary>
    public LoadBalancerStatus? LoadBalancer { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
