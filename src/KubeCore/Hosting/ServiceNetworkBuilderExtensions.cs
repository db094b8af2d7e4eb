using KubeCore.Api;

namespace KubeCore;

/// <summary>Service address settings on <see cref="KubeClusterBuilder"/> (kube-apiserver's service flags).</summary>
public static class ServiceNetworkBuilderExtensions
{
    /// <summary>
    /// Allocates cluster IPs from <paramref name="cidr"/> (kube-apiserver's <c>--service-cluster-ip-range</c>; IPv4, prefix
    /// 12–30; default <c>10.96.0.0/12</c>). A bad range fails <see cref="KubeClusterBuilder.Build"/>.
    /// </summary>
    public static KubeClusterBuilder UseServiceClusterIPRange(this KubeClusterBuilder builder, string cidr)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(cidr);
        return builder.ConfigureApi(o => o.ServiceNetwork.ClusterIPRange = cidr);
    }

    /// <summary>
    /// Allocates node ports from <paramref name="range"/>, <c>first-last</c> (kube-apiserver's
    /// <c>--service-node-port-range</c>; default <c>30000-32767</c>).
    /// </summary>
    public static KubeClusterBuilder UseServiceNodePortRange(this KubeClusterBuilder builder, string range)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(range);
        return builder.ConfigureApi(o => o.ServiceNetwork.NodePortRange = range);
    }

    /// <summary>Adjusts every service address setting, e.g. the address the <c>kubernetes</c> Service's endpoints name.</summary>
    public static KubeClusterBuilder ConfigureServiceNetwork(this KubeClusterBuilder builder, Action<ServiceNetworkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureApi(o => configure(o.ServiceNetwork));
    }
}
