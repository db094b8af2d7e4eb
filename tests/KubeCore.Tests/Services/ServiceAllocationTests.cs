using System.Net;
using KubeCore.Api;
using KubeCore.Models;
using KubeCore.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Tests.Services;

/// <summary>Cluster IPs and node ports, allocated by the API layer as kube-apiserver does.</summary>
public class ServiceAllocationTests
{
    private static Task<KubeCluster> StartAsync(Action<KubeClusterBuilder>? configure = null, InMemoryStorageBackend? store = null)
    {
        var builder = KubeCluster.CreateBuilder().UseTimeProvider(new FakeTimeProvider()).ConfigureApi(o => o.RandomSeed = 7);
        if (store is not null) builder.UseStore(store);
        configure?.Invoke(builder);
        return builder.StartAsync();
    }

    private static Service Svc(string name, string type = "ClusterIP", string? clusterIP = null, int? nodePort = null, Action<ServiceSpec>? _ = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new ServiceSpec
        {
            Type = type,
            ClusterIP = clusterIP,
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = [new ServicePort { Port = 80, TargetPort = 8080, NodePort = nodePort }],
        },
    };

    private static uint ToUInt(string ip)
    {
        var b = IPAddress.Parse(ip).GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static bool InRange(string ip, string network, int prefix) =>
        (ToUInt(ip) & (uint.MaxValue << (32 - prefix))) == ToUInt(network);

    [Fact]
    public async Task A_new_service_gets_a_cluster_ip_from_the_default_range_outside_the_static_band()
    {
        await using var cluster = await StartAsync();
        var svc = await cluster.Client.Services("default").CreateAsync(Svc("web"));

        var ip = svc.Spec!.ClusterIP!;
        Assert.True(InRange(ip, "10.96.0.0", 12), ip);
        // The first 256 addresses (10.96.0.1 … 10.96.1.0) are the static band users pick from by hand.
        Assert.True(ToUInt(ip) > ToUInt("10.96.1.0"), ip);
        Assert.Equal([ip], svc.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
        Assert.Equal("SingleStack", svc.Spec.IpFamilyPolicy);
        Assert.Null(svc.Spec.Ports![0].NodePort);
    }

    [Fact]
    public async Task The_kubernetes_service_holds_the_first_address_and_points_at_the_api_server()
    {
        await using var cluster = await StartAsync();
        var svc = await cluster.Client.Services("default").GetAsync("kubernetes");
        Assert.Equal("10.96.0.1", svc.Spec!.ClusterIP);
        Assert.Equal("ClusterIP", svc.Spec.Type);
        var port = Assert.Single(svc.Spec.Ports!);
        Assert.Equal(("https", 443, "TCP", 6443), (port.Name, port.Port, port.Protocol, port.TargetPort!.Value.IntValue));
        Assert.Equal("apiserver", svc.Metadata.Labels!["component"]);

        var endpoints = await cluster.Client.Endpoints("default").GetAsync("kubernetes");
        var subset = Assert.Single(endpoints.Subsets!);
        Assert.Equal("127.0.0.1", Assert.Single(subset.Addresses!).Ip);
        Assert.Equal(6443, Assert.Single(subset.Ports!).Port);
        var slice = await cluster.Client.EndpointSlices("default").GetAsync("kubernetes");
        Assert.Equal("kubernetes", slice.Metadata.Labels!["kubernetes.io/service-name"]);
        Assert.Equal(["127.0.0.1"], Assert.Single(slice.Endpoints!).Addresses);

        var taken = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.Services("default").CreateAsync(Svc("x", clusterIP: "10.96.0.1")));
        Assert.Contains("provided IP is already allocated", taken.Message);
    }

    [Fact]
    public async Task The_kubernetes_service_endpoint_and_ranges_are_configurable_on_the_builder()
    {
        await using var cluster = await StartAsync(b => b.UseServiceClusterIPRange("10.0.0.0/24").UseServiceNodePortRange("31000-31010")
            .ConfigureServiceNetwork(o => { o.KubernetesServiceEndpointAddress = "10.0.9.9"; o.KubernetesServiceEndpointPort = 7443; }));
        var kubernetes = await cluster.Client.Services("default").GetAsync("kubernetes");
        Assert.Equal("10.0.0.1", kubernetes.Spec!.ClusterIP);
        Assert.Equal(7443, kubernetes.Spec.Ports![0].TargetPort!.Value.IntValue);
        Assert.Equal("10.0.9.9", (await cluster.Client.Endpoints("default").GetAsync("kubernetes")).Subsets![0].Addresses![0].Ip);

        var svc = await cluster.Client.Services("default").CreateAsync(Svc("np", "NodePort"));
        Assert.True(InRange(svc.Spec!.ClusterIP!, "10.0.0.0", 24));
        Assert.InRange(svc.Spec.Ports![0].NodePort!.Value, 31000, 31010);
        var outside = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.Services("default").CreateAsync(Svc("y", "NodePort", nodePort: 30007)));
        Assert.Equal("Service \"y\" is invalid: spec.ports[0].nodePort: Invalid value: 30007: provided port is not in the valid range. The range of valid ports is 31000-31010", outside.Message);
    }

    [Fact]
    public async Task The_ranges_are_configurable_through_the_service_collection()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddKubeCore(o => { o.ServiceClusterIPRange = "172.20.0.0/16"; o.ServiceNodePortRange = "30100-30199"; });
        await using var provider = services.BuildServiceProvider();
        var cluster = provider.GetRequiredService<KubeCluster>();
        await cluster.StartAsync();
        Assert.Equal("172.20.0.1", (await cluster.Client.Services("default").GetAsync("kubernetes")).Spec!.ClusterIP);
        var svc = await cluster.Client.Services("default").CreateAsync(Svc("np", "NodePort"));
        Assert.InRange(svc.Spec!.Ports![0].NodePort!.Value, 30100, 30199);
    }

    [Theory]
    [InlineData("10.96.0.0/8", "prefix length must be between 12 and 30")]
    [InlineData("fd00::/108", "only IPv4 ranges are supported")]
    [InlineData("banana", "expected a CIDR")]
    public void A_bad_cluster_ip_range_fails_the_build(string range, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => KubeCluster.CreateBuilder().UseServiceClusterIPRange(range).Build());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_bad_node_port_range_fails_the_build()
    {
        var error = Assert.Throws<ArgumentException>(() => KubeCluster.CreateBuilder().UseServiceNodePortRange("32767-30000").Build());
        Assert.Contains("invalid node port range \"32767-30000\"", error.Message);
    }

    [Fact]
    public async Task An_explicit_cluster_ip_is_honoured_and_a_taken_or_foreign_one_is_rejected_with_kube_apiservers_words()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var dns = await services.CreateAsync(Svc("dns", clusterIP: "10.96.0.10"));
        Assert.Equal("10.96.0.10", dns.Spec!.ClusterIP);
        Assert.Equal(["10.96.0.10"], dns.Spec.ClusterIPs);

        var taken = await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("x", clusterIP: "10.96.0.10")));
        Assert.Equal(422, taken.Code);
        Assert.Equal("Service \"x\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated", taken.Message);
        var cause = Assert.Single(taken.Status.Details!.Causes!);
        Assert.Equal(("FieldValueInvalid", "spec.clusterIPs"), (cause.Reason, cause.Field));

        var foreign = await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("y", clusterIP: "192.168.0.10")));
        Assert.Equal("Service \"y\" is invalid: spec.clusterIPs: Invalid value: []string{\"192.168.0.10\"}: failed to allocate IP 192.168.0.10: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12", foreign.Message);
        // The network and broadcast addresses are never handed out.
        await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("z", clusterIP: "10.96.0.0")));
        await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("z", clusterIP: "10.111.255.255")));
        Assert.Equal("10.111.255.254", (await services.CreateAsync(Svc("z", clusterIP: "10.111.255.254"))).Spec!.ClusterIP);
    }

    [Fact]
    public async Task Headless_and_external_name_services_get_no_cluster_ip()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var headless = await services.CreateAsync(Svc("db", clusterIP: "None"));
        Assert.Equal("None", headless.Spec!.ClusterIP);
        Assert.Equal(["None"], headless.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], headless.Spec.IpFamilies);

        var external = await services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "ext" },
            Spec = new ServiceSpec { Type = "ExternalName", ExternalName = "example.com" },
        });
        Assert.Null(external.Spec!.ClusterIP);
        Assert.Null(external.Spec.ClusterIPs);
        Assert.Null(external.Spec.IpFamilies);
        Assert.Equal((1, 0), cluster.Api.ServiceAllocator.Used); // only the kubernetes Service holds an address
    }

    [Fact]
    public async Task Deleting_a_service_releases_its_cluster_ip_and_node_ports()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        await services.CreateAsync(Svc("a", "NodePort", "10.96.0.20", 30007));
        await services.DeleteAsync("a");
        var again = await services.CreateAsync(Svc("b", "NodePort", "10.96.0.20", 30007));
        Assert.Equal(("10.96.0.20", 30007), (again.Spec!.ClusterIP, again.Spec.Ports![0].NodePort));
        Assert.Equal((2, 1), cluster.Api.ServiceAllocator.Used);
    }

    [Fact]
    public async Task A_service_with_a_finalizer_keeps_its_addresses_until_it_leaves_storage()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var svc = Svc("lb", "NodePort", "10.96.0.30", 30008);
        await services.CreateAsync(svc with { Metadata = svc.Metadata with { Finalizers = ["example.com/cleanup"] } });
        await services.DeleteAsync("lb");
        await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("other", clusterIP: "10.96.0.30")));

        var pending = await services.GetAsync("lb");
        await services.UpdateAsync(pending with { Metadata = pending.Metadata with { Finalizers = [] } });
        Assert.Null(await services.TryGetAsync("lb"));
        Assert.Equal("10.96.0.30", (await services.CreateAsync(Svc("other", "NodePort", "10.96.0.30", 30008))).Spec!.ClusterIP);
    }

    [Fact]
    public async Task A_failed_create_gives_its_reservations_back()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        await services.CreateAsync(Svc("a", clusterIP: "10.96.0.40"));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => services.CreateAsync(Svc("a", "NodePort", "10.96.0.41", 30041)));
        var b = await services.CreateAsync(Svc("b", "NodePort", "10.96.0.41", 30041));
        Assert.Equal("10.96.0.41", b.Spec!.ClusterIP);
    }

    [Fact]
    public async Task A_dry_run_checks_but_reserves_nothing()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var dry = await services.CreateAsync(Svc("a", "NodePort", "10.96.0.50", 30050), new CreateOptions { DryRun = true });
        Assert.Equal(("10.96.0.50", 30050), (dry.Spec!.ClusterIP, dry.Spec.Ports![0].NodePort));
        Assert.Equal((1, 0), cluster.Api.ServiceAllocator.Used);
        await services.CreateAsync(Svc("a", "NodePort", "10.96.0.50", 30050));
        var conflict = await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("b", clusterIP: "10.96.0.50"), new CreateOptions { DryRun = true }));
        Assert.Contains("provided IP is already allocated", conflict.Message);
    }

    [Fact]
    public async Task Changing_to_external_name_releases_the_cluster_ip_and_changing_back_allocates_a_new_one()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        await services.CreateAsync(Svc("a", "NodePort", "10.96.0.60", 30060));

        var external = await services.PatchAsync("a", PatchType.MergePatch, """{"spec":{"type":"ExternalName","externalName":"example.com","selector":null}}""");
        Assert.Null(external.Spec!.ClusterIP);
        Assert.Null(external.Spec.ClusterIPs);
        Assert.Null(external.Spec.Ports![0].NodePort);
        Assert.Equal((1, 0), cluster.Api.ServiceAllocator.Used);
        await services.CreateAsync(Svc("b", "NodePort", "10.96.0.60", 30060));

        var back = await services.PatchAsync("a", PatchType.MergePatch, """{"spec":{"type":"ClusterIP","externalName":null}}""");
        Assert.NotNull(back.Spec!.ClusterIP);
        Assert.NotEqual("10.96.0.60", back.Spec.ClusterIP);
        Assert.Equal(["IPv4"], back.Spec.IpFamilies);
    }

    [Fact]
    public async Task The_cluster_ip_is_immutable()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var svc = await services.CreateAsync(Svc("a", clusterIP: "10.96.0.70"));
        var error = await Assert.ThrowsAsync<InvalidException>(() => services.UpdateAsync(svc with { Spec = svc.Spec! with { ClusterIP = "10.96.0.71" } }));
        Assert.Equal("Service \"a\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.71\"}: may not change once set", error.Message);
        Assert.False(cluster.Api.ServiceAllocator.IsIPAllocated("10.96.0.71"));

        // Leaving clusterIP out (a re-applied manifest) keeps the allocated one.
        var kept = await services.UpdateAsync(svc with { Spec = svc.Spec! with { ClusterIP = null, ClusterIPs = null, IpFamilies = null, IpFamilyPolicy = null } });
        Assert.Equal(("10.96.0.70", svc.Metadata.ResourceVersion), (kept.Spec!.ClusterIP, kept.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Node_ports_are_allocated_above_the_static_band_and_explicit_ones_are_honoured()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var auto = await services.CreateAsync(Svc("auto", "NodePort"));
        // 30000-32767 keeps its first 86 ports (min(max(16, 2768/32), 128)) for explicit requests.
        Assert.InRange(auto.Spec!.Ports![0].NodePort!.Value, 30086, 32767);
        var lb = await services.CreateAsync(Svc("lb", "LoadBalancer"));
        Assert.InRange(lb.Spec!.Ports![0].NodePort!.Value, 30000, 32767);
        Assert.NotEqual(auto.Spec.Ports[0].NodePort, lb.Spec.Ports[0].NodePort);

        var fixedPort = await services.CreateAsync(Svc("x", "NodePort", nodePort: 30007));
        Assert.Equal(30007, fixedPort.Spec!.Ports![0].NodePort);
        var taken = await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("y", "NodePort", nodePort: 30007)));
        Assert.Equal("Service \"y\" is invalid: spec.ports[0].nodePort: Invalid value: 30007: provided port is already allocated", taken.Message);
        var outside = await Assert.ThrowsAsync<InvalidException>(() => services.CreateAsync(Svc("z", "NodePort", nodePort: 8080)));
        Assert.Equal("Service \"z\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767", outside.Message);
        // Nothing of the rejected creates stays reserved.
        Assert.Equal((4, 3), cluster.Api.ServiceAllocator.Used);
    }

    [Fact]
    public async Task Tcp_and_udp_of_one_port_number_share_a_node_port()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("kube-system");
        var dns = await services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "dns" },
            Spec = new ServiceSpec
            {
                Type = "NodePort",
                Ports = [new ServicePort { Name = "dns", Port = 53, Protocol = "UDP" }, new ServicePort { Name = "dns-tcp", Port = 53, Protocol = "TCP" }],
            },
        });
        Assert.Equal(dns.Spec!.Ports![0].NodePort, dns.Spec.Ports[1].NodePort);
        var explicitPair = await services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "dns2" },
            Spec = new ServiceSpec
            {
                Type = "NodePort",
                Ports = [new ServicePort { Name = "u", Port = 53, Protocol = "UDP", NodePort = 30053 }, new ServicePort { Name = "t", Port = 53, Protocol = "TCP", NodePort = 30053 }],
            },
        });
        Assert.Equal([30053, 30053], explicitPair.Spec!.Ports!.Select(p => p.NodePort!.Value));
        Assert.Equal((3, 2), cluster.Api.ServiceAllocator.Used);
    }

    [Fact]
    public async Task An_update_that_omits_the_node_port_keeps_it_and_a_change_to_cluster_ip_releases_it()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var created = await services.CreateAsync(Svc("web", "NodePort"));
        var port = created.Spec!.Ports![0].NodePort!.Value;

        // kubectl apply / replace of the original manifest, which never named the node port.
        var replaced = await services.UpdateAsync(Svc("web", "NodePort") with { Metadata = created.Metadata });
        Assert.Equal(port, replaced.Spec!.Ports![0].NodePort);
        Assert.Equal(created.Spec.ClusterIP, replaced.Spec.ClusterIP);
        Assert.Equal(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion); // nothing changed, nothing written

        // Moving to a different node port frees the old one.
        var moved = await services.PatchAsync("web", PatchType.MergePatch, """{"spec":{"ports":[{"port":80,"targetPort":8080,"nodePort":30123}]}}""");
        Assert.Equal(30123, moved.Spec!.Ports![0].NodePort);
        Assert.False(cluster.Api.ServiceAllocator.IsPortAllocated(port));

        var clusterIP = await services.PatchAsync("web", PatchType.MergePatch, """{"spec":{"type":"ClusterIP"}}""");
        Assert.Null(clusterIP.Spec!.Ports![0].NodePort);
        Assert.Null(clusterIP.Spec.ExternalTrafficPolicy);
        Assert.False(cluster.Api.ServiceAllocator.IsPortAllocated(30123));
        await services.CreateAsync(Svc("other", "NodePort", nodePort: 30123));
    }

    [Fact]
    public async Task Load_balancers_may_skip_node_ports_and_local_ones_get_a_health_check_port()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Client.Services("default");
        var noPorts = Svc("np", "LoadBalancer");
        var created = await services.CreateAsync(noPorts with { Spec = noPorts.Spec! with { AllocateLoadBalancerNodePorts = false } });
        Assert.Null(created.Spec!.Ports![0].NodePort);

        var local = Svc("local", "LoadBalancer");
        var withHealth = await services.CreateAsync(local with { Spec = local.Spec! with { ExternalTrafficPolicy = "Local" } });
        var hc = withHealth.Spec!.HealthCheckNodePort!.Value;
        Assert.InRange(hc, 30000, 32767);
        Assert.NotEqual(withHealth.Spec.Ports![0].NodePort, hc);
        Assert.True(cluster.Api.ServiceAllocator.IsPortAllocated(hc));

        var cluster2 = await services.PatchAsync("local", PatchType.MergePatch, """{"spec":{"externalTrafficPolicy":"Cluster"}}""");
        Assert.Null(cluster2.Spec!.HealthCheckNodePort);
        Assert.False(cluster.Api.ServiceAllocator.IsPortAllocated(hc));
    }

    [Fact]
    public async Task Concurrent_creates_never_share_an_address()
    {
        await using var cluster = await StartAsync(b => b.UseServiceClusterIPRange("10.100.0.0/25").UseServiceNodePortRange("30000-30049"));
        var services = cluster.Client.Services("default");

        // Twenty creates asking for the same address: exactly one wins.
        var same = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try { await services.CreateAsync(Svc("same" + i, clusterIP: "10.100.0.10")); return true; }
            catch (InvalidException e) { Assert.Contains("provided IP is already allocated", e.Message); return false; }
        })));
        Assert.Single(same, won => won);

        // 50 node ports; 70 NodePort creates race for them.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 70).Select(i => Task.Run(async () =>
        {
            try { return (Service?)await services.CreateAsync(Svc("s" + i, "NodePort")); }
            catch (KubeApiException e) when (e.Code == 500) { Assert.Contains("failed to allocate a nodePort: range is full", e.Message); return null; }
        })));
        var created = attempts.Where(s => s is not null).Select(s => s!).ToList();
        Assert.Equal(50, created.Count);
        Assert.Equal(50, created.Select(s => s.Spec!.Ports![0].NodePort).Distinct().Count());
        Assert.Equal(50, created.Select(s => s.Spec!.ClusterIP).Distinct().Count());
        Assert.Equal((52, 50), cluster.Api.ServiceAllocator.Used); // the losers gave their cluster IPs back
    }

    [Fact]
    public async Task A_restarted_cluster_rebuilds_the_allocations_from_the_stored_services()
    {
        var store = new InMemoryStorageBackend();
        string autoIP;
        int autoPort;
        await using (var first = await StartAsync(b => b.UseServiceClusterIPRange("10.100.0.0/29"), store))
        {
            var services = first.Client.Services("default");
            await services.CreateAsync(Svc("dns", "NodePort", "10.100.0.2", 30007));
            var auto = await services.CreateAsync(Svc("auto", "NodePort"));
            (autoIP, autoPort) = (auto.Spec!.ClusterIP!, auto.Spec.Ports![0].NodePort!.Value);
        }

        await using var second = await StartAsync(b => b.UseServiceClusterIPRange("10.100.0.0/29"), store);
        var again = second.Client.Services("default");
        Assert.Equal((3, 2), second.Api.ServiceAllocator.Used);
        Assert.Contains("provided IP is already allocated", (await Assert.ThrowsAsync<InvalidException>(() => again.CreateAsync(Svc("x", clusterIP: "10.100.0.2")))).Message);
        Assert.Contains("provided IP is already allocated", (await Assert.ThrowsAsync<InvalidException>(() => again.CreateAsync(Svc("x", clusterIP: autoIP)))).Message);
        Assert.Contains("provided port is already allocated", (await Assert.ThrowsAsync<InvalidException>(() => again.CreateAsync(Svc("x", "NodePort", nodePort: 30007)))).Message);
        Assert.Contains("provided port is already allocated", (await Assert.ThrowsAsync<InvalidException>(() => again.CreateAsync(Svc("x", "NodePort", nodePort: autoPort)))).Message);
        // A /29 has six addresses: kubernetes, dns and auto hold three, so three more fit and the fourth does not.
        for (var i = 0; i < 3; i++) await again.CreateAsync(Svc("fill" + i));
        var full = await Assert.ThrowsAsync<KubeApiException>(() => again.CreateAsync(Svc("one-too-many")));
        Assert.Equal((500, "Internal error occurred: failed to allocate a serviceIP: range is full"), (full.Code, full.Message));
    }

    [Fact]
    public async Task Client_side_apply_replaces_a_service_with_a_fixed_cluster_ip_and_node_port()
    {
        await using var cluster = await StartAsync();
        var manifest = Svc("dns", "NodePort", "10.96.0.10", 30053);
        await cluster.Client.ApplyAsync([manifest]);
        // kube-apiserver answers a repeated create of this Service with 422 (its addresses are taken — by itself), not 409.
        var again = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.Services("default").CreateAsync(manifest));
        Assert.Contains("provided IP is already allocated", again.Message);
        var relabelled = manifest with { Metadata = manifest.Metadata with { Labels = new Dictionary<string, string> { ["v"] = "2" } } };
        var applied = (Service)Assert.Single(await cluster.Client.ApplyAsync([relabelled]));
        Assert.Equal(("2", "10.96.0.10", 30053), (applied.Metadata.Labels!["v"], applied.Spec!.ClusterIP, applied.Spec.Ports![0].NodePort));

        var clash = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.ApplyAsync([Svc("other", clusterIP: "10.96.0.10")]));
        Assert.Contains("Service \"other\" is invalid", clash.Message);
    }
}
