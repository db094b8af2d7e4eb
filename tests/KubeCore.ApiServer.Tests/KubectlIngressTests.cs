namespace KubeCore.ApiServer.Tests;

/// <summary><c>kubectl get ingress</c> against a cluster running the simulated ingress controller: CLASS, HOSTS, ADDRESS and PORTS.</summary>
public sealed class KubectlIngressTests : ApiServerTest
{
    protected override KubeClusterBuilder Configure(KubeClusterBuilder builder) => builder.UseIngressController();

    [Fact]
    public async Task Kubectl_shows_the_address_the_controller_publishes()
    {
        var k = Kubectl;
        var manifest = Path.Combine(KubectlDirectory, "ingress.yaml");
        File.WriteAllText(manifest, """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: hello}
            spec:
              ingressClassName: kubecore
              rules:
              - host: hello.example.com
                http:
                  paths:
                  - {path: /app1, pathType: Prefix, backend: {service: {name: app1, port: {number: 80}}}}
            """);
        Assert.Equal("ingress.networking.k8s.io/hello created\n", await k.OkAsync(["apply", "-f", manifest]));
        await k.OkAsync(["wait", "--for=jsonpath={.status.loadBalancer.ingress[0].ip}=127.0.0.1", "ingress/hello", "--timeout=30s"]);

        var table = await k.OkAsync("get ingress");
        Assert.Matches(@"^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\n", table);
        Assert.Matches(@"(?m)^hello\s+kubecore\s+hello\.example\.com\s+127\.0\.0\.1\s+80\s+\S+$", table);
        Assert.Matches(@"(?m)^kubecore\s+kubecore\.dev/ingress\s+<none>\s+\S+$", await k.OkAsync("get ingressclass --no-headers"));
        Assert.Equal(Cluster.GetIngressController().Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await k.OkAsync("get ingress hello -o jsonpath={.status.loadBalancer.ingress[0].ports[0].port}"));
    }

    [Fact]
    public async Task Kubectl_create_ingress_priorityclass_and_serviceaccount_send_protobuf_bodies_the_server_decodes()
    {
        var k = Kubectl;
        Assert.Equal("ingress.networking.k8s.io/web created\n", await k.OkAsync(["create", "ingress", "web", "--class=kubecore", "--rule=shop.example.com/api*=api:http"]));
        Assert.Equal("shop.example.com /api Prefix api http", await k.OkAsync(["get", "ingress", "web", "-o",
            "jsonpath={.spec.rules[0].host} {.spec.rules[0].http.paths[0].path} {.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].backend.service.name} {.spec.rules[0].http.paths[0].backend.service.port.name}"]));
        Assert.Equal("priorityclass.scheduling.k8s.io/batch created\n", await k.OkAsync(["create", "priorityclass", "batch", "--value=1000", "--description=batch jobs"]));
        Assert.Equal("1000", await k.OkAsync(["get", "priorityclass", "batch", "-o", "jsonpath={.value}"]));
        Assert.Equal("serviceaccount/builder created\n", await k.OkAsync(["create", "serviceaccount", "builder"]));
    }
}
