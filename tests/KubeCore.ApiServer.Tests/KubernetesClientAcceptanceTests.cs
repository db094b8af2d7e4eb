using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using KubeCore.Runtime.Simulated;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// Issue 4's KubernetesClient acceptance list, each item as a user of the official C# client would exercise it, over
/// loopback HTTP against a cluster with two simulated nodes and the scheduler, on the real clock.
/// </summary>
public sealed class KubernetesClientAcceptanceTests : ApiServerTest
{
    private const string TickerImage = "ticker:v1";
    private readonly Channel<string> _tickerInput = Channel.CreateUnbounded<string>();

    protected override KubeClusterBuilder Configure(KubeClusterBuilder builder)
    {
        // A workload that logs "started", then every line the test sends it, until it is stopped.
        var runtime = new SimulatedRuntime(r => r.Workloads.Map(TickerImage, async ctx =>
        {
            await ctx.Log.WriteLineAsync("started");
            try
            {
                await foreach (var line in _tickerInput.Reader.ReadAllAsync(ctx.Stopping)) await ctx.Log.WriteLineAsync(line);
            }
            catch (OperationCanceledException) { await ctx.Log.WriteLineAsync("stopping"); }
            return 0;
        }));
        return builder.AddNodes(2, n => n.UseRuntime(runtime)).UseScheduler();
    }

    private static V1ConfigMap ConfigMap(string name, string value = "1") =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "acceptance" } }, Data = new Dictionary<string, string> { ["v"] = value } };

    private static async Task<V1Status> StatusOf(Func<Task> call, HttpStatusCode expected)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(expected, e.Response.StatusCode);
        return KubernetesJson.Deserialize<V1Status>(e.Response.Content);
    }

    [Fact]
    public async Task Crud_with_resource_version_preconditions()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("crud"), "default");
        Assert.Equal("v1", created.ApiVersion);
        Assert.NotNull(created.Metadata.Uid);
        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("crud", "default");
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal(["crud"], (await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app=acceptance")).Items.Select(c => c.Metadata.Name));

        read.Data["v"] = "2";
        var replaced = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "crud", "default");
        Assert.Equal("2", replaced.Data["v"]);
        Assert.NotEqual(read.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        // The same (now stale) object again: 409 Conflict, as kube-apiserver words it.
        var conflict = await StatusOf(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "crud", "default"), HttpStatusCode.Conflict);
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Contains("the object has been modified", conflict.Message);
        var duplicate = await StatusOf(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("crud"), "default"), HttpStatusCode.Conflict);
        Assert.Equal("AlreadyExists", duplicate.Reason);

        var deleted = await Client.CoreV1.DeleteNamespacedConfigMapAsync("crud", "default");
        Assert.Equal("Success", deleted.Status);
        var missing = await StatusOf(() => Client.CoreV1.ReadNamespacedConfigMapAsync("crud", "default"), HttpStatusCode.NotFound);
        Assert.Equal("configmaps \"crud\" not found", missing.Message);
    }

    [Fact]
    public async Task Secret_stringData_is_written_into_data_and_never_returned()
    {
        var created = await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "credentials" },
            Data = new Dictionary<string, byte[]> { ["user"] = "admin"u8.ToArray(), ["password"] = "old"u8.ToArray() },
            StringData = new Dictionary<string, string> { ["password"] = "s3cr3t" },
        }, "default");
        Assert.Null(created.StringData);
        Assert.Equal(["password", "user"], created.Data.Keys.Order());
        Assert.Equal("s3cr3t", System.Text.Encoding.UTF8.GetString(created.Data["password"]));

        var patched = await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"stringData":{"user":"root"}}""", V1Patch.PatchType.MergePatch), "credentials", "default");
        Assert.Null(patched.StringData);
        Assert.Equal("root", System.Text.Encoding.UTF8.GetString(patched.Data["user"]));
        var read = await Client.CoreV1.ReadNamespacedSecretAsync("credentials", "default");
        Assert.Null(read.StringData);
        Assert.Equal(("root", "s3cr3t"), (System.Text.Encoding.UTF8.GetString(read.Data["user"]), System.Text.Encoding.UTF8.GetString(read.Data["password"])));
    }

    [Fact]
    public async Task Json_patch_and_merge_patch()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("patched"), "default");
        var json = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""
            [{"op":"add","path":"/data/w","value":"x"},{"op":"replace","path":"/data/v","value":"2"},{"op":"add","path":"/metadata/labels/tier","value":"fe"}]
            """, V1Patch.PatchType.JsonPatch), "patched", "default");
        Assert.Equal(new Dictionary<string, string> { ["v"] = "2", ["w"] = "x" }, json.Data);
        Assert.Equal("fe", json.Metadata.Labels["tier"]);

        // Merge patch: null removes a key.
        var merged = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"w":null,"z":"3"}}""", V1Patch.PatchType.MergePatch), "patched", "default");
        Assert.Equal(new Dictionary<string, string> { ["v"] = "2", ["z"] = "3" }, merged.Data);

        // A resourceVersion in the patch is a precondition; a JSON patch removing a missing path fails as upstream.
        var stale = await StatusOf(() => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch($$$"""{"metadata":{"resourceVersion":"{{{json.Metadata.ResourceVersion}}}"},"data":{"v":"9"}}""", V1Patch.PatchType.MergePatch), "patched", "default"), HttpStatusCode.Conflict);
        Assert.Equal("Conflict", stale.Reason);
        await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"remove","path":"/data/nosuch"}]""", V1Patch.PatchType.JsonPatch), "patched", "default"));
        Assert.Equal("2", (await Client.CoreV1.ReadNamespacedConfigMapAsync("patched", "default")).Data["v"]);
    }

    [Fact]
    public async Task Watch_with_a_field_selector_ends_when_timeoutSeconds_passes()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default");
        var from = (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"v":"2"}}""", V1Patch.PatchType.MergePatch), "b", "default");
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"v":"2"}}""", V1Patch.PatchType.MergePatch), "a", "default");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");

        // Only "a"'s changes after the list, then the server's own timer ends the stream and the loop returns.
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<string>();
        await foreach (var (type, cm) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=a",
            resourceVersion: from, timeoutSeconds: 1, cancellationToken: safety.Token))
            seen.Add($"{type} {cm.Metadata.Name} {cm.Data["v"]}");
        Assert.False(safety.IsCancellationRequested, "the watch did not end at timeoutSeconds");
        Assert.Equal(["Modified a 2", "Deleted a 2"], seen);

        // Without a resourceVersion the watch starts with the current state (a synthetic ADDED), then times out too.
        seen.Clear();
        await foreach (var (type, cm) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=b",
            timeoutSeconds: 1, cancellationToken: safety.Token))
            seen.Add($"{type} {cm.Metadata.Name} {cm.Data["v"]}");
        Assert.Equal(["Added b 2"], seen);
    }

    public static TheoryData<string> Locks => new() { "Lease", "Endpoints" };

    [Theory]
    [MemberData(nameof(Locks))]
    public async Task Leader_election_hands_over_when_the_leader_stops(string lockKind)
    {
        using var clientA = new Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
        using var clientB = new Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
        ILock Lock(IKubernetes client, string identity) => lockKind == "Lease"
            ? new LeaseLock(client, "default", "election", identity)
            : new EndpointsLock(client, "default", "election", identity);
        LeaderElector Elector(IKubernetes client, string identity) => new(new LeaderElectionConfig(Lock(client, identity))
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });

        using var a = Elector(clientA, "a");
        using var b = Elector(clientB, "b");
        var aLeads = new TaskCompletionSource();
        var aStopped = new TaskCompletionSource();
        var bLeads = new TaskCompletionSource();
        var bSawA = new TaskCompletionSource();
        a.OnStartedLeading += () => aLeads.TrySetResult();
        a.OnStoppedLeading += () => aStopped.TrySetResult();
        b.OnStartedLeading += () => bLeads.TrySetResult();
        b.OnNewLeader += leader => { if (leader == "a") bSawA.TrySetResult(); };
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunUntilLeadershipLostAsync(stopA.Token);
        var deadline = TimeSpan.FromSeconds(30);
        try
        {
            await aLeads.Task.WaitAsync(deadline);
            var runB = b.RunUntilLeadershipLostAsync(stopB.Token);
            await bSawA.Task.WaitAsync(deadline);
            Assert.True(a.IsLeader());
            Assert.False(b.IsLeader());
            Assert.Equal("a", b.GetLeader());

            stopA.Cancel(); // the leader goes away without releasing: the other takes over once the lease expires
            await aStopped.Task.WaitAsync(deadline);
            await bLeads.Task.WaitAsync(deadline);
            Assert.True(b.IsLeader());
            var (holder, transitions) = await ReadRecordAsync(lockKind);
            Assert.Equal("b", holder);
            Assert.Equal(1, transitions);
            // Cancelling ends the leader's renew loop (the client either returns or throws OperationCanceledException).
            stopB.Cancel();
            try { await runB.WaitAsync(deadline); } catch (OperationCanceledException) { }
            Assert.True(runB.IsCompleted);
        }
        finally
        {
            stopA.Cancel();
            stopB.Cancel();
            try { await runA; } catch (OperationCanceledException) { }
        }
    }

    private async Task<(string? Holder, int Transitions)> ReadRecordAsync(string lockKind)
    {
        if (lockKind == "Lease")
        {
            var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("election", "default");
            return (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions ?? 0);
        }
        var endpoints = await Client.CoreV1.ReadNamespacedEndpointsAsync("election", "default");
        var record = KubernetesJson.Deserialize<LeaderElectionRecord>(endpoints.Metadata.Annotations["control-plane.alpha.kubernetes.io/leader"]);
        return (record.HolderIdentity, record.LeaderTransitions);
    }

    [Fact]
    public async Task Log_streaming_follows_a_running_pod()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "ticker" },
            Spec = new V1PodSpec { TerminationGracePeriodSeconds = 1, Containers = [new V1Container { Name = "main", Image = TickerImage }] },
        }, "default");
        await StreamWorkloads.WaitForPodAsync(Cluster, "ticker", StreamWorkloads.Running);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(await Client.CoreV1.ReadNamespacedPodLogAsync("ticker", "default", follow: true, cancellationToken: timeout.Token));
        Assert.Equal("started", await reader.ReadLineAsync(timeout.Token));
        // Lines written after the stream opened arrive on it.
        await _tickerInput.Writer.WriteAsync("tick 1");
        Assert.Equal("tick 1", await reader.ReadLineAsync(timeout.Token));
        await _tickerInput.Writer.WriteAsync("tick 2");
        Assert.Equal("tick 2", await reader.ReadLineAsync(timeout.Token));

        // Deleting the pod stops the container; the followed stream ends with it.
        await Client.CoreV1.DeleteNamespacedPodAsync("ticker", "default");
        var rest = await reader.ReadToEndAsync(timeout.Token);
        Assert.Equal("stopping\n", rest);
    }

    [Fact]
    public async Task Generic_client_crud_and_watch()
    {
        using var deployments = new GenericClient(Client, "apps", "v1", "deployments", disposeClient: false);
        var created = await deployments.CreateNamespacedAsync(new V1Deployment
        {
            ApiVersion = "apps/v1", Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "generic" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "generic" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "generic" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
                },
            },
        }, "default");
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("generic", (await deployments.ReadNamespacedAsync<V1Deployment>("default", "generic")).Metadata.Name);
        Assert.Single((await deployments.ListNamespacedAsync<V1DeploymentList>("default")).Items);
        var patched = await deployments.PatchNamespacedAsync<V1Deployment>(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "default", "generic");
        Assert.Equal(3, patched.Spec.Replicas);
        patched.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "be" };
        var replaced = await deployments.ReplaceNamespacedAsync(patched, "default", "generic");
        Assert.Equal("be", replaced.Metadata.Labels["tier"]);

        using var namespaces = new GenericClient(Client, "", "v1", "namespaces", disposeClient: false);
        await namespaces.CreateAsync(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "generic" } });
        Assert.Contains("generic", (await namespaces.ListAsync<V1NamespaceList>()).Items.Select(n => n.Metadata.Name));

        // The generic watch: the synthetic ADDED of the current state.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var (type, d) in deployments.WatchNamespacedAsync<V1Deployment>("default", cancel: timeout.Token))
        {
            Assert.Equal((WatchEventType.Added, "generic"), (type, d.Metadata.Name));
            break;
        }

        var status = await deployments.DeleteNamespacedAsync<V1Status>("default", "generic");
        Assert.Equal("Success", status.Status);
        await StatusOf(() => deployments.ReadNamespacedAsync<V1Deployment>("default", "generic"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GenerateName_makes_unique_names_and_a_missing_name_is_invalid()
    {
        V1ConfigMap Generated() => new() { Metadata = new V1ObjectMeta { GenerateName = "cfg-" } };
        var first = await Client.CoreV1.CreateNamespacedConfigMapAsync(Generated(), "default");
        var second = await Client.CoreV1.CreateNamespacedConfigMapAsync(Generated(), "default");
        Assert.Matches("^cfg-[a-z0-9]{5}$", first.Metadata.Name);
        Assert.Matches("^cfg-[a-z0-9]{5}$", second.Metadata.Name);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
        Assert.Equal("cfg-", first.Metadata.GenerateName);

        var invalid = await StatusOf(() => Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta() }, "default"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Invalid", invalid.Reason);
        Assert.Contains("name or generateName is required", invalid.Message);
    }

    private static readonly DateTime s_micro = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234560); // .123456

    [Fact]
    public async Task Core_v1_event_keeps_its_MicroTime_eventTime()
    {
        var created = await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = "started-" },
            InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", Name = "web", NamespaceProperty = "default", Uid = "1" },
            Action = "Started", Type = "Normal", Reason = "Started", Message = "Started container",
            EventTime = s_micro, FirstTimestamp = s_micro, LastTimestamp = s_micro,
            ReportingComponent = "kubecore.dev/acceptance", ReportingInstance = "test-1",
        }, "default");
        var read = await Client.CoreV1.ReadNamespacedEventAsync(created.Metadata.Name, "default");
        Assert.Equal(s_micro, read.EventTime);
        Assert.Equal(new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc), read.LastTimestamp); // a Time: seconds only
        var listed = await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=web,reason=Started");
        Assert.Equal([created.Metadata.Name], listed.Items.Select(e => e.Metadata.Name));

        // With an eventTime, an Event must say who reported it (legacyValidateEvent).
        var invalid = await StatusOf(() => Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "anonymous" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = "default" },
            EventTime = s_micro, Type = "Normal", Reason = "Started", Action = "Started",
        }, "default"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("reportingInstance: Required value", invalid.Message);
    }

    [Fact]
    public async Task Events_k8s_io_v1_event_is_the_same_object_as_the_core_one()
    {
        var created = await Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "scaled" },
            EventTime = s_micro,
            Regarding = new V1ObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", NamespaceProperty = "default" },
            Note = "Scaled up to 3", Reason = "ScalingReplicaSet", Action = "Scale", Type = "Normal",
            ReportingController = "kubecore.dev/acceptance", ReportingInstance = "test-1",
        }, "default");
        Assert.Equal("events.k8s.io/v1", created.ApiVersion);
        Assert.Equal(s_micro, created.EventTime);
        Assert.Equal("web", created.Regarding.Name);

        var v1 = await Client.EventsV1.ReadNamespacedEventAsync("scaled", "default");
        Assert.Equal(("Scaled up to 3", "kubecore.dev/acceptance", s_micro), (v1.Note, v1.ReportingController, v1.EventTime));
        // The same object through core v1, under the core names.
        var core = await Client.CoreV1.ReadNamespacedEventAsync("scaled", "default");
        Assert.Equal(("Scaled up to 3", "web", "kubecore.dev/acceptance"), (core.Message, core.InvolvedObject.Name, core.ReportingComponent));
        Assert.Equal(s_micro, core.EventTime);
        Assert.Equal(["scaled"], (await Client.EventsV1.ListNamespacedEventAsync("default")).Items.Select(e => e.Metadata.Name));

        var patched = await Client.EventsV1.PatchNamespacedEventAsync(new V1Patch("""{"note":"Scaled up to 4"}""", V1Patch.PatchType.MergePatch), "scaled", "default");
        Assert.Equal("Scaled up to 4", patched.Note);
        Assert.Equal("Scaled up to 4", (await Client.CoreV1.ReadNamespacedEventAsync("scaled", "default")).Message);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var (type, e) in Client.EventsV1.WatchListNamespacedEventAsync("default", cancellationToken: timeout.Token))
        {
            Assert.Equal((WatchEventType.Added, "Scaled up to 4", "web"), (type, e.Note, e.Regarding.Name));
            break;
        }

        // events.k8s.io/v1 is stricter than core v1 on create.
        var invalid = await StatusOf(() => Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "bare" }, Reason = "R", Action = "A", Type = "Normal",
            ReportingController = "kubecore.dev/acceptance", ReportingInstance = "i",
        }, "default"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Invalid", invalid.Reason);
        Assert.Equal("Event.events.k8s.io \"bare\" is invalid: eventTime: Required value", invalid.Message);

        Assert.Equal("Success", (await Client.EventsV1.DeleteNamespacedEventAsync("scaled", "default")).Status);
        var missing = await StatusOf(() => Client.EventsV1.ReadNamespacedEventAsync("scaled", "default"), HttpStatusCode.NotFound);
        Assert.Equal("events.events.k8s.io \"scaled\" not found", missing.Message);
    }

    [Fact]
    public async Task Hpa_autoscaling_v2_crud()
    {
        var hpa = new V2HorizontalPodAutoscaler
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                MinReplicas = 1,
                MaxReplicas = 5,
                Metrics =
                [
                    new V2MetricSpec { Type = "Resource", Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 60 } } },
                    new V2MetricSpec { Type = "Pods", Pods = new V2PodsMetricSource { Metric = new V2MetricIdentifier { Name = "rps" }, Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity("100") } } },
                ],
                Behavior = new V2HorizontalPodAutoscalerBehavior { ScaleDown = new V2HPAScalingRules { StabilizationWindowSeconds = 120 } },
            },
        };
        var created = await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(hpa, "default");
        Assert.Equal("autoscaling/v2", created.ApiVersion);
        var read = await Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "default");
        Assert.Equal(2, read.Spec.Metrics.Count);
        Assert.Equal("100", read.Spec.Metrics[1].Pods.Target.AverageValue.ToString());
        Assert.Equal(120, read.Spec.Behavior.ScaleDown.StabilizationWindowSeconds);
        Assert.Single((await Client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync("default")).Items);

        var patched = await Client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(new V1Patch("""{"spec":{"maxReplicas":8}}""", V1Patch.PatchType.MergePatch), "web", "default");
        Assert.Equal(8, patched.Spec.MaxReplicas);
        patched.Spec.MinReplicas = 2;
        var replaced = await Client.AutoscalingV2.ReplaceNamespacedHorizontalPodAutoscalerAsync(patched, "web", "default");
        Assert.Equal((2, 8), (replaced.Spec.MinReplicas, replaced.Spec.MaxReplicas));
        // The same object through autoscaling/v1.
        Assert.Equal(60, (await Client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("web", "default")).Spec.TargetCPUUtilizationPercentage);

        var invalid = await StatusOf(() => Client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(
            new V1Patch("""{"spec":{"maxReplicas":0}}""", V1Patch.PatchType.MergePatch), "web", "default"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("spec.maxReplicas", invalid.Message);

        Assert.Equal("Success", (await Client.AutoscalingV2.DeleteNamespacedHorizontalPodAutoscalerAsync("web", "default")).Status);
        await StatusOf(() => Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "default"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cordon_by_patch_keeps_new_pods_off_the_node()
    {
        var node = await Client.CoreV1.ReadNodeAsync("node-1");
        Assert.Null(node.Spec.Unschedulable);
        // The official client's cordon test: a JSON patch "replace" of a field the node does not have yet.
        var cordoned = await Client.CoreV1.PatchNodeAsync(new V1Patch("""[{"op":"replace","path":"/spec/unschedulable","value":true}]""", V1Patch.PatchType.JsonPatch), "node-1");
        Assert.True(cordoned.Spec.Unschedulable);

        for (var i = 0; i < 3; i++)
            await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"p{i}" },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            }, "default");
        for (var i = 0; i < 3; i++)
            Assert.Equal("node-2", (await StreamWorkloads.WaitForPodAsync(Cluster, $"p{i}", p => p.Spec?.NodeName is not null)).Spec!.NodeName);

        // Uncordon with a merge patch, as kubectl does.
        var uncordoned = await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":null}}""", V1Patch.PatchType.MergePatch), "node-1");
        Assert.Null(uncordoned.Spec.Unschedulable);
    }
}
