using KubeCore.ApiServer.Security;

namespace KubeCore.ApiServer;

/// <summary>Settings of the Kubernetes-compatible HTTP API.</summary>
public sealed class KubeApiServerOptions
{
    /// <summary>The address to listen on; loopback by default (a test double's convenience, never a public port).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (read it back from <see cref="KubeApiServer.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The version reported by <c>/version</c>. kubectl on many machines is a dispatcher that runs the kubectl build
    /// matching the server's minor version, so this decides which kubectl talks to the server.
    /// </summary>
    public string GitVersion { get; set; } = "v1.32.4";

    /// <summary>Serve HTTPS (see <see cref="KubeApiServerTlsOptions"/>); null (the default) serves plain HTTP.</summary>
    public KubeApiServerTlsOptions? Tls { get; set; }

    /// <summary>
    /// Authenticate every request (see <see cref="KubeAuthenticationOptions"/>) and authorize it with
    /// <see cref="Authorizer"/>. Null (the default) keeps the test double's convenience: no credentials needed, full access.
    /// </summary>
    public KubeAuthenticationOptions? Authentication { get; set; }

    /// <summary>
    /// Decides what authenticated users may do when <see cref="Authentication"/> is on; null uses an
    /// <see cref="RbacAuthorizer"/> over the cluster's Roles and bindings (and seeds kube-apiserver's bootstrap
    /// ClusterRoles). Members of <c>system:masters</c> are always allowed.
    /// </summary>
    public IKubeAuthorizer? Authorizer { get; set; }

    /// <summary>
    /// Fault injection for tests (null: none): requests matching a rule fail with a Kubernetes Status or are delayed
    /// on the cluster clock. <c>KubeCore.Testing</c>'s <c>TestCluster.Faults</c> sets it.
    /// </summary>
    public ApiFaults? Faults { get; set; }
}
