using KubeCore.Manifests;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Networking;
using KubeCore.Testing;
using Microsoft.AspNetCore.Http;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>
/// A <see cref="TestCluster"/> with two nodes and the built-in controllers (so Services get EndpointSlices), plus an
/// in-process "hello" workload that answers with its pod name and version.
/// </summary>
public abstract class NetworkTest : IAsyncLifetime
{
    protected TestCluster Test { get; private set; } = null!;
    protected KubeCluster Cluster => Test.Cluster;
    protected ClusterNetwork Network => Cluster.GetClusterNetwork();

    /// <summary>Override to configure the cluster builder (e.g. the network's options).</summary>
    protected virtual void Configure(KubeClusterBuilder builder) { }

    public async Task InitializeAsync()
    {
        Test = await TestCluster.StartAsync(o => { o.Nodes = 2; o.Controllers = true; o.Configure = Configure; });
        var workloads = Cluster.GetSimulatedRuntime().Options.Workloads;
        foreach (var version in new[] { "v1", "v2" })
            workloads.Map("hello:" + version, async ctx =>
            {
                ctx.ServeHttp(8080, http => http.Response.WriteAsync($"hello from {ctx.PodName} {version}\n"));
                await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                return 0;
            });
    }

    public async Task DisposeAsync() => await Test.DisposeAsync();

    /// <summary>Applies YAML manifests.</summary>
    protected Task Apply(string yaml) => Cluster.Client.ApplyAsync(ManifestReader.Default.LoadString(yaml));

    /// <summary>A Deployment of the hello workload and a Service in front of it.</summary>
    protected async Task DeployHello(int replicas = 2, string serviceExtra = "", string version = "v1", string name = "hello", int? nodePort = null)
    {
        await Apply($$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{{name}}}}
            spec:
              replicas: {{{replicas}}}
              selector: {matchLabels: {app: {{{name}}}}}
              template:
                metadata: {labels: {app: {{{name}}}}}
                spec:
                  containers:
                  - name: web
                    image: hello:{{{version}}}
                    ports: [{name: http, containerPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: {{{name}}}}
            spec:
              selector: {app: {{{name}}}}
              ports: [{port: 80, targetPort: http{{{(nodePort is null ? "" : ", nodePort: " + nodePort)}}}}]
            {{{serviceExtra}}}
            """);
        await ReadyEndpoints(name, replicas);
    }

    /// <summary>Waits (advancing virtual time) until the service proxy routes to <paramref name="count"/> ready endpoints of the Service and its name resolves.</summary>
    protected Task ReadyEndpoints(string service, int count) =>
        // The proxy's table and the DNS follow the same informers, each at its own pace.
        WaitUntil(async () => (await Network.GetEndpointsAsync("default", service)).Count == count
            && (await Network.GetDnsAsync()).ResolveAddresses(service, "default").Count > 0, $"service {service} to have {count} ready endpoints");

    /// <summary>Waits until the condition holds, letting the cluster settle (and virtual time pass) between checks; fails after a bound.</summary>
    protected Task WaitUntil(Func<bool> condition, string what) => WaitUntil(() => Task.FromResult(condition()), what);

    /// <summary>Waits until the condition holds, letting the cluster settle (and virtual time pass) between checks; fails after a bound.</summary>
    protected async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition()) return;
            await Test.AdvanceAsync(TimeSpan.FromSeconds(1));
        }
        Assert.Fail("timed out waiting for " + what);
    }
}
