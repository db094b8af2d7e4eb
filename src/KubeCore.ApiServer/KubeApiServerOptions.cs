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

    /// <summary>
    /// Fault injection for tests (null: none): requests matching a rule fail with a Kubernetes Status or are delayed
    /// on the cluster clock. <c>KubeCore.Testing</c>'s <c>TestCluster.Faults</c> sets it.
    /// </summary>
    public ApiFaults? Faults { get; set; }
}
