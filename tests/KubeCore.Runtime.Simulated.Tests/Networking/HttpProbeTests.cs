using KubeCore.Models;
using Microsoft.AspNetCore.Http;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>The kubelet's httpGet probes reach the port a workload serves, as a real kubelet's GET does.</summary>
public sealed class HttpProbeTests : NetworkTest
{
    [Fact]
    public async Task A_readiness_probe_GETs_the_served_port_and_follows_what_the_workload_answers()
    {
        var healthy = false;
        string? userAgent = null;
        Cluster.GetSimulatedRuntime().Options.Workloads.Map("app:v1", async ctx =>
        {
            ctx.ServeHttp(8080, http =>
            {
                userAgent = http.Request.Headers.UserAgent;
                http.Response.StatusCode = http.Request.Path == "/healthz" && !healthy ? 503 : 200;
                return Task.CompletedTask;
            });
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });
        await Apply("""
            apiVersion: v1
            kind: Pod
            metadata: {name: app}
            spec:
              containers:
              - name: app
                image: app:v1
                ports: [{name: http, containerPort: 8080}]
                readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 5}
            """);

        await Test.AdvanceAsync(TimeSpan.FromSeconds(20));
        var pod = await Cluster.Client.Pods("default").GetAsync("app");
        Assert.Equal("Running", pod.Status?.Phase);
        Assert.Contains(pod.Status!.Conditions!, c => c.Type == "Ready" && c.Status == "False");
        var events = (await Cluster.Client.Events("default").ListAsync()).Items;
        Assert.Contains(events, e => e.InvolvedObject.Name == "app" && e.Reason == "Unhealthy" && e.Message == "Readiness probe failed: HTTP probe failed with statuscode: 503");
        Assert.Equal("kube-probe/1.32", userAgent);

        healthy = true;
        await Test.WaitForConditionAsync<Pod>("app", "default", "Ready");
    }
}
