namespace KubeCore.Api;

/// <summary>
/// How the API layer gives Services their addresses, like kube-apiserver's <c>--service-cluster-ip-range</c> and
/// <c>--service-node-port-range</c>, and the <c>default/kubernetes</c> Service it keeps.
/// Set through <see cref="KubeApiOptions.ServiceNetwork"/>, <c>KubeClusterBuilder.ConfigureServiceNetwork</c> or
/// <c>services.AddKubeCore(o =&gt; o.ServiceClusterIPRange = …)</c>.
/// </summary>
public sealed class ServiceNetworkOptions
{
    /// <summary>
    /// The IPv4 CIDR cluster IPs are allocated from (prefix length 12 to 30). Its network and broadcast addresses are
    /// never allocated; the first address goes to the <c>kubernetes</c> Service.
    /// </summary>
    /// <value>The default is <c>10.96.0.0/12</c> (kubeadm's and kind's).</value>
    public string ClusterIPRange { get; set; } = "10.96.0.0/12";

    /// <summary>The inclusive port range node ports are allocated from, as <c>first-last</c>.</summary>
    /// <value>The default is <c>30000-32767</c>.</value>
    public string NodePortRange { get; set; } = "30000-32767";

    /// <summary>Whether the cluster keeps the <c>default/kubernetes</c> Service with its Endpoints and EndpointSlice.</summary>
    /// <value>The default is true.</value>
    public bool CreateKubernetesService { get; set; } = true;

    /// <summary>The API server address the <c>kubernetes</c> Service's endpoints point at.</summary>
    /// <value>The default is <c>127.0.0.1</c>.</value>
    public string KubernetesServiceEndpointAddress { get; set; } = "127.0.0.1";

    /// <summary>The API server port behind the <c>kubernetes</c> Service (its <c>targetPort</c>; the Service port is 443).</summary>
    /// <value>The default is 6443.</value>
    public int KubernetesServiceEndpointPort { get; set; } = 6443;
}
