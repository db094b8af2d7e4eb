using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.ReplicaSets;

public sealed class ReplicaSetControllerTests : ControllersTest
{
    [Fact]
    public async Task A_ReplicaSet_creates_its_pods_from_the_template_with_a_controller_owner_reference()
    {
        var rs = await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 3));

        var pods = await WaitForPodsAsync(3);

        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p.Metadata.Name);
            Assert.Equal("front", p.Metadata.Labels!["tier"]);
            var owner = Assert.Single(p.Metadata.OwnerReferences!);
            Assert.Equal(("apps/v1", "ReplicaSet", "web", rs.Metadata.Uid), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
            Assert.True(owner.Controller);
            Assert.True(owner.BlockOwnerDeletion);
        });
    }

    [Fact]
    public async Task Many_syncs_in_a_row_never_create_more_pods_than_replicas()
    {
        var rs = await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 3));
        for (var i = 0; i < 20; i++) // each annotation change wakes the controller while its creations may still be unobserved
            rs = await Client.ReplicaSets("default").UpdateWithRetryAsync("web", r => r with
            {
                Metadata = r.Metadata with { Annotations = new Dictionary<string, string> { ["n"] = i.ToString() } },
            });

        await WaitForPodsAsync(3);
        for (var i = 0; i < 20; i++) { Time.Advance(TimeSpan.FromSeconds(1)); await Task.Yield(); }
        await Eventually(async () => (await Client.ReplicaSets("default").GetAsync("web")).Status?.Replicas == 3, "status counts 3 replicas");

        Assert.Equal(3, (await Client.Pods("default").ListAsync("app=web")).Items.Count);
    }

    [Fact]
    public async Task A_deleted_pod_is_replaced()
    {
        await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 2));
        var pods = await WaitForPodsAsync(2);

        await Client.Pods("default").DeleteAsync(pods[0].Metadata.Name!);

        await Eventually(async () =>
        {
            var now = await PodsAsync();
            return now.Count == 2 && now.All(p => p.Metadata.Name != pods[0].Metadata.Name);
        }, "a replacement pod exists");
    }

    [Fact]
    public async Task Scaling_up_adds_pods_and_scaling_down_deletes_not_ready_pods_first_with_SuccessfulDelete_events()
    {
        await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 1));
        await WaitForPodsAsync(1);
        await Client.ReplicaSets("default").UpdateWithRetryAsync("web", r => r with { Spec = r.Spec! with { Replicas = 3 } });
        var pods = await WaitForPodsAsync(3);
        var ready = await MarkReadyAsync(pods[1]);
        // Scale down only once the controller has observed the readiness (its status says so), as a user would.
        await Eventually(async () => (await Client.ReplicaSets("default").GetAsync("web")).Status?.ReadyReplicas == 1, "the controller sees the ready pod");

        await Client.ReplicaSets("default").UpdateWithRetryAsync("web", r => r with { Spec = r.Spec! with { Replicas = 1 } });

        var left = await WaitForPodsAsync(1);
        Assert.Equal(ready.Metadata.Name, left[0].Metadata.Name);
        var deleted = pods.Where(p => p.Metadata.Name != ready.Metadata.Name).Select(p => "Deleted pod: " + p.Metadata.Name).Order().ToList();
        await Eventually(async () => (await Client.Events("default").ListAsync()).Items.Where(e => e.Reason == "SuccessfulDelete").Select(e => e.Message!).Order()
            .SequenceEqual(deleted), "a SuccessfulDelete event names each deleted pod");
    }

    [Fact]
    public async Task A_matching_orphan_pod_is_adopted_instead_of_creating_a_new_one()
    {
        var orphan = await Client.Pods("default").CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "stray", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] },
        });

        var rs = await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 2));

        var pods = await WaitForPodsAsync(2);
        Assert.Contains(pods, p => p.Metadata.Name == orphan.Metadata.Name);
        await Eventually(async () => (await Client.Pods("default").GetAsync("stray")).Metadata.OwnerReferences?.SingleOrDefault()?.Uid == rs.Metadata.Uid,
            "the orphan carries the ReplicaSet's controller reference");
        Assert.Equal(2, (await Client.Pods("default").ListAsync("app=web")).Items.Count);
    }

    [Fact]
    public async Task A_pod_relabelled_out_of_the_selector_is_released_and_replaced()
    {
        await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 2));
        var pods = await WaitForPodsAsync(2);

        await Client.Pods("default").UpdateWithRetryAsync(pods[0].Metadata.Name!, p => p with
        {
            Metadata = p.Metadata with { Labels = new Dictionary<string, string> { ["app"] = "debug" } },
        });

        await Eventually(async () => (await Client.Pods("default").GetAsync(pods[0].Metadata.Name!)).Metadata.OwnerReferences is null or { Count: 0 },
            "the relabelled pod lost its owner reference");
        await WaitForPodsAsync(2);
    }

    [Fact]
    public async Task Status_counts_ready_pods_and_available_ones_only_after_minReadySeconds()
    {
        var rs = await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 2, minReadySeconds: 600));
        var pods = await WaitForPodsAsync(2);

        foreach (var pod in pods) await MarkReadyAsync(pod);

        var status = await StatusWhenAsync(s => s.ReadyReplicas == 2);
        Assert.Equal((2, 2, 0, rs.Metadata.Generation), (status.Replicas, status.FullyLabeledReplicas, status.AvailableReplicas, status.ObservedGeneration));

        Time.Advance(TimeSpan.FromSeconds(600));

        status = await StatusWhenAsync(s => s.AvailableReplicas == 2);
        Assert.Equal(2, status.ReadyReplicas);
    }

    [Fact]
    public async Task Created_pods_are_reported_as_SuccessfulCreate_events()
    {
        await Client.ReplicaSets("default").CreateAsync(ReplicaSet(replicas: 2));
        var pods = await WaitForPodsAsync(2);

        List<Event> events = [];
        await Eventually(async () => (events = [.. (await Client.Events("default").ListAsync()).Items.Where(e => e.Reason == "SuccessfulCreate")]).Count == 2,
            "two SuccessfulCreate events exist");

        Assert.Equal(pods.Select(p => "Created pod: " + p.Metadata.Name).Order(), events.Select(e => e.Message).Order());
        Assert.All(events, e => Assert.Equal(("ReplicaSet", "web"), (e.InvolvedObject.Kind, e.InvolvedObject.Name)));
    }

    [Fact]
    public async Task Failing_creates_are_reported_as_a_ReplicaFailure_condition()
    {
        await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "quota" } });
        await Client.ReplicaSets("quota").CreateAsync(ReplicaSet(replicas: 1));

        var status = await StatusWhenAsync(s => s.Conditions?.Any(c => c.Type == "ReplicaFailure") == true, "quota");

        var condition = status.Conditions!.Single(c => c.Type == "ReplicaFailure");
        Assert.Equal(("True", "FailedCreate"), (condition.Status, condition.Reason));
    }

    protected override void Configure(KubeClusterBuilder builder) => builder.AddValidatingAdmission(new RejectPodsIn("quota"));

    private async Task<ReplicaSetStatus> StatusWhenAsync(Func<ReplicaSetStatus, bool> condition, string ns = "default")
    {
        ReplicaSetStatus? status = null;
        await Eventually(async () => (status = (await Client.ReplicaSets(ns).GetAsync("web")).Status) is { } s && condition(s), "the status matches");
        return status!;
    }

    /// <summary>Rejects pod creates in one namespace, as an exhausted quota would.</summary>
    private sealed class RejectPodsIn(string ns) : IValidatingAdmissionPlugin
    {
        public ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
            request is { Operation: AdmissionOperation.Create, Resource.Kind: "Pod" } && request.Namespace == ns
                ? throw ApiErrors.Forbidden(request.Resource.GroupResource, request.Name, "exceeded quota")
                : ValueTask.CompletedTask;
    }
}
