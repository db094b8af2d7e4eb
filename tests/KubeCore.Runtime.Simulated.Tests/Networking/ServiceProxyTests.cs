using System.Net;
using System.Net.Sockets;
using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

public sealed class ServiceProxyTests : NetworkTest
{
    [Fact]
    public async Task Requests_to_a_Service_name_are_spread_round_robin_across_its_ready_pods()
    {
        await DeployHello(replicas: 2, serviceExtra: "  clusterIP: 10.96.0.50");
        using var http = Network.CreateHttpClient();

        var answers = new List<string>();
        for (var i = 0; i < 6; i++) answers.Add(await http.GetStringAsync("http://hello/"));

        var pods = answers.Select(a => a.Split(' ')[2]).ToList();
        Assert.Equal(2, pods.Distinct().Count());
        // Round-robin: strictly alternating.
        for (var i = 2; i < pods.Count; i++) Assert.Equal(pods[i - 2], pods[i]);
        Assert.All(answers, a => Assert.EndsWith(" v1\n", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_name_form_and_the_ClusterIP_reach_the_Service()
    {
        await DeployHello(replicas: 1, serviceExtra: "  clusterIP: 10.96.0.51");
        using var http = Network.CreateHttpClient();

        foreach (var url in new[] { "http://hello/", "http://hello.default/", "http://hello.default.svc/", "http://hello.default.svc.cluster.local/", "http://hello.default.svc.cluster.local./", "http://10.96.0.51/" })
            Assert.StartsWith("hello from hello-", await http.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Service_without_ready_endpoints_refuses_the_connection()
    {
        await Apply("""
            apiVersion: v1
            kind: Service
            metadata: {name: nobody}
            spec:
              clusterIP: 10.96.0.52
              selector: {app: nobody}
              ports: [{port: 80}]
            """);
        var dns = await Network.GetDnsAsync();
        await WaitUntil(() => dns.ResolveAddresses("nobody", "default").Count == 1, "nobody to resolve");
        using var http = Network.CreateHttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("http://nobody/"));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(e.InnerException).SocketErrorCode);
        var unknown = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("http://no-such-service/"));
        Assert.Equal(SocketError.HostNotFound, Assert.IsType<SocketException>(unknown.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task A_container_without_a_workload_answers_with_the_default_responder()
    {
        await Apply("""
            apiVersion: v1
            kind: Pod
            metadata: {name: plain, labels: {app: plain}}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                ports: [{containerPort: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: plain}
            spec:
              clusterIP: 10.96.0.53
              selector: {app: plain}
              ports: [{port: 8000, targetPort: 80}]
            """);
        await ReadyEndpoints("plain", 1);
        using var http = Network.CreateHttpClient();

        var body = await http.GetStringAsync("http://plain:8000/some/path?x=1");
        Assert.Contains("pod: default/plain\n", body, StringComparison.Ordinal);
        Assert.Contains("container: nginx\n", body, StringComparison.Ordinal);
        Assert.Contains("image: nginx:1.27\n", body, StringComparison.Ordinal);
        Assert.Contains("request: GET /some/path?x=1\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_headless_Service_name_resolves_to_its_pods_and_an_ExternalName_follows_its_CNAME()
    {
        await DeployHello(replicas: 2, serviceExtra: "  clusterIP: 10.96.0.54");
        await Apply("""
            apiVersion: v1
            kind: Service
            metadata: {name: hello-pods}
            spec:
              clusterIP: None
              selector: {app: hello}
              ports: [{name: http, port: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: hello-alias}
            spec:
              type: ExternalName
              externalName: hello.default.svc.cluster.local
            """);
        var dns = await Network.GetDnsAsync();
        await WaitUntil(() => dns.ResolveAddresses("hello-pods", "default").Count == 2, "hello-pods to resolve to both pods");
        using var http = Network.CreateHttpClient();

        // No virtual IP: the client connects to a pod IP on the pod's port; the answers rotate like CoreDNS's loadbalance.
        var pods = new HashSet<string>();
        for (var i = 0; i < 4; i++) pods.Add((await http.GetStringAsync("http://hello-pods:8080/")).Split(' ')[2]);
        Assert.Equal(2, pods.Count);

        await WaitUntil(() => dns.ResolveAddresses("hello-alias", "default").Count > 0, "hello-alias to resolve");
        Assert.StartsWith("hello from hello-", await http.GetStringAsync("http://hello-alias/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_LoadBalancer_Service_answers_on_its_external_address_and_its_node_port()
    {
        await DeployHello(replicas: 2, serviceExtra: "  type: LoadBalancer");
        var lb = await Test.WaitForAsync<Service>("hello", "default", s => s.Status?.LoadBalancer?.Ingress is { Count: > 0 });
        var address = lb.Status!.LoadBalancer!.Ingress![0].Ip!;
        var nodePort = lb.Spec!.Ports![0].NodePort!.Value;
        Assert.StartsWith("172.18.255.", address, StringComparison.Ordinal);
        Assert.InRange(nodePort, 30000, 32767);
        await WaitUntil(async () => (await Network.GetEndpointsAsync("default", "hello")).Count == 2, "two ready endpoints");
        using var http = Network.CreateHttpClient();

        var pods = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            for (var tries = 0; ; tries++)
            {
                try { pods.Add((await http.GetStringAsync($"http://{address}/")).Split(' ')[2]); break; }
                catch (HttpRequestException) when (tries < 100) { await Test.AdvanceAsync(TimeSpan.Zero); } // the proxy sees the status a moment later
            }
        }
        Assert.Equal(2, pods.Count);
        var node = (await Cluster.Client.Nodes().ListAsync()).Items[^1].Status!.Addresses!.First(a => a.Type == "InternalIP").Address;
        Assert.StartsWith("hello from hello-", await http.GetStringAsync($"http://{node}:{nodePort}/"), StringComparison.Ordinal);
    }
}
