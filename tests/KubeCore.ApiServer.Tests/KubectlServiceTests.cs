namespace KubeCore.ApiServer.Tests;

/// <summary>
/// Service addresses through the real kubectl: node port and cluster IP conflicts answered with kube-apiserver's
/// words, re-applied manifests keeping their allocated ports, and <c>kubectl get svc</c>'s CLUSTER-IP, EXTERNAL-IP and
/// PORT(S) columns with the load balancer controller handing out external IPs.
/// </summary>
public sealed class KubectlServiceTests : ApiServerTest
{
    protected override KubeClusterBuilder Configure(KubeClusterBuilder builder) =>
        builder.AddBuiltInControllers(o => o.LoadBalancerAddressPool = "172.18.255.200");

    [Fact]
    public async Task Kubectl_sees_allocation_conflicts_and_the_service_columns()
    {
        var k = Kubectl;
        Assert.Equal("service/x created\n", await k.OkAsync("create service nodeport x --tcp=80:8080 --node-port=30007"));
        var (code, _, stderr) = await k.RunAsync("create service nodeport y --tcp=80:8080 --node-port=30007");
        Assert.NotEqual(0, code);
        Assert.Contains("Service \"y\" is invalid: spec.ports[0].nodePort: Invalid value: 30007: provided port is already allocated", stderr);

        var dns = Path.Combine(KubectlDirectory, "dns.yaml");
        File.WriteAllText(dns, Manifest("dns", "clusterIP: 10.96.0.10"));
        Assert.Equal("service/dns created\n", await k.OkAsync(["apply", "-f", dns]));
        var other = Path.Combine(KubectlDirectory, "other.yaml");
        File.WriteAllText(other, Manifest("other", "clusterIP: 10.96.0.10"));
        (code, _, stderr) = await k.RunAsync(["apply", "-f", other]);
        Assert.NotEqual(0, code);
        Assert.Contains("The Service \"other\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated", stderr);
        File.WriteAllText(other, Manifest("other", "clusterIP: 10.200.0.1"));
        (code, _, stderr) = await k.RunAsync(["apply", "-f", other]);
        Assert.Contains("failed to allocate IP 10.200.0.1: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12", stderr);

        // A NodePort manifest without a nodePort, applied twice: the allocated port stays and nothing changes.
        var web = Path.Combine(KubectlDirectory, "web.yaml");
        File.WriteAllText(web, Manifest("web", "type: NodePort"));
        Assert.Equal("service/web created\n", await k.OkAsync(["apply", "-f", web]));
        var port = await k.OkAsync("get svc web -o jsonpath={.spec.ports[0].nodePort}");
        Assert.Equal("service/web unchanged\n", await k.OkAsync(["apply", "-f", web]));
        Assert.Equal(port, await k.OkAsync("get svc web -o jsonpath={.spec.ports[0].nodePort}"));

        Assert.Equal("service/lb created\n", await k.OkAsync("create service loadbalancer lb --tcp=443:8443"));
        Assert.Equal("service/lb2 created\n", await k.OkAsync("create service loadbalancer lb2 --tcp=443:8443"));
        await Eventually(async () => await k.OkAsync("get svc lb -o jsonpath={.status.loadBalancer.ingress[0].ip}") == "172.18.255.200");

        var table = await k.OkAsync("get svc");
        Assert.Matches(@"^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n", table);
        Assert.Matches(@"(?m)^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443/TCP\s+\S+$", table);
        Assert.Matches(@"(?m)^x\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:30007/TCP\s+\S+$", table);
        Assert.Matches(@"(?m)^dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53/UDP\s+\S+$", table);
        Assert.Matches($@"(?m)^web\s+NodePort\s+\S+\s+<none>\s+53:{port}/UDP\s+\S+$", table);
        Assert.Matches(@"(?m)^lb\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+172\.18\.255\.200\s+443:3\d{4}/TCP\s+\S+$", table);
        Assert.Matches(@"(?m)^lb2\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+<pending>\s+443:3\d{4}/TCP\s+\S+$", table);
        Assert.Contains("no available IPs in the address pool 172.18.255.200", await k.OkAsync("get events --field-selector involvedObject.name=lb2"));
    }

    private static string Manifest(string name, string extra) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
        spec:
          {extra}
          selector:
            app: {name}
          ports:
          - port: 53
            protocol: UDP
            targetPort: 5353
        """;

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
