using System.Net;
using System.Net.Sockets;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>Node ports bound on 127.0.0.1, reached with a real socket as curl or a browser would.</summary>
public sealed class NodePortLoopbackTests : NetworkTest
{
    protected override void Configure(KubeClusterBuilder builder) => builder.ConfigureNetwork(n => n.ExposeNodePorts = true);

    [Fact]
    public async Task A_NodePort_Service_answers_on_127_0_0_1_and_spreads_new_connections_across_pods()
    {
        var port = FreeNodePort();
        await DeployHello(replicas: 2, nodePort: port, serviceExtra: """
              type: NodePort
              clusterIP: 10.96.0.80
            """);
        await WaitUntil(() => Network.ExposedNodePorts.Contains(port), "node port bound");

        // A new connection per request, like repeated curl calls.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false });
        var pods = new HashSet<string>();
        for (var i = 0; i < 4; i++) pods.Add((await http.GetStringAsync($"http://127.0.0.1:{port}/")).Split(' ')[2]);
        Assert.Equal(2, pods.Count);

        // Inside the cluster the same Service answers on any node's address and its node port.
        var node = (await Cluster.Client.Nodes().ListAsync()).Items[0].Status!.Addresses!.First(a => a.Type == "InternalIP").Address;
        using var inside = Network.CreateHttpClient();
        Assert.StartsWith("hello from hello-", await inside.GetStringAsync($"http://{node}:{port}/"), StringComparison.Ordinal);

        // Changing the Service to ClusterIP closes the host port.
        await Cluster.Client.Services("default").PatchAsync("hello", KubeCore.Api.PatchType.StrategicMergePatch, """{"spec":{"type":"ClusterIP"}}""");
        await WaitUntil(() => !Network.ExposedNodePorts.Contains(port), "node port released");
        using var refused = new TcpClient();
        var e = await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public async Task A_node_port_already_taken_on_the_host_is_reported_on_the_Service_not_a_crash()
    {
        // Only ports in the node-port range can be declared; find one and occupy it.
        var port = FreeNodePort();
        using var occupied = new TcpListener(IPAddress.Loopback, port);
        occupied.Start();

        await DeployHello(replicas: 1, nodePort: port, serviceExtra: """
              type: NodePort
              clusterIP: 10.96.0.81
            """);

        Event? found = null;
        await WaitUntil(async () =>
        {
            found = (await Cluster.Client.Events("default").ListAsync()).Items
                .FirstOrDefault(ev => ev.InvolvedObject.Name == "hello" && ev.Reason == "FailedToBindNodePort");
            return found is not null;
        }, "FailedToBindNodePort event");
        Assert.Equal("Warning", found!.Type);
        Assert.Contains($"127.0.0.1:{port}: bind: address already in use", found.Message, StringComparison.Ordinal);

        // Inside the cluster the Service works regardless.
        using var inside = Network.CreateHttpClient();
        Assert.StartsWith("hello from hello-", await inside.GetStringAsync("http://hello/"), StringComparison.Ordinal);
    }

    /// <summary>A port in the node-port range nothing on this host listens on.</summary>
    private static int FreeNodePort()
    {
        for (var port = 30000 + Random.Shared.Next(2000); port < 32767; port++)
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free port in the node-port range");
    }
}
