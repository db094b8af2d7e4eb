namespace KubeCore.Runtime.Simulated.Networking.Ingress;

/// <summary>Settings of the simulated ingress controller (<c>builder.UseIngressController(o => …)</c>).</summary>
public sealed class IngressControllerOptions
{
    /// <summary>The controller's name, matched against IngressClasses' <c>spec.controller</c>. Default <c>kubecore.dev/ingress</c>.</summary>
    public string ControllerName { get; set; } = "kubecore.dev/ingress";

    /// <summary>
    /// The controller's IngressClass name (created at start with <see cref="CreateIngressClass"/>), also the value of the deprecated
    /// <c>kubernetes.io/ingress.class</c> annotation it accepts. Default <c>kubecore</c>.
    /// </summary>
    public string ClassName { get; set; } = "kubecore";

    /// <summary>
    /// Marks the created IngressClass <c>ingressclass.kubernetes.io/is-default-class: "true"</c>, so Ingresses without any class are
    /// served by this controller. Default false.
    /// </summary>
    public bool IsDefaultClass { get; set; }

    /// <summary>Creates the IngressClass <see cref="ClassName"/> for <see cref="ControllerName"/> at start if it does not exist. Default true.</summary>
    public bool CreateIngressClass { get; set; } = true;

    /// <summary>The loopback address to listen on. Default <c>127.0.0.1</c>.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 (the default) takes any free port — read it from <see cref="IngressController.BaseAddress"/>.</summary>
    public int Port { get; set; }

    /// <summary>The address written to Ingresses' <c>status.loadBalancer.ingress[].ip</c> (what <c>kubectl get ingress</c> shows as ADDRESS). Default: <see cref="Address"/>.</summary>
    public string? StatusAddress { get; set; }

    /// <summary>
    /// The cluster's DNS domain, used to address backends as <c>http://svc.ns.svc.&lt;domain&gt;:port</c>. Default: the cluster
    /// network's (<c>ClusterNetworkOptions.ClusterDomain</c>, <c>cluster.local</c>).
    /// </summary>
    public string? ClusterDomain { get; set; }

    /// <summary>
    /// Creates the handler that delivers requests to backends, addressed as <c>http://&lt;svc&gt;.&lt;ns&gt;.svc.cluster.local:&lt;port&gt;/…</c>
    /// (the cluster's service proxy resolves such names to ready endpoints). The controller disposes the handler when it stops.
    /// Default: the cluster network's service proxy, <c>cluster.GetClusterNetwork().CreateHttpHandler()</c>, one new
    /// connection per request so requests are balanced across endpoints one by one, as ingress-nginx balances them.
    /// </summary>
    public Func<KubeCluster, HttpMessageHandler>? BackendHandler { get; set; }
}
