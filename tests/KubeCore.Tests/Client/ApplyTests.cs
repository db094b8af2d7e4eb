using KubeCore.Manifests;
using KubeCore.Models;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.Client;

public class ApplyTests : ClusterTest
{
    private const string Manifests = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: 2
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
              containers:
                - name: hello
                  image: hello-k8s:v1
                  ports: [{ containerPort: 8080, name: http }]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          type: NodePort
          selector: { app: web }
          ports: [{ port: 80, targetPort: http }]
        """;

    [Fact]
    public async Task Applying_manifests_creates_objects_with_Kubernetes_defaults()
    {
        var applied = await Client.ApplyAsync(ManifestReader.Default.LoadString(Manifests, "k8s.yaml"));

        Assert.Equal(["Namespace", "Deployment", "Service"], applied.Select(o => o.Kind));
        var web = await Client.Deployments("shop").GetAsync("web");
        Assert.Equal("RollingUpdate", web.Spec!.Strategy!.Type);
        Assert.Equal("25%", web.Spec.Strategy.RollingUpdate!.MaxSurge!.Value.StringValue);
        Assert.Equal(10, web.Spec.RevisionHistoryLimit);
        Assert.Equal(600, web.Spec.ProgressDeadlineSeconds);
        var container = web.Spec.Template!.Spec!.Containers![0];
        Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        Assert.Equal("TCP", container.Ports![0].Protocol);
        Assert.Equal("Always", web.Spec.Template.Spec.RestartPolicy);
        var svc = await Client.Services("shop").GetAsync("web");
        Assert.Equal("http", svc.Spec!.Ports![0].TargetPort!.Value.StringValue);
        Assert.Equal("TCP", svc.Spec.Ports[0].Protocol);
    }

    [Fact]
    public async Task Applying_again_updates_in_place_and_bumps_generation_only_for_spec_changes()
    {
        await Client.ApplyAsync(ManifestReader.Default.LoadString(Manifests, "k8s.yaml"));
        var first = await Client.Deployments("shop").GetAsync("web");

        await Client.ApplyAsync(ManifestReader.Default.LoadString(Manifests, "k8s.yaml"));
        Assert.Equal(first.Metadata.Generation, (await Client.Deployments("shop").GetAsync("web")).Metadata.Generation);

        await Client.ApplyAsync(ManifestReader.Default.LoadString(Manifests.Replace("hello-k8s:v1", "hello-k8s:v2"), "k8s.yaml"));
        var second = await Client.Deployments("shop").GetAsync("web");
        Assert.Equal(first.Metadata.Generation + 1, second.Metadata.Generation);
        Assert.Equal(first.Metadata.Uid, second.Metadata.Uid);
    }
}
