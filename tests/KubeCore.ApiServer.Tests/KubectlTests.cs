namespace KubeCore.ApiServer.Tests;

/// <summary>
/// The real kubectl (the machine's dispatcher picks kubectl 1.32 from the server's /version) against a cluster with
/// simulated nodes, the scheduler and the controllers, served over loopback by <c>kubecore serve</c>'s own code path.
/// </summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubecore-kubectl-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _serve;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        var kubeconfig = Path.Combine(_dir, "config");
        var started = new TaskCompletionSource();
        _serve = Task.Run(() => Cli.ServeCommand.RunAsync(new Cli.ServeCommand.ServeOptions(0, kubeconfig, 2, "4", "8Gi"), TextWriter.Null, _stop.Token, _ => started.TrySetResult()));
        await Task.WhenAny(started.Task, _serve);
        Assert.True(started.Task.IsCompleted, "kubecore serve did not start");
        _kubectl = new Kubectl(kubeconfig);
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        Assert.Equal(0, await _serve!);
        _kubectl.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
        """;

    [Fact]
    public async Task Apply_rollout_scale_set_image_and_undo_work_as_on_a_real_cluster()
    {
        Assert.Contains("v1.32", await _kubectl.OkAsync("version"));
        Assert.Contains("node-2", await _kubectl.OkAsync("get nodes -o name"));

        Assert.Contains("deployment.apps/web created", await _kubectl.OkAsync("apply -f -", Deployment));
        Assert.Contains("successfully rolled out", await _kubectl.OkAsync("rollout status deploy/web --timeout=60s"));
        var table = await _kubectl.OkAsync("get deploy,pods -o wide");
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR", table);
        Assert.Matches(@"deployment.apps/web\s+2/2\s+2\s+2\s+\S+\s+web\s+nginx:1.27\s+app=web", table);
        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES", table);
        Assert.Matches(@"pod/web-\S+\s+1/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+node-\d", table);
        Assert.Contains("deployment.apps/web unchanged", await _kubectl.OkAsync("apply -f -", Deployment));

        Assert.Contains("scaled", await _kubectl.OkAsync("scale deploy/web --replicas=3"));
        Assert.Contains("image updated", await _kubectl.OkAsync("set image deploy/web web=nginx:1.28"));
        Assert.Contains("successfully rolled out", await _kubectl.OkAsync("rollout status deploy/web --timeout=60s"));
        var pods = await _kubectl.OkAsync("get pods -l app=web -o jsonpath={.items[*].spec.containers[0].image}");
        Assert.Equal(3, pods.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(i => i == "nginx:1.28"));

        var history = await _kubectl.OkAsync("rollout history deploy/web");
        Assert.Contains("1 ", history);
        Assert.Contains("2 ", history);
        Assert.Contains("rolled back", await _kubectl.OkAsync("rollout undo deploy/web"));
        Assert.Contains("successfully rolled out", await _kubectl.OkAsync("rollout status deploy/web --timeout=60s"));
        // Undo re-used revision 1's ReplicaSet (now revision 3) rather than making a new one.
        Assert.Equal(2, (await _kubectl.OkAsync("get rs -l app=web -o name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("nginx:1.27", await _kubectl.OkAsync("get deploy web -o jsonpath={.spec.template.spec.containers[0].image}"));
    }

    [Fact]
    public async Task Errors_print_as_kubectl_prints_kube_apiserver_errors()
    {
        var (code, _, stderr) = await _kubectl.RunAsync("get pod nosuch");
        Assert.Equal(1, code);
        Assert.Contains("Error from server (NotFound): pods \"nosuch\" not found", stderr);

        await _kubectl.OkAsync("apply -f -", Deployment);
        var (dupCode, _, dup) = await _kubectl.RunAsync("create -f -", Deployment);
        Assert.Equal(1, dupCode);
        Assert.Contains("Error from server (AlreadyExists)", dup);

        var (badCode, badOut, bad) = await _kubectl.RunAsync("apply -f -", Deployment.Replace("replicas: 2", "replicas: -1"));
        Assert.True(badCode == 1, $"exit {badCode}: {badOut} {bad}");
        Assert.Contains("spec.replicas: Invalid value: -1", bad);

        var (unknownCode, _, unknown) = await _kubectl.RunAsync("apply -f -", Deployment.Replace("  replicas: 2", "  replicas: 2\n  colour: red"));
        Assert.Equal(1, unknownCode);
        Assert.Contains("unknown field \"spec.colour\"", unknown);
    }

    [Fact]
    public async Task Label_annotate_patch_delete_and_wait()
    {
        await _kubectl.OkAsync("apply -f -", Deployment);
        await _kubectl.OkAsync("label deploy web tier=fe");
        await _kubectl.OkAsync("annotate deploy web owner=team-a");
        await _kubectl.OkAsync(["patch", "deploy", "web", "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":1}]"""]);
        Assert.Equal("fe/team-a/1", await _kubectl.OkAsync("get deploy web -o jsonpath={.metadata.labels.tier}/{.metadata.annotations.owner}/{.spec.replicas}"));
        Assert.Contains("deleted", await _kubectl.OkAsync("delete deploy web --wait=true"));
        var (code, _, _) = await _kubectl.RunAsync("get deploy web");
        Assert.Equal(1, code);
        Assert.Contains("kube-system", await _kubectl.OkAsync("get namespaces -o name"));
        Assert.Contains("deployments", await _kubectl.OkAsync("api-resources"));
    }
}
