using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Tests.Api;

public class CreateTests : ClusterTest
{
    [Fact]
    public async Task Create_assigns_uid_creationTimestamp_resourceVersion_and_generation()
    {
        var created = await Client.Deployments("default").CreateAsync(Deployment("web"));

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal("2026-01-02T03:04:05Z", created.Metadata.CreationTimestamp.ToString());
        Assert.True(long.Parse(created.Metadata.ResourceVersion!) > 0);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("default", created.Metadata.Namespace);
        Assert.Equal("apps/v1", created.ApiVersion);
    }

    [Fact]
    public async Task Create_with_generateName_appends_five_random_characters()
    {
        var a = await Client.ConfigMaps("default").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { GenerateName = "cfg-" } });
        var b = await Client.ConfigMaps("default").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { GenerateName = "cfg-" } });

        Assert.Matches("^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$", a.Metadata.Name);
        Assert.NotEqual(a.Metadata.Name, b.Metadata.Name);
    }

    [Fact]
    public async Task Create_of_an_existing_name_is_rejected_with_AlreadyExists()
    {
        await Client.Deployments("default").CreateAsync(Deployment("web"));

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() => Client.Deployments("default").CreateAsync(Deployment("web")));

        Assert.Equal(409, e.Code);
        Assert.Equal("AlreadyExists", e.Reason);
        Assert.Equal("deployments.apps \"web\" already exists", e.Status.Message);
        Assert.Equal("apps", e.Status.Details!.Group);
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_NotFound()
    {
        var e = await Assert.ThrowsAsync<NotFoundException>(() => Client.ConfigMaps("nope").CreateAsync(ConfigMap("x")));
        Assert.Equal("namespaces \"nope\" not found", e.Status.Message);
    }

    [Fact]
    public async Task Create_in_a_terminating_namespace_is_Forbidden()
    {
        await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "team" } });
        await Client.Namespaces().DeleteAsync("team");

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Client.ConfigMaps("team").CreateAsync(ConfigMap("x")));

        Assert.Equal(403, e.Code);
        Assert.Contains("unable to create new content in namespace team because it is being terminated", e.Status.Message);
    }

    [Fact]
    public async Task Create_with_an_invalid_name_is_Invalid_with_field_causes()
    {
        var e = await Assert.ThrowsAsync<InvalidException>(() => Client.ConfigMaps("default").CreateAsync(ConfigMap("Not_Valid")));

        Assert.Equal(422, e.Code);
        Assert.StartsWith("ConfigMap \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain", e.Status.Message);
        var cause = Assert.Single(e.Status.Details!.Causes!);
        Assert.Equal("metadata.name", cause.Field);
        Assert.Equal("FieldValueInvalid", cause.Reason);
    }

    [Fact]
    public async Task Create_without_name_or_generateName_is_Invalid()
    {
        var e = await Assert.ThrowsAsync<InvalidException>(() => Client.ConfigMaps("default").CreateAsync(new ConfigMap()));
        Assert.Contains("metadata.name: Required value: name or generateName is required", e.Status.Message);
    }

    [Fact]
    public async Task Create_with_a_namespace_different_from_the_request_is_BadRequest()
    {
        var cm = ConfigMap("x") with { Metadata = ConfigMap("x").Metadata with { Namespace = "kube-system" } };
        var e = await Assert.ThrowsAsync<BadRequestException>(() => Client.ConfigMaps("default").CreateAsync(cm));
        Assert.Contains("does not match the namespace sent on the request", e.Status.Message);
    }

    [Fact]
    public async Task Dry_run_create_validates_and_returns_the_object_but_stores_nothing()
    {
        var result = await Client.ConfigMaps("default").CreateAsync(ConfigMap("dry"), new CreateOptions { DryRun = true });

        Assert.Equal("dry", result.Metadata.Name);
        Assert.Null(await Client.ConfigMaps("default").TryGetAsync("dry"));
        await Assert.ThrowsAsync<InvalidException>(() => Client.ConfigMaps("default").CreateAsync(ConfigMap("BAD"), new CreateOptions { DryRun = true }));
    }

    [Fact]
    public async Task Create_resets_status_written_by_the_client_for_kinds_with_a_status_subresource()
    {
        var d = Deployment("web") with { Status = new DeploymentStatus { Replicas = 7 } };
        var created = await Client.Deployments("default").CreateAsync(d);
        Assert.Null(created.Status?.Replicas);
    }

    [Fact]
    public async Task New_pods_start_Pending_with_a_QoS_class()
    {
        var pod = await Client.Pods("default").CreateAsync(Pod("p"));
        Assert.Equal("Pending", pod.Status!.Phase);
        Assert.Equal("BestEffort", pod.Status.QosClass);
    }

    [Fact]
    public async Task System_namespaces_exist_and_are_Active()
    {
        var namespaces = await Client.Namespaces().ListAsync();
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], namespaces.Items.Select(n => n.Metadata.Name).Order());
        Assert.All(namespaces.Items, n => Assert.Equal("Active", n.Status!.Phase));
    }
}

public class UidTests
{
    [Fact]
    public async Task Uids_are_version_4_uuids_and_reproducible_with_a_seed()
    {
        async Task<string> FirstUid()
        {
            await using var cluster = await KubeCluster.CreateBuilder().ConfigureApi(o => o.RandomSeed = 42).StartAsync();
            return (await cluster.Client.ConfigMaps("default").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "c" } })).Metadata.Uid!;
        }

        var a = await FirstUid();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", a);
        Assert.Equal(a, await FirstUid());
    }
}
