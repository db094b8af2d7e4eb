using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Tests.Api;

public class DeleteTests : ClusterTest
{
    [Fact]
    public async Task Delete_removes_the_object_and_returns_its_last_state()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));

        var deleted = await Client.ConfigMaps("default").DeleteAsync("c");

        Assert.Equal("c", deleted.Metadata.Name);
        Assert.Null(await Client.ConfigMaps("default").TryGetAsync("c"));
        await Assert.ThrowsAsync<NotFoundException>(() => Client.ConfigMaps("default").DeleteAsync("c"));
    }

    [Fact]
    public async Task Delete_with_finalizers_sets_deletionTimestamp_and_removal_follows_when_they_clear()
    {
        var cm = ConfigMap("guarded") with { Metadata = ConfigMap("guarded").Metadata with { Finalizers = ["example.com/cleanup"] } };
        await Client.ConfigMaps("default").CreateAsync(cm);

        var pending = await Client.ConfigMaps("default").DeleteAsync("guarded");
        Assert.Equal("2026-01-02T03:04:05Z", pending.Metadata.DeletionTimestamp.ToString());
        Assert.NotNull(await Client.ConfigMaps("default").TryGetAsync("guarded"));

        var current = await Client.ConfigMaps("default").GetAsync("guarded");
        var e = await Assert.ThrowsAsync<InvalidException>(() => Client.ConfigMaps("default").UpdateAsync(
            current with { Metadata = current.Metadata with { Finalizers = ["example.com/cleanup", "example.com/more"] } }));
        Assert.Contains("no new finalizers can be added if the object is being deleted", e.Status.Message);

        await Client.ConfigMaps("default").UpdateAsync(current with { Metadata = current.Metadata with { Finalizers = [] } });
        Assert.Null(await Client.ConfigMaps("default").TryGetAsync("guarded"));
    }

    [Fact]
    public async Task A_scheduled_pod_is_deleted_gracefully_and_an_unscheduled_one_at_once()
    {
        await Client.Pods("default").CreateAsync(Pod("running", node: "node-1"));
        await Client.Pods("default").CreateAsync(Pod("pending"));

        var graceful = await Client.Pods("default").DeleteAsync("running");
        Assert.Equal(30, graceful.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal("2026-01-02T03:04:35Z", graceful.Metadata.DeletionTimestamp.ToString());
        Assert.NotNull(await Client.Pods("default").TryGetAsync("running"));

        await Client.Pods("default").DeleteAsync("pending");
        Assert.Null(await Client.Pods("default").TryGetAsync("pending"));

        // The node agent confirms termination with a zero grace period.
        await Client.Pods("default").DeleteAsync("running", new DeleteOptions { GracePeriodSeconds = 0 });
        Assert.Null(await Client.Pods("default").TryGetAsync("running"));
    }

    [Fact]
    public async Task Foreground_and_Orphan_propagation_are_recorded_as_finalizers_for_the_garbage_collector()
    {
        await Client.Deployments("default").CreateAsync(Deployment("fg"));
        await Client.Deployments("default").CreateAsync(Deployment("orphan"));

        var fg = await Client.Deployments("default").DeleteAsync("fg", new DeleteOptions { PropagationPolicy = PropagationPolicy.Foreground });
        var orphan = await Client.Deployments("default").DeleteAsync("orphan", new DeleteOptions { PropagationPolicy = PropagationPolicy.Orphan });

        Assert.Equal(["foregroundDeletion"], fg.Metadata.Finalizers);
        Assert.NotNull(fg.Metadata.DeletionTimestamp);
        Assert.Equal(["orphan"], orphan.Metadata.Finalizers);
    }

    [Fact]
    public async Task Background_propagation_deletes_at_once()
    {
        await Client.Deployments("default").CreateAsync(Deployment("bg"));
        await Client.Deployments("default").DeleteAsync("bg", new DeleteOptions { PropagationPolicy = PropagationPolicy.Background });
        Assert.Null(await Client.Deployments("default").TryGetAsync("bg"));
    }

    [Fact]
    public async Task Delete_preconditions_that_do_not_hold_are_Conflicts()
    {
        var cm = await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));

        var e = await Assert.ThrowsAsync<ConflictException>(() => Client.ConfigMaps("default").DeleteAsync("c",
            new DeleteOptions { Preconditions = new Preconditions { Uid = "other" } }));
        Assert.Contains("Precondition failed: UID in precondition: other", e.Status.Message);

        await Client.ConfigMaps("default").DeleteAsync("c", new DeleteOptions { Preconditions = new Preconditions { Uid = cm.Metadata.Uid } });
    }

    [Fact]
    public async Task Dry_run_delete_keeps_the_object()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        await Client.ConfigMaps("default").DeleteAsync("c", new DeleteOptions { DryRun = ["All"] });
        Assert.NotNull(await Client.ConfigMaps("default").TryGetAsync("c"));
    }

    [Fact]
    public async Task An_invalid_propagation_policy_is_Invalid()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        await Assert.ThrowsAsync<InvalidException>(() => Client.ConfigMaps("default").DeleteAsync("c", new DeleteOptions { PropagationPolicy = "Sideways" }));
    }

    [Fact]
    public async Task Deleting_a_namespace_makes_it_Terminating_until_finalized()
    {
        await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "team" } });

        var terminating = await Client.Namespaces().DeleteAsync("team");
        Assert.Equal("Terminating", terminating.Status!.Phase);
        Assert.Equal(["kubernetes"], terminating.Spec!.Finalizers);

        var ns = Cluster.Resources.Get<Namespace>();
        await Cluster.Api.UpdateSubresourceAsync(ns, null, terminating with { Spec = terminating.Spec with { Finalizers = [] } }, "finalize");
        Assert.Null(await Client.Namespaces().TryGetAsync("team"));
    }
}
