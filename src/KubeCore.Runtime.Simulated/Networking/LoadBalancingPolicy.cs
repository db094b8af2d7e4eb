namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>How the service proxy picks an endpoint for a new connection.</summary>
public enum LoadBalancingPolicy
{
    /// <summary>Each ready endpoint in turn (the default; what kube-proxy's IPVS mode does by default).</summary>
    RoundRobin,
    /// <summary>A ready endpoint at random, from a seeded source (what kube-proxy's iptables mode does).</summary>
    Random,
    /// <summary>The ready endpoint with the fewest open connections through the proxy (IPVS <c>lc</c>).</summary>
    LeastConnections,
}
