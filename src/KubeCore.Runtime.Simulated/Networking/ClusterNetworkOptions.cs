using System.Net;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>Settings of a cluster's simulated network: the service proxy, the cluster domain, and loopback exposure.</summary>
public sealed class ClusterNetworkOptions
{
    /// <summary>The annotation that overrides <see cref="LoadBalancing"/> for one Service: <c>round-robin</c>, <c>random</c> or <c>least-connections</c>.</summary>
    public const string LoadBalancingAnnotation = "kubecore.dev/load-balancing";

    /// <summary>How endpoints are picked for new connections. Default <see cref="LoadBalancingPolicy.RoundRobin"/>.</summary>
    public LoadBalancingPolicy LoadBalancing { get; set; } = LoadBalancingPolicy.RoundRobin;

    /// <summary>Seed of the random source of <see cref="LoadBalancingPolicy.Random"/>, so runs are reproducible. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The cluster's DNS domain. Default <c>cluster.local</c>.</summary>
    public string ClusterDomain { get; set; } = "cluster.local";

    /// <summary>
    /// The namespace whose Services short names (<c>hello</c>, as opposed to <c>hello.shop</c>) resolve in for clients from
    /// <see cref="ClusterNetwork.CreateHttpClient"/> and <see cref="ClusterNetwork.ConnectAsync(string, int, CancellationToken)"/>,
    /// as if they ran in a pod of that namespace. Default <c>default</c>.
    /// </summary>
    public string ClientNamespace { get; set; } = "default";

    /// <summary>The address in-process clients connect from (what <c>sessionAffinity: ClientIP</c> keys on). Default 10.244.0.1.</summary>
    public IPAddress ClientAddress { get; set; } = IPAddress.Parse("10.244.0.1");

    /// <summary>
    /// Whether every NodePort (and LoadBalancer node port) is also bound on <see cref="LoopbackAddress"/>:&lt;nodePort&gt;, so curl
    /// and browsers reach the Service like through a kind port mapping. Default false; <c>kubecore serve</c> turns it on.
    /// </summary>
    public bool ExposeNodePorts { get; set; }

    /// <summary>The host address node ports are bound on. Default 127.0.0.1.</summary>
    public IPAddress LoopbackAddress { get; set; } = IPAddress.Loopback;
}
