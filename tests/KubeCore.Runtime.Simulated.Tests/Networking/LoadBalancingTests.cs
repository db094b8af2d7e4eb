using System.Net;
using System.Text;
using KubeCore.Runtime.Simulated.Networking;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

public sealed class LoadBalancingTests : NetworkTest
{
    private static string PodOf(string answer) => answer.Split(' ')[2];

    [Fact]
    public async Task ClientIP_session_affinity_keeps_a_client_on_one_pod_until_its_timeout()
    {
        await DeployHello(replicas: 3, serviceExtra: """
              clusterIP: 10.96.0.70
              sessionAffinity: ClientIP
              sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}
            """);
        using var alice = Network.CreateHttpClient(IPAddress.Parse("10.244.9.1"));
        using var bob = Network.CreateHttpClient(IPAddress.Parse("10.244.9.2"));

        var alicePods = new HashSet<string>();
        var bobPods = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            alicePods.Add(PodOf(await alice.GetStringAsync("http://hello/")));
            bobPods.Add(PodOf(await bob.GetStringAsync("http://hello/")));
        }
        Assert.Single(alicePods);
        Assert.Single(bobPods);
        Assert.NotEqual(alicePods.Single(), bobPods.Single()); // round-robin gave the second client the next pod

        // Past the timeout the client is balanced afresh: round-robin moves it on.
        Test.Advance(TimeSpan.FromSeconds(61));
        var after = PodOf(await alice.GetStringAsync("http://hello/"));
        Assert.NotEqual(alicePods.Single(), after);
    }

    [Fact]
    public async Task Least_connections_sends_a_new_connection_to_the_pod_with_fewest_open_ones()
    {
        await DeployHello(replicas: 2, serviceExtra: """
              clusterIP: 10.96.0.71
            """);
        await Cluster.Client.Services("default").PatchAsync("hello", KubeCore.Api.PatchType.MergePatch,
            """{"metadata":{"annotations":{"kubecore.dev/load-balancing":"least-connections"}}}""");
        await Test.WaitForAsync<KubeCore.Models.Service>("hello", "default", s => s.Metadata.Annotations?.ContainsKey(ClusterNetworkOptions.LoadBalancingAnnotation) == true);
        // The proxy reads Services from an informer: wait until it has seen the annotation.
        await WaitUntil(() => Cluster.Informers.GetInformer<KubeCore.Models.Service>().Lister.Get("default", "hello")?.Metadata.Annotations?.ContainsKey(ClusterNetworkOptions.LoadBalancingAnnotation) == true,
            "the annotation to reach the proxy");

        // Two kept-alive connections from one client each hold a pod; a request on a third connection goes to the pod
        // whose connection we close.
        using var keepA = Network.CreateHttpClient(reuseConnections: true);
        var podA = PodOf(await keepA.GetStringAsync("http://hello/"));
        using var keepB = Network.CreateHttpClient(reuseConnections: true);
        var podB = PodOf(await keepB.GetStringAsync("http://hello/"));
        Assert.NotEqual(podA, podB);
        keepA.Dispose();

        var fresh = new List<string>();
        using var http = Network.CreateHttpClient();
        for (var i = 0; i < 3; i++) fresh.Add(PodOf(await http.GetStringAsync("http://hello/")));
        Assert.All(fresh, p => Assert.Equal(podA, p));
    }

    [Fact]
    public async Task A_kept_alive_connection_stays_on_its_pod_as_through_kube_proxy()
    {
        await DeployHello(replicas: 2, serviceExtra: "  clusterIP: 10.96.0.72");
        using var http = Network.CreateHttpClient(reuseConnections: true);

        var pods = new HashSet<string>();
        for (var i = 0; i < 4; i++) pods.Add(PodOf(await http.GetStringAsync("http://hello/")));
        Assert.Single(pods);
    }

    [Fact]
    public async Task Plain_TCP_reaches_a_workload_through_its_Service()
    {
        Cluster.GetSimulatedRuntime().Options.Workloads.Map("echo:v1", async ctx =>
        {
            ctx.ServeTcp(7000, async (connection, ct) =>
            {
                await using var _ = connection;
                var greeting = Encoding.UTF8.GetBytes($"{ctx.PodName} ready\n");
                await connection.WriteAsync(greeting, ct);
                var buffer = new byte[256];
                int n;
                while ((n = await connection.ReadAsync(buffer, ct)) > 0) await connection.WriteAsync(buffer.AsMemory(0, n), ct);
            });
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });
        await Apply("""
            apiVersion: v1
            kind: Pod
            metadata: {name: echo, labels: {app: echo}}
            spec:
              containers: [{name: echo, image: "echo:v1", ports: [{name: tcp-echo, containerPort: 7000}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: echo}
            spec:
              clusterIP: 10.96.0.73
              selector: {app: echo}
              ports: [{port: 7, targetPort: tcp-echo}]
            """);
        await ReadyEndpoints("echo", 1);

        await using var connection = await Network.ConnectAsync("echo.default.svc.cluster.local", 7);
        using var reader = new StreamReader(connection, Encoding.UTF8, false, 256, leaveOpen: true);
        Assert.Equal("echo ready", await reader.ReadLineAsync());
        await connection.WriteAsync(Encoding.UTF8.GetBytes("ping\n"));
        Assert.Equal("ping", await reader.ReadLineAsync());
    }
}
