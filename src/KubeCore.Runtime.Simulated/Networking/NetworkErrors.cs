using System.Net;
using System.Net.Sockets;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>The failures a client sees from the simulated network, as the sockets API reports them.</summary>
internal static class NetworkErrors
{
    /// <summary>Nothing listens at the address, or a Service has no ready endpoints (kube-proxy rejects such connections).</summary>
    public static SocketException Refused(EndPoint endpoint, string? why = null) =>
        new((int)SocketError.ConnectionRefused, $"Connection refused ({Describe(endpoint)}){(why is null ? "" : ": " + why)}");

    /// <summary>A name the cluster's DNS does not know.</summary>
    public static SocketException UnknownHost(string host) =>
        new((int)SocketError.HostNotFound, $"Name or service not known ({host})");

    private static string Describe(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint d => $"{d.Host}:{d.Port}",
        _ => endpoint.ToString() ?? "",
    };
}
