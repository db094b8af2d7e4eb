using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeCore.Testing;

namespace KubeCore.ApiServer.Tests;

/// <summary>The Testing package as a user's test would use it.</summary>
public sealed class TestClusterTests
{
    [Fact]
    public async Task The_official_client_works_in_process_with_kube_apiserver_errors()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();

        var created = await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), created.Metadata.CreationTimestamp); // the virtual clock
        Assert.Equal("1", (await k8s.CoreV1.ReadNamespacedConfigMapAsync("settings", "default")).Data["a"]);
        var patched = await k8s.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"2"}}""", V1Patch.PatchType.MergePatch), "settings", "default");
        Assert.Equal("2", patched.Data["a"]);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => k8s.CoreV1.ReadNamespacedSecretAsync("nope", "default"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);

        // The in-process API and the client see the same state.
        Assert.Equal("2", (await cluster.Client.Resource<Models.ConfigMap>("default").GetAsync("settings")).Data!["a"]);
    }

    [Fact]
    public async Task Watches_stream_in_process()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new TaskCompletionSource<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in k8s.CoreV1.WatchListNamespacedSecretAsync("default", cancellationToken: cts.Token))
                if (type == WatchEventType.Added) { seen.TrySetResult(item.Metadata.Name); break; }
        });
        await k8s.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "token" }, StringData = new Dictionary<string, string> { ["t"] = "x" } }, "default");
        Assert.Equal("token", await seen.Task.WaitAsync(cts.Token));
        await watching.WaitAsync(cts.Token);
    }

    [Fact]
    public async Task A_deployment_runs_on_simulated_nodes_on_the_virtual_clock()
    {
        await using var cluster = await TestCluster.StartAsync(o => { o.Nodes = 2; o.Controllers = true; });
        var k8s = cluster.CreateKubernetesClient();
        await k8s.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] },
                },
            },
        }, "default");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = new HashSet<string>();
        await foreach (var (type, pod) in k8s.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: cts.Token))
        {
            if (pod.Status?.Phase == "Running") running.Add(pod.Metadata.Name);
            if (running.Count == 2) break;
        }
        V1Deployment? available = null;
        await foreach (var (_, d) in k8s.AppsV1.WatchListNamespacedDeploymentAsync("default", fieldSelector: "metadata.name=web", cancellationToken: cts.Token))
            if (d.Status?.AvailableReplicas == 2) { available = d; break; }
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), available!.Metadata.CreationTimestamp);

        var pods = await k8s.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web");
        Assert.All(pods.Items, p => Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), p.Status.StartTime));
    }

    [Fact]
    public async Task The_loopback_client_talks_over_real_http()
    {
        await using var cluster = await TestCluster.StartAsync();
        var server = await cluster.LoopbackServerAsync();
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        var k8s = await cluster.CreateLoopbackKubernetesClientAsync();
        var namespaces = await k8s.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");
    }

    [Fact]
    public async Task Advancing_a_real_clock_is_refused()
    {
        await using var cluster = await TestCluster.StartAsync(o => o.TimeProvider = TimeProvider.System);
        Assert.Null(cluster.VirtualTime);
        Assert.Throws<InvalidOperationException>(() => cluster.Advance(TimeSpan.FromSeconds(1)));
    }

    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static V1Deployment Web(int replicas, int readinessDelaySeconds) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "web", Image = "nginx",
                            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = 80 }, InitialDelaySeconds = readinessDelaySeconds },
                        },
                    ],
                },
            },
        },
    };

    [Fact]
    public async Task Waiting_for_a_deployment_to_be_available_is_one_line_and_lets_virtual_time_pass()
    {
        await using var cluster = await TestCluster.StartAsync(o => { o.Nodes = 2; o.Controllers = true; });
        var k8s = cluster.CreateKubernetesClient();
        await k8s.AppsV1.CreateNamespacedDeploymentAsync(Web(replicas: 2, readinessDelaySeconds: 10), "default");

        var web = await cluster.WaitForConditionAsync<V1Deployment>("web", "default", "Available");

        Assert.Equal(2, web.Status.AvailableReplicas);
        // The pods only turn ready after their 10 s initial delay: the wait moved the virtual clock for them.
        Assert.True(cluster.VirtualTime!.GetUtcNow() >= Start.AddSeconds(10), $"clock at {cluster.VirtualTime.GetUtcNow():O}");
        var pods = await cluster.WaitForAsync<V1Pod>((await k8s.CoreV1.ListNamespacedPodAsync("default")).Items[0].Metadata.Name, "default",
            p => p.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"));
        Assert.Equal("Running", pods.Status.Phase);
    }

    [Fact]
    public async Task Waits_follow_changes_made_by_any_client_and_accept_KubeCore_models()
    {
        await using var cluster = await TestCluster.StartAsync(o => o.WaitAdvancesTime = false);
        var k8s = cluster.CreateKubernetesClient();
        var waiting = cluster.WaitForAsync<Models.ConfigMap>("settings", "default", c => c.Data!["mode"] == "on");
        await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "off" } }, "default");
        await k8s.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"mode":"on"}}""", V1Patch.PatchType.MergePatch), "settings", "default");
        var seen = await waiting.WaitAsync(TimeSpan.FromSeconds(30)); // a guard against a hang, not a timing assertion
        Assert.Equal("on", seen.Data!["mode"]);
        Assert.Equal(Start, cluster.VirtualTime!.GetUtcNow()); // nothing moved the clock

        var deleted = cluster.WaitForDeletionAsync<V1ConfigMap>("settings", "default");
        await k8s.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default");
        await deleted.WaitAsync(TimeSpan.FromSeconds(30));
        await cluster.WaitForDeletionAsync<V1ConfigMap>("never-created", "default");
    }

    [Fact]
    public async Task A_wait_that_times_out_names_the_object_and_its_last_state()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();
        await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "off" } }, "default");

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() =>
            cluster.WaitForAsync<V1ConfigMap>("settings", "default", c => c.Data["mode"] == "on", TimeSpan.FromSeconds(30)));
        Assert.IsAssignableFrom<TimeoutException>(e);
        Assert.Contains("configmaps default/settings", e.Message);
        Assert.Contains("c => c.Data[\"mode\"] == \"on\"", e.Message);
        Assert.Contains("\"mode\":\"off\"", e.Message);
        Assert.Equal("off", ((Models.ConfigMap)e.LastObserved!).Data!["mode"]);
        Assert.Equal(Start.AddSeconds(30), cluster.VirtualTime!.GetUtcNow()); // the timeout is virtual time, all of it passed

        var missing = await Assert.ThrowsAsync<WaitTimeoutException>(() =>
            cluster.WaitForConditionAsync<V1Deployment>("nope", "default", "Available", timeout: TimeSpan.FromSeconds(5)));
        Assert.Contains("deployments.apps default/nope did not reach condition Available=True", missing.Message);
        Assert.Contains("it did not exist", missing.Message);
        Assert.Null(missing.LastObserved);

        var throwing = await Assert.ThrowsAsync<WaitTimeoutException>(() =>
            cluster.WaitForAsync<V1ConfigMap>("settings", "default", c => c.Data["absent"] == "x", TimeSpan.FromSeconds(1)));
        Assert.IsType<KeyNotFoundException>(throwing.InnerException);
    }

    [Fact]
    public async Task Without_auto_advance_the_timeout_runs_on_the_clock_the_test_moves()
    {
        await using var cluster = await TestCluster.StartAsync(o => o.WaitAdvancesTime = false);
        var waiting = cluster.WaitForAsync<V1Secret>("token", "default", _ => true, TimeSpan.FromMinutes(1));
        cluster.Advance(TimeSpan.FromSeconds(59));
        Assert.False(waiting.IsCompleted);
        cluster.Advance(TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromMinutes(1), e.Timeout);
    }

    [Fact]
    public async Task AdvanceAsync_lets_time_pass_in_steps_the_cluster_reacts_to()
    {
        await using var cluster = await TestCluster.StartAsync(o => { o.Nodes = 1; o.Controllers = true; o.WaitAdvancesTime = false; });
        var k8s = cluster.CreateKubernetesClient();
        await k8s.AppsV1.CreateNamespacedDeploymentAsync(Web(replicas: 1, readinessDelaySeconds: 10), "default");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(Start.AddSeconds(15), cluster.VirtualTime!.GetUtcNow());
        Assert.Equal(1, (await k8s.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas);
    }

    public static TheoryData<HttpStatusCode, string> FaultCodes => new()
    {
        { HttpStatusCode.Conflict, "Conflict" },
        { HttpStatusCode.TooManyRequests, "TooManyRequests" },
        { HttpStatusCode.InternalServerError, "InternalError" },
        { HttpStatusCode.ServiceUnavailable, "ServiceUnavailable" },
    };

    [Theory]
    [MemberData(nameof(FaultCodes))]
    public async Task Injected_failures_reach_the_official_client_as_kube_apiserver_Status_errors(HttpStatusCode code, string reason)
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();
        await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, "default");
        var fault = cluster.Faults.When("get", "configmaps", "settings").FailNext(1, code, retryAfter: code == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(5) : null);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => k8s.CoreV1.ReadNamespacedConfigMapAsync("settings", "default"));
        Assert.Equal(code, e.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal(("Failure", reason, (int)code), (status.Status, status.Reason, status.Code));
        Assert.Equal("configmaps", status.Details.Kind);
        Assert.Equal("settings", status.Details.Name);
        if (code == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal(5, status.Details.RetryAfterSeconds);
            Assert.Equal("5", e.Response.Headers["Retry-After"].Single());
        }
        if (code == HttpStatusCode.Conflict)
            Assert.Equal("Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again", status.Message);

        // Only the next one: the rule is used up and the object was never touched.
        Assert.Equal((1, 0), (fault.Injected, fault.Remaining));
        Assert.Equal("settings", (await k8s.CoreV1.ReadNamespacedConfigMapAsync("settings", "default")).Metadata.Name);
    }

    [Fact]
    public async Task Faults_match_verb_resource_name_and_namespace_and_reach_the_loopback_server_too()
    {
        await using var cluster = await TestCluster.StartAsync();
        var inProcess = cluster.CreateKubernetesClient();
        var loopback = await cluster.CreateLoopbackKubernetesClientAsync();
        var create = cluster.Faults.When("create", "configmaps", "locked").FailNext(2, HttpStatusCode.ServiceUnavailable);

        // Another name, another verb, another resource: untouched.
        await inProcess.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "free" } }, "default");
        await inProcess.CoreV1.ListNamespacedConfigMapAsync("default");
        await inProcess.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "locked" } }, "default");
        Assert.Equal(0, create.Injected);

        var locked = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "locked" } };
        var viaSocket = await Assert.ThrowsAsync<HttpOperationException>(() => loopback.CoreV1.CreateNamespacedConfigMapAsync(locked, "default"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, viaSocket.Response.StatusCode);
        var inProc = await Assert.ThrowsAsync<HttpOperationException>(() => inProcess.CoreV1.CreateNamespacedConfigMapAsync(locked, "default"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, inProc.Response.StatusCode);
        await inProcess.CoreV1.CreateNamespacedConfigMapAsync(locked, "default"); // the body was read for the name and still decodes
        Assert.Equal(2, create.Injected);

        var status = cluster.Faults.When("patch", "deployments/scale", @namespace: "prod").FailNext(1, HttpStatusCode.InternalServerError);
        cluster.Faults.When("*", "namespaces").FailNext(1, HttpStatusCode.Forbidden);
        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => loopback.CoreV1.ListNamespaceAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        Assert.Equal(0, status.Injected);
        cluster.Faults.Clear();
        Assert.Empty(cluster.Faults.Rules);
    }

    [Fact]
    public async Task A_retry_loop_in_user_code_succeeds_after_the_injected_failures()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();
        await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "counter" }, Data = new Dictionary<string, string> { ["n"] = "0" } }, "default");
        var conflicts = cluster.Faults.When("update", "configmaps", "counter").FailNext(3, HttpStatusCode.Conflict);

        // The read-modify-write loop every controller writes (client-go's retry.RetryOnConflict).
        var attempts = 0;
        while (true)
        {
            attempts++;
            var current = await k8s.CoreV1.ReadNamespacedConfigMapAsync("counter", "default");
            current.Data["n"] = (int.Parse(current.Data["n"]) + 1).ToString();
            try { await k8s.CoreV1.ReplaceNamespacedConfigMapAsync(current, "counter", "default"); break; }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempts < 10) { }
        }

        Assert.Equal(4, attempts);
        Assert.Equal(3, conflicts.Injected);
        Assert.Equal("1", (await k8s.CoreV1.ReadNamespacedConfigMapAsync("counter", "default")).Data["n"]);
    }

    [Fact]
    public async Task Delayed_requests_wait_on_the_virtual_clock()
    {
        await using var cluster = await TestCluster.StartAsync();
        var k8s = cluster.CreateKubernetesClient();
        await k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, "default");
        var slow = cluster.Faults.When("get", "configmaps").DelayNext(1, TimeSpan.FromSeconds(10));

        var read = k8s.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (slow.Injected == 0) await Task.Delay(5, guard.Token); // the rule has taken the request
        cluster.Advance(TimeSpan.FromSeconds(9));
        Assert.False(read.IsCompleted);
        cluster.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("settings", (await read.WaitAsync(guard.Token)).Metadata.Name);
    }

    [Fact]
    public async Task Fault_rules_are_validated()
    {
        await using var cluster = await TestCluster.StartAsync();
        Assert.Contains("unknown verb \"frobnicate\"", Assert.Throws<ArgumentException>(() => cluster.Faults.When("frobnicate", "pods")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.Faults.When("get", "pods").FailNext(0, HttpStatusCode.Conflict));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.Faults.When("get", "pods").FailNext(1, HttpStatusCode.OK));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.Faults.When("get", "pods").DelayNext(1, TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentException>(() => cluster.WaitForAsync<string>("x", "default", _ => true));
    }
}
