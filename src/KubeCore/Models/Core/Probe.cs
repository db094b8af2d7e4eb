using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>A health check performed against a container.</summary>
public sealed record Probe
{
    /// <summary>Runs a command; success is exit code 0.</summary>
    public ExecAction? Exec { get; init; }
    /// <summary>Performs an HTTP GET; success is a 2xx or 3xx status.</summary>
    public HttpGetAction? HttpGet { get; init; }
    /// <summary>Opens a TCP connection.</summary>
    public TcpSocketAction? TcpSocket { get; init; }
    /// <summary>Calls the gRPC health service.</summary>
    public GrpcAction? Grpc { get; init; }
    /// <summary>Seconds after start before probes begin.</summary>
    public int? InitialDelaySeconds { get; init; }
    /// <summary>Seconds after which a probe times out.</summary>
    public int? TimeoutSeconds { get; init; }
    /// <summary>Seconds between probes.</summary>
    public int? PeriodSeconds { get; init; }
    /// <summary>Consecutive successes needed after a failure.</summary>
    public int? SuccessThreshold { get; init; }
    /// <summary>Consecutive failures before giving up.</summary>
    public int? FailureThreshold { get; init; }
    /// <summary>Grace period when the probe fails.</summary>
    public long? TerminationGracePeriodSeconds { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Runs a command in the container.</summary>
public sealed record ExecAction
{
    /// <summary>The command line.</summary>
    public IReadOnlyList<string>? Command { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An HTTP GET request.</summary>
public sealed record HttpGetAction
{
    /// <summary>Path to request.</summary>
    public string? Path { get; init; }
    /// <summary>Port number or name.</summary>
    public IntOrString Port { get; init; }
    /// <summary>Host name; defaults to the pod IP.</summary>
    public string? Host { get; init; }
    /// <summary><c>HTTP</c> or <c>HTTPS</c>.</summary>
    public string? Scheme { get; init; }
    /// <summary>Custom headers.</summary>
    public IReadOnlyList<HttpHeader>? HttpHeaders { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An HTTP header.</summary>
public sealed record HttpHeader
{
    /// <summary>Header name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Header value.</summary>
    public string Value { get; init; } = "";
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A TCP connection attempt.</summary>
public sealed record TcpSocketAction
{
    /// <summary>Port number or name.</summary>
    public IntOrString Port { get; init; }
    /// <summary>Host name; defaults to the pod IP.</summary>
    public string? Host { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A gRPC health check.</summary>
public sealed record GrpcAction
{
    /// <summary>Port number.</summary>
    public int Port { get; init; }
    /// <summary>Service name passed to the health check.</summary>
    public string? Service { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
