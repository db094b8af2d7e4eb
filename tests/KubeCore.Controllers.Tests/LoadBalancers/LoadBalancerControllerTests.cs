using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.LoadBalancers;

/// <summary>The load balancer controller: external IPs from a pool into status.loadBalancer.ingress, as a cloud provider would.</summary>
public sealed class LoadBalancerControllerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private KubeCluster _cluster = null!;

    private Client.ResourceClient<Service> Services => _cluster.Client.Services("default");

    public async Task InitializeAsync() =>
        _cluster = await KubeCluster.CreateBuilder().UseTimeProvider(_time)
            .AddBuiltInControllers(o => o.LoadBalancerAddressPool = "172.18.255.200-172.18.255.201, 10.9.0.7").StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static Service LoadBalancer(string name, string? ip = null, string? lbClass = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new ServiceSpec
        {
            Type = "LoadBalancer",
            LoadBalancerIP = ip,
            LoadBalancerClass = lbClass,
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = [new ServicePort { Port = 80, TargetPort = 8080 }],
        },
    };

    private async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail("timed out waiting until " + what);
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(10);
        }
    }

    private async Task<string> ExternalIPAsync(string name)
    {
        string? ip = null;
        await Eventually(async () => (ip = (await Services.GetAsync(name)).Status?.LoadBalancer?.Ingress?.FirstOrDefault()?.Ip) is not null, name + " has an external IP");
        return ip!;
    }

    private async Task<List<Event>> EventsAsync(string name, string reason) =>
        [.. (await _cluster.Client.Events("default").ListAsync()).Items.Where(e => e.InvolvedObject.Name == name && e.Reason == reason)];

    private async Task WaitForEventAsync(string name, string reason) =>
        await Eventually(async () => (await EventsAsync(name, reason)).Count > 0, $"{name} has a {reason} event");

    [Fact]
    public async Task A_load_balancer_gets_the_lowest_free_pool_address_with_cloud_controller_events_and_the_cleanup_finalizer()
    {
        await Services.CreateAsync(LoadBalancer("web"));
        Assert.Equal("172.18.255.200", await ExternalIPAsync("web"));
        var svc = await Services.GetAsync("web");
        Assert.Equal("VIP", svc.Status!.LoadBalancer!.Ingress![0].IpMode);
        Assert.Contains("service.kubernetes.io/load-balancer-cleanup", svc.Metadata.Finalizers!);
        await WaitForEventAsync("web", "EnsuredLoadBalancer");
        Assert.Equal("Ensuring load balancer", Assert.Single(await EventsAsync("web", "EnsuringLoadBalancer")).Message);
        Assert.Equal("Ensured load balancer", Assert.Single(await EventsAsync("web", "EnsuredLoadBalancer")).Message);

        await Services.CreateAsync(LoadBalancer("api"));
        Assert.Equal("172.18.255.201", await ExternalIPAsync("api"));
    }

    [Fact]
    public async Task The_requested_load_balancer_ip_is_honoured_when_it_is_free_in_the_pool()
    {
        await Services.CreateAsync(LoadBalancer("pinned", ip: "10.9.0.7"));
        Assert.Equal("10.9.0.7", await ExternalIPAsync("pinned"));

        await Services.CreateAsync(LoadBalancer("outside", ip: "192.0.2.1"));
        await WaitForEventAsync("outside", "SyncLoadBalancerFailed");
        Assert.Equal("Error syncing load balancer: failed to ensure load balancer: requested loadBalancerIP 192.0.2.1 is not in the address pool 172.18.255.200-172.18.255.201, 10.9.0.7",
            (await EventsAsync("outside", "SyncLoadBalancerFailed"))[0].Message);
        Assert.Equal("Warning", (await EventsAsync("outside", "SyncLoadBalancerFailed"))[0].Type);
        Assert.Null((await Services.GetAsync("outside")).Status?.LoadBalancer?.Ingress);
    }

    [Fact]
    public async Task Services_of_another_load_balancer_class_are_left_alone()
    {
        await Services.CreateAsync(LoadBalancer("other", lbClass: "example.com/elb"));
        await Services.CreateAsync(LoadBalancer("ours", lbClass: "kubecore.io/load-balancer"));
        Assert.Equal("172.18.255.200", await ExternalIPAsync("ours"));
        var other = await Services.GetAsync("other");
        Assert.Null(other.Status?.LoadBalancer?.Ingress);
        Assert.Null(other.Metadata.Finalizers);
        Assert.Empty(await EventsAsync("other", "EnsuringLoadBalancer"));
    }

    [Fact]
    public async Task An_exhausted_pool_leaves_the_service_pending_with_a_warning_until_an_address_is_released()
    {
        await Services.CreateAsync(LoadBalancer("a"));
        await Services.CreateAsync(LoadBalancer("b"));
        await Services.CreateAsync(LoadBalancer("c"));
        await ExternalIPAsync("a");
        await ExternalIPAsync("b");
        await ExternalIPAsync("c");

        await Services.CreateAsync(LoadBalancer("d"));
        await WaitForEventAsync("d", "SyncLoadBalancerFailed");
        Assert.Equal("Error syncing load balancer: failed to ensure load balancer: no available IPs in the address pool 172.18.255.200-172.18.255.201, 10.9.0.7",
            (await EventsAsync("d", "SyncLoadBalancerFailed"))[0].Message);
        Assert.Null((await Services.GetAsync("d")).Status?.LoadBalancer?.Ingress);

        var freed = await ExternalIPAsync("b");
        await Services.DeleteAsync("b");
        await Eventually(async () => await Services.TryGetAsync("b") is null, "b is gone once its load balancer is deleted");
        await WaitForEventAsync("b", "DeletedLoadBalancer");
        Assert.Equal(freed, await ExternalIPAsync("d"));
    }

    [Fact]
    public async Task Changing_the_type_away_from_load_balancer_releases_the_address_and_the_finalizer()
    {
        await Services.CreateAsync(LoadBalancer("web"));
        var ip = await ExternalIPAsync("web");
        var changed = await Services.PatchAsync("web", Api.PatchType.MergePatch, """{"spec":{"type":"ClusterIP"}}""");
        Assert.Null(changed.Status?.LoadBalancer); // the API drops a load balancer status that no longer applies
        Assert.Null(changed.Spec!.Ports![0].NodePort);
        await Eventually(async () => (await Services.GetAsync("web")).Metadata.Finalizers is null or { Count: 0 }, "the cleanup finalizer is removed");
        await WaitForEventAsync("web", "DeletingLoadBalancer");

        await Services.CreateAsync(LoadBalancer("next"));
        Assert.Equal(ip, await ExternalIPAsync("next"));
    }

    [Fact]
    public async Task A_restarted_controller_keeps_the_addresses_services_already_show()
    {
        var store = new Storage.Memory.InMemoryStorageBackend();
        var time = new FakeTimeProvider();
        async Task<string?> IpOf(KubeCluster c, string name) =>
            (await c.Client.Services("default").GetAsync(name)).Status?.LoadBalancer?.Ingress?.FirstOrDefault()?.Ip;
        async Task<string> WaitForIpAsync(KubeCluster c, string name)
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
            string? ip;
            while ((ip = await IpOf(c, name)) is null)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, name + " got an address");
                time.Advance(TimeSpan.FromMilliseconds(50));
                await Task.Delay(10);
            }
            return ip;
        }
        KubeClusterBuilder WithControllers() => KubeCluster.CreateBuilder().UseTimeProvider(time).UseStore(store)
            .AddBuiltInControllers(o => o.LoadBalancerAddressPool = "172.18.255.200-172.18.255.202");

        await using (var first = await WithControllers().StartAsync())
        {
            await first.Client.Services("default").CreateAsync(LoadBalancer("b"));
            Assert.Equal("172.18.255.200", await WaitForIpAsync(first, "b"));
        }
        // While no controller runs, a Service that sorts first arrives; the restarted controller meets it before "b".
        await using (var idle = await KubeCluster.CreateBuilder().UseTimeProvider(time).UseStore(store).StartAsync())
            await idle.Client.Services("default").CreateAsync(LoadBalancer("a0"));

        await using var second = await WithControllers().StartAsync();
        Assert.Equal("172.18.255.201", await WaitForIpAsync(second, "a0"));
        Assert.Equal("172.18.255.200", await IpOf(second, "b"));
    }
}
