using System.Text.Json;
using System.Text.RegularExpressions;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// The real kubectl against <c>kubecore serve</c>: seed 004's walk-through (apply a folder, get pods and services, delete a
/// pod and watch the ReplicaSet replace it), apply's create/update/prune-a-container cycle, and what <c>get</c> and
/// <c>describe</c> print, checked against kubectl's output on a real cluster.
/// </summary>
public sealed partial class KubectlWalkthroughTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private Kubectl K => serve.Kubectl;

    private static string Deployment(string name, int replicas, string image, string? sidecar = null) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
              - name: {{name}}
                image: {{image}}
                ports:
                - containerPort: 5000
        """ + (sidecar is null ? "\n" : $$"""

              - name: {{sidecar}}
                image: busybox:1.36

        """);

    private static string Service(string name, string type, string ports) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
        spec:
          type: {{type}}
          selector:
            app: {{name.Replace("-service", "")}}
          ports:
          - {{ports}}

        """;

    private static string[] Rows(string table) => table.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];

    [Fact]
    public async Task Seed_004_apply_get_pods_and_svc_delete_a_pod_and_watch_it_come_back()
    {
        var k8s = serve.Folder("hello-k8s",
            ("deployment.yaml", Deployment("hello-k8s", 2, "hello-k8s:v1")),
            ("service.yaml", Service("hello-k8s-service", "NodePort", "{port: 80, targetPort: 5000, nodePort: 30007}")));
        Assert.Equal("deployment.apps/hello-k8s created\nservice/hello-k8s-service created\n", await K.OkAsync(["apply", "-f", k8s]));
        await K.OkAsync("rollout status deployment/hello-k8s --timeout=60s");

        var pods = await K.OkAsync("get pods");
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n", pods);
        var rows = Rows(pods);
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Matches(@"^hello-k8s-[a-z0-9]+-[a-z0-9]{5}\s+1/1\s+Running\s+0\s+\d+s$", r));

        var svc = await K.OkAsync("get svc");
        Assert.Matches(@"^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n", svc);
        // CLUSTER-IP is <none> until Service IP allocation (issue 5) is built.
        Assert.Matches(@"\nhello-k8s-service\s+NodePort\s+\S+\s+<none>\s+80:30007/TCP\s+\d+s\n", svc);

        // The browser step: http://localhost:30007/ answers from the pods, a new connection (like each curl) balanced anew.
        var answers = await HelloAnswersAsync(30007, 6);
        Assert.All(answers, a => Assert.Matches(@"^Hello from Kubernetes! \(pod hello-k8s-\S+, v1\)$", a));
        Assert.Equal(2, answers.Distinct().Count());

        var names = rows.Select(r => r.Split(' ')[0]).ToArray();
        await using var watch = K.Start("get", "pods", "-w");
        foreach (var name in names) await watch.WaitForLineAsync(l => l.StartsWith(name + " ", StringComparison.Ordinal), name);
        Assert.Equal($"pod \"{names[1]}\" deleted\n", await K.OkAsync("delete pod " + names[1]));
        var replacement = await watch.WaitForLineAsync(
            l => Regex.IsMatch(l, @"^hello-k8s-\S+\s+1/1\s+Running\s") && !names.Contains(l.Split(' ')[0]), "a new pod Running");
        var newName = replacement.Split(' ')[0];
        Assert.Contains(watch.Lines, l => l.StartsWith(names[1] + " ", StringComparison.Ordinal) && l.Contains("Terminating", StringComparison.Ordinal));

        var after = Rows(await K.OkAsync("get pods")).Select(r => r.Split(' ')[0]).Order().ToArray();
        Assert.Equal(new[] { names[0], newName }.Order(), after);
    }

    [Fact]
    public async Task Apply_a_folder_creates_updates_removes_a_container_and_delete_f_removes_it_all()
    {
        await K.OkAsync("create namespace apply");
        var dir = serve.Folder("apply",
            ("a-deploy.yaml", Deployment("web", 2, "web:v1", sidecar: "log-shipper")),
            ("b-svc.yaml", Service("web", "ClusterIP", "{port: 80, targetPort: 5000}")));
        Assert.Equal("deployment.apps/web created\nservice/web created\n", await K.OkAsync(["apply", "-n", "apply", "-f", dir]));
        await K.OkAsync("rollout status deploy/web -n apply --timeout=60s");
        Assert.Equal("web log-shipper", await K.OkAsync("get pods -n apply -o jsonpath={.items[0].spec.containers[*].name}"));
        Assert.Equal("deployment.apps/web unchanged\nservice/web unchanged\n", await K.OkAsync(["apply", "-n", "apply", "-f", dir]));

        // Re-apply without the sidecar and with 3 replicas: the three-way merge removes the container.
        File.WriteAllText(Path.Combine(dir, "a-deploy.yaml"), Deployment("web", 3, "web:v1"));
        Assert.Equal("deployment.apps/web configured\nservice/web unchanged\n", await K.OkAsync(["apply", "-n", "apply", "-f", dir]));
        await K.OkAsync("rollout status deploy/web -n apply --timeout=60s");
        Assert.Equal("web", await K.OkAsync("get deploy web -n apply -o jsonpath={.spec.template.spec.containers[*].name}"));
        var pods = Rows(await K.OkAsync("get pods -n apply"));
        Assert.Equal(3, pods.Length);
        Assert.All(pods, p => Assert.Matches(@"^web-\S+\s+1/1\s+Running\s", p));
        Assert.Equal("2", await K.OkAsync("get deploy web -n apply -o jsonpath={.metadata.generation}"));

        Assert.Equal("deployment.apps \"web\" deleted\nservice \"web\" deleted\n", await K.OkAsync(["delete", "-n", "apply", "-f", dir, "--wait"]));
        var (code, _, stderr) = await K.RunAsync("get deploy,svc -n apply");
        Assert.Equal((0, "No resources found in apply namespace."), (code, stderr.Trim()));
    }

    [Fact]
    public async Task Get_prints_tables_yaml_json_across_namespaces_with_selectors_and_sorting()
    {
        Assert.Equal("namespace/gets created\n", await K.OkAsync("create namespace gets"));
        await K.OkAsync("apply -n gets -f -", Deployment("web", 2, "nginx:1.27") + "---\n" + Service("web", "ClusterIP", "{port: 80, targetPort: 5000}"));
        Assert.Equal("deployment.apps/zeta created\n", await K.OkAsync("create deployment zeta --image=zeta:v1 --replicas=1 -n gets"));
        await K.OkAsync("rollout status deploy/web -n gets --timeout=60s");
        await K.OkAsync("rollout status deploy/zeta -n gets --timeout=60s");

        var yaml = await K.OkAsync("get deploy web -n gets -o yaml");
        Assert.StartsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n", yaml);
        Assert.Contains("\n  name: web\n  namespace: gets\n", yaml);
        Assert.Matches(@"\nspec:\n(  .*\n)*  replicas: 2\n", yaml);
        Assert.Matches(@"\nstatus:\n(  .*\n)*  availableReplicas: 2\n", yaml);

        using (var list = JsonDocument.Parse(await K.OkAsync("get pods -n gets -l app=web -o json")))
        {
            Assert.Equal("List", list.RootElement.GetProperty("kind").GetString());
            var items = list.RootElement.GetProperty("items").EnumerateArray().ToArray();
            Assert.Equal(2, items.Length);
            Assert.All(items, i => Assert.Equal("Running", i.GetProperty("status").GetProperty("phase").GetString()));
            Assert.All(items, i => Assert.Matches("^node-[123]$", i.GetProperty("spec").GetProperty("nodeName").GetString()));
        }
        using (var svc = JsonDocument.Parse(await K.OkAsync("get svc web -n gets -o json")))
        {
            Assert.Equal("Service", svc.RootElement.GetProperty("kind").GetString());
            Assert.Equal(5000, svc.RootElement.GetProperty("spec").GetProperty("ports")[0].GetProperty("targetPort").GetInt32());
        }

        var nodes = await K.OkAsync("get nodes");
        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n", nodes);
        Assert.Equal(3, Rows(nodes).Count(r => Regex.IsMatch(r, @"^node-[123]\s+Ready\s+<none>\s+\S+\s+v1\.32\.\d+$")));
        var ns = await K.OkAsync("get ns");
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease", "gets" })
            Assert.Matches($@"\n{name}\s+Active\s+\S+\n", ns);

        var events = await K.OkAsync("get events -n gets");
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n", events);
        Assert.Matches(@"\n\S+\s+Normal\s+ScalingReplicaSet\s+deployment/web\s+Scaled up replica set web-\S+ from 0 to 2\n", events);
        Assert.Matches(@"\n\S+\s+Normal\s+Scheduled\s+pod/web-\S+\s+Successfully assigned gets/web-\S+ to node-[123]\n", events);
        Assert.Matches(@"\n\S+\s+Normal\s+Started\s+pod/web-\S+\s+Started container web\n", events);

        var all = await K.OkAsync("get all -n gets");
        Assert.Matches(@"\npod/web-\S+\s+1/1\s+Running\s", "\n" + all);
        Assert.Matches(@"\nservice/web\s+ClusterIP\s", all);
        Assert.Matches(@"\ndeployment\.apps/web\s+2/2\s+2\s+2\s", all);
        Assert.Matches(@"\nreplicaset\.apps/web-\S+\s+2\s+2\s+2\s", all);

        var everywhere = await K.OkAsync("get pods -A");
        Assert.Matches(@"^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n", everywhere);
        Assert.Matches(@"\ngets\s+zeta-\S+\s+1/1\s+Running\s", everywhere);
        Assert.Equal(2, Rows(await K.OkAsync("get pods -n gets -l app=web")).Length);
        Assert.Single(Rows(await K.OkAsync("get pods -n gets -l app!=web")));
        var (code, stdout, stderr) = await K.RunAsync("get pods -n gets -l app=nope");
        Assert.Equal((0, "", "No resources found in gets namespace."), (code, stdout, stderr.Trim()));

        // By name zeta lists after web; by replicas (1 < 2) before it.
        Assert.Equal("deployment.apps/web\ndeployment.apps/zeta\n", await K.OkAsync("get deploy -n gets -o name"));
        Assert.Equal("deployment.apps/zeta\ndeployment.apps/web\n", await K.OkAsync("get deploy -n gets -o name --sort-by=.spec.replicas"));
    }

    [Fact]
    public async Task Describe_pod_deployment_node_and_service()
    {
        await K.OkAsync("create namespace desc");
        await K.OkAsync("apply -n desc -f -", Deployment("web", 2, "described:v1") + "---\n" + Service("web", "ClusterIP", "{port: 80, targetPort: 5000}"));
        await K.OkAsync("rollout status deploy/web -n desc --timeout=60s");
        var podName = (await K.OkAsync("get pods -n desc -o name")).Split('\n')[0];

        var pod = await K.OkAsync($"describe {podName} -n desc");
        Assert.Matches(@"(?m)^Name:\s+web-\S+$", pod);
        Assert.Matches(@"(?m)^Namespace:\s+desc$", pod);
        Assert.Matches(@"(?m)^Node:\s+node-[123]/10\.\d+\.\d+\.\d+$", pod);
        Assert.Matches(@"(?m)^Status:\s+Running$", pod);
        Assert.Matches(@"(?m)^IP:\s+10\.244\.\d+\.\d+$", pod);
        Assert.Matches(@"(?m)^Controlled By:\s+ReplicaSet/web-\S+$", pod);
        Assert.Matches(@"(?m)^Containers:\n  web:\n", pod);
        Assert.Matches(@"(?m)^    Image:\s+described:v1$", pod);
        Assert.Matches(@"(?m)^    Port:\s+5000/TCP$", pod);
        Assert.Matches(@"(?m)^    State:\s+Running$", pod);
        Assert.Matches(@"(?m)^  Ready\s+True\s*$", pod);
        Assert.Matches(@"(?m)^QoS Class:\s+BestEffort$", pod);
        Assert.Matches(@"(?m)^  Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned desc/web-\S+ to node-[123]$", pod);
        Assert.Matches(@"(?m)^  Normal\s+Pulling\s+\S+\s+kubelet\s+Pulling image ""described:v1""$", pod);
        Assert.Matches(@"(?m)^  Normal\s+Started\s+\S+\s+kubelet\s+Started container web$", pod);

        var deploy = await K.OkAsync("describe deploy web -n desc");
        Assert.Matches(@"(?m)^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$", deploy);
        Assert.Matches(@"(?m)^StrategyType:\s+RollingUpdate$", deploy);
        Assert.Matches(@"(?m)^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$", deploy);
        Assert.Matches(@"(?m)^  Available\s+True\s+MinimumReplicasAvailable$", deploy);
        Assert.Matches(@"(?m)^  Progressing\s+True\s+NewReplicaSetAvailable$", deploy);
        Assert.Matches(@"(?m)^NewReplicaSet:\s+web-\S+ \(2/2 replicas created\)$", deploy);
        Assert.Matches(@"(?m)^  Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\S+ from 0 to 2$", deploy);

        var node = await K.OkAsync("describe node node-1");
        Assert.Matches(@"(?m)^Name:\s+node-1$", node);
        Assert.Matches(@"(?m)^  Ready\s+True\s", node);
        Assert.Matches(@"(?m)^Capacity:\n(  .*\n)*  cpu:\s+4\n", node);
        Assert.Matches(@"(?m)^  memory:\s+8Gi$", node);
        Assert.Matches(@"(?m)^Non-terminated Pods:\s+\(\d+ in total\)$", node);
        Assert.Matches(@"(?m)^Allocated resources:$", node);

        var svc = await K.OkAsync("describe svc web -n desc");
        Assert.Matches(@"(?m)^Name:\s+web$", svc);
        Assert.Matches(@"(?m)^Selector:\s+app=web$", svc);
        Assert.Matches(@"(?m)^Type:\s+ClusterIP$", svc);
        Assert.Matches(@"(?m)^Port:\s+<unset>\s+80/TCP$", svc);
        Assert.Matches(@"(?m)^TargetPort:\s+5000/TCP$", svc);
        Assert.Matches(@"(?m)^Session Affinity:\s+None$", svc);
        // The endpoints kubectl reads from the EndpointSlices once both pods are ready.
        Assert.Matches(@"(?m)^Endpoints:\s+10\.244\.\d+\.\d+:5000,10\.244\.\d+\.\d+:5000$", await EventuallyAsync(
            () => K.OkAsync("describe svc web -n desc"), d => Regex.IsMatch(d, @"(?m)^Endpoints:\s+\S+,\S+$")));
    }

    /// <summary>GETs http://127.0.0.1:<paramref name="port"/>/ <paramref name="count"/> times, each on a new connection (retrying while the endpoints catch up).</summary>
    private static async Task<List<string>> HelloAnswersAsync(int port, int count)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false });
        var answers = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (answers.Count < count)
        {
            try { answers.Add((await http.GetStringAsync($"http://127.0.0.1:{port}/")).TrimEnd()); }
            catch (HttpRequestException) when (answers.Count == 0 && DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
        return answers;
    }

    /// <summary>Runs <paramref name="get"/> until <paramref name="done"/> holds (real kubectl against a real-time server; 30 s deadline).</summary>
    private static async Task<string> EventuallyAsync(Func<Task<string>> get, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await get();
            if (done(result) || DateTime.UtcNow > deadline) return result;
            await Task.Delay(200);
        }
    }
}
