using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Endpoints;

public sealed class EndpointControllersTests : ControllersTest
{
    private const string SliceSelector = "kubernetes.io/service-name=web";

    private static Service WebService(string? targetPort = "http", bool publishNotReady = false, string? clusterIP = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["team"] = "a" } },
        Spec = new ServiceSpec
        {
            ClusterIP = clusterIP,
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            PublishNotReadyAddresses = publishNotReady,
            Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = targetPort is null ? new IntOrString(8080) : new IntOrString(targetPort) }],
        },
    };

    private async Task<Pod> PodAsync(string name, string ip, bool ready, int containerPort = 8080, string portName = "http", string app = "web", string[]? finalizers = null)
    {
        var pod = await Client.Pods("default").CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app }, Finalizers = finalizers },
            Spec = new PodSpec
            {
                NodeName = "node-1",
                Containers = [new Container { Name = "c", Image = "nginx", Ports = [new ContainerPort { Name = portName, Port = containerPort, Protocol = "TCP" }] }],
            },
        });
        return await SetStatusAsync(pod, ip, ready);
    }

    private async Task<Pod> SetStatusAsync(Pod pod, string ip, bool ready)
    {
        var current = await Client.Pods("default").GetAsync(pod.Metadata.Name!);
        return await Client.Pods("default").UpdateStatusAsync(current with
        {
            Status = new PodStatus
            {
                Phase = "Running", PodIP = ip, PodIPs = [new PodIPEntry { Ip = ip }],
                Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = KubeTime.Now(Time) }],
            },
        });
    }

    private async Task<List<EndpointSlice>> SlicesAsync() => [.. (await Client.EndpointSlices("default").ListAsync(SliceSelector)).Items];

    private async Task<EndpointSlice> OnlySliceAsync(Func<EndpointSlice, bool> condition, string what)
    {
        EndpointSlice? found = null;
        await Eventually(async () => (await SlicesAsync()) is [var only] && condition(found = only), what);
        return found!;
    }

    private async Task<Models.Endpoints> EndpointsAsync(Func<Models.Endpoints, bool> condition, string what)
    {
        Models.Endpoints? found = null;
        await Eventually(async () => await Client.Endpoints("default").TryGetAsync("web") is { } e && condition(found = e), what);
        return found!;
    }

    private static EndpointSliceEndpoint? Endpoint(EndpointSlice slice, string pod) => slice.Endpoints?.FirstOrDefault(e => e.TargetRef?.Name == pod);

    [Fact]
    public async Task Slice_lists_selected_pods_with_conditions_and_named_port_resolved()
    {
        var service = await Client.Services("default").CreateAsync(WebService());
        await PodAsync("web-a", "10.244.0.5", ready: true);
        await PodAsync("web-b", "10.244.0.6", ready: false);
        await PodAsync("other", "10.244.0.7", ready: true, app: "db");

        var slice = await OnlySliceAsync(s => s.Endpoints?.Count == 2, "the slice lists both web pods");
        Assert.Equal("IPv4", slice.AddressType);
        Assert.StartsWith("web-", slice.Metadata.Name);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels!["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("a", slice.Metadata.Labels["team"]);
        var owner = Assert.Single(slice.Metadata.OwnerReferences!);
        Assert.Equal(("Service", "web", service.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        var port = Assert.Single(slice.Ports!);
        Assert.Equal(("http", 8080, "TCP"), (port.Name, port.Port, port.Protocol));

        var a = Endpoint(slice, "web-a")!;
        Assert.Equal(["10.244.0.5"], a.Addresses!);
        Assert.Equal("node-1", a.NodeName);
        Assert.Equal(("Pod", "default"), (a.TargetRef!.Kind, a.TargetRef.Namespace));
        Assert.Equal((true, true, false), (a.Conditions!.Ready, a.Conditions.Serving, a.Conditions.Terminating));
        var b = Endpoint(slice, "web-b")!;
        Assert.Equal((false, false, false), (b.Conditions!.Ready, b.Conditions.Serving, b.Conditions.Terminating));

        var endpoints = await EndpointsAsync(e => e.Subsets is [{ Addresses.Count: 1, NotReadyAddresses.Count: 1 }], "Endpoints splits ready and not ready");
        var subset = endpoints.Subsets![0];
        Assert.Equal("10.244.0.5", subset.Addresses![0].Ip);
        Assert.Equal("web-a", subset.Addresses[0].TargetRef!.Name);
        Assert.Equal("10.244.0.6", subset.NotReadyAddresses![0].Ip);
        Assert.Equal(("http", 8080, "TCP"), (subset.Ports![0].Name, subset.Ports[0].Port, subset.Ports[0].Protocol));
    }

    [Fact]
    public async Task Pods_resolving_a_named_port_differently_are_grouped_and_pods_without_it_get_no_port()
    {
        await Client.Services("default").CreateAsync(WebService());
        await PodAsync("web-a", "10.244.0.5", ready: true, containerPort: 8080);
        await PodAsync("web-b", "10.244.0.6", ready: true, containerPort: 9090);
        await PodAsync("web-c", "10.244.0.7", ready: true, portName: "metrics");

        List<EndpointSlice> slices = [];
        await Eventually(async () => (slices = await SlicesAsync()).Count == 3 && slices.All(s => s.Endpoints?.Count == 1), "one slice per resolved port set");
        Assert.Equal(8080, slices.Single(s => Endpoint(s, "web-a") is not null).Ports!.Single().Port);
        Assert.Equal(9090, slices.Single(s => Endpoint(s, "web-b") is not null).Ports!.Single().Port);
        Assert.Empty(slices.Single(s => Endpoint(s, "web-c") is not null).Ports!);

        // The Endpoints object has no address for a pod none of whose ports resolve.
        var endpoints = await EndpointsAsync(e => e.Subsets?.Count == 2, "two subsets, one per port");
        Assert.DoesNotContain(endpoints.Subsets!.SelectMany(s => s.Addresses ?? []), a => a.TargetRef?.Name == "web-c");
    }

    [Fact]
    public async Task Readiness_ip_changes_and_deletion_update_the_slice_and_terminating_pods_leave_endpoints()
    {
        await Client.Services("default").CreateAsync(WebService(targetPort: null));
        var a = await PodAsync("web-a", "10.244.0.5", ready: false, finalizers: ["example.com/hold"]);
        await OnlySliceAsync(s => Endpoint(s, "web-a")?.Conditions?.Ready == false, "listed not ready");

        await SetStatusAsync(a, "10.244.0.9", ready: true);
        await OnlySliceAsync(s => Endpoint(s, "web-a") is { Conditions.Ready: true } e && e.Addresses![0] == "10.244.0.9", "ready with its new IP");
        await EndpointsAsync(e => e.Subsets is [{ Addresses: [{ Ip: "10.244.0.9" }], NotReadyAddresses: null }], "Endpoints ready with the new IP");

        await Client.Pods("default").DeleteAsync("web-a");
        var slice = await OnlySliceAsync(s => Endpoint(s, "web-a")?.Conditions?.Terminating == true, "terminating");
        Assert.Equal((false, true), (Endpoint(slice, "web-a")!.Conditions!.Ready, Endpoint(slice, "web-a")!.Conditions!.Serving));
        await EndpointsAsync(e => e.Subsets is null or [], "Endpoints drops the terminating pod");

        await Client.Pods("default").UpdateWithRetryAsync("web-a", p => p with { Metadata = p.Metadata with { Finalizers = [] } });
        slice = await OnlySliceAsync(s => s.Endpoints is null or [], "the placeholder remains once the pod is gone");
        Assert.Empty(slice.Ports ?? []);
    }

    [Fact]
    public async Task Publish_not_ready_addresses_makes_every_endpoint_ready_and_serving()
    {
        await Client.Services("default").CreateAsync(WebService(publishNotReady: true, clusterIP: "None"));
        await PodAsync("web-a", "10.244.0.5", ready: false);
        var slice = await OnlySliceAsync(s => s.Endpoints?.Count == 1, "listed");
        Assert.Equal((true, true), (Endpoint(slice, "web-a")!.Conditions!.Ready, Endpoint(slice, "web-a")!.Conditions!.Serving));
        Assert.True(slice.Metadata.Labels!.ContainsKey("service.kubernetes.io/headless"));
        await EndpointsAsync(e => e.Subsets is [{ Addresses: [{ Ip: "10.244.0.5" }] }], "Endpoints lists it as ready");
    }

    [Fact]
    public async Task Service_changes_update_slices_and_deleting_the_service_removes_them()
    {
        await Client.Services("default").CreateAsync(WebService(targetPort: null));
        await PodAsync("web-a", "10.244.0.5", ready: true);
        await PodAsync("api-a", "10.244.0.6", ready: true, app: "api");
        await OnlySliceAsync(s => Endpoint(s, "web-a") is not null, "web pod listed");

        await Client.Services("default").UpdateWithRetryAsync("web", s => s with
        {
            Spec = s.Spec! with
            {
                Selector = new Dictionary<string, string> { ["app"] = "api" },
                Ports = [new ServicePort { Name = "grpc", Port = 90, Protocol = "TCP", TargetPort = new IntOrString(9000) }],
            },
        });
        var slice = await OnlySliceAsync(s => s.Endpoints is [{ TargetRef.Name: "api-a" }] && s.Ports is [{ Port: 9000 }], "the new selector and port apply");
        Assert.Equal("grpc", slice.Ports![0].Name);
        await EndpointsAsync(e => e.Subsets is [{ Addresses: [{ Ip: "10.244.0.6" }], Ports: [{ Port: 9000 }] }], "Endpoints follows");

        await Client.Services("default").DeleteAsync("web");
        await Eventually(async () => (await SlicesAsync()).Count == 0 && await Client.Endpoints("default").TryGetAsync("web") is null, "slices and Endpoints are removed");
    }

    [Fact]
    public async Task Large_services_spread_over_slices_of_at_most_100_and_unchanged_state_is_not_rewritten()
    {
        await Client.Services("default").CreateAsync(WebService(targetPort: null));
        for (var i = 0; i < 150; i++) await PodAsync($"web-{i:D3}", $"10.244.{i / 200}.{i % 200 + 1}", ready: true);
        List<EndpointSlice> slices = [];
        await Eventually(async () => (slices = await SlicesAsync()).Sum(s => s.Endpoints?.Count ?? 0) == 150, "all 150 endpoints listed");
        Assert.Equal(2, slices.Count);
        Assert.All(slices, s => Assert.True(s.Endpoints!.Count <= 100));
        Assert.Equal(150, slices.SelectMany(s => s.Endpoints!).Select(e => e.TargetRef!.Name).Distinct().Count());

        // A pod change that affects no endpoint triggers a sync but no write.
        var versions = slices.ToDictionary(s => s.Metadata.Name!, s => s.Metadata.ResourceVersion);
        var endpointsVersion = (await Client.Endpoints("default").GetAsync("web")).Metadata.ResourceVersion;
        await Client.Pods("default").UpdateWithRetryAsync("web-000", p => p with { Metadata = p.Metadata with { Annotations = new Dictionary<string, string> { ["note"] = "x" } } });
        // Then a real change to a later pod, so we know the controllers have processed the no-op event before it.
        await SetStatusAsync(await Client.Pods("default").GetAsync("web-149"), "10.244.0.250", ready: true);
        await Eventually(async () => (await SlicesAsync()).SelectMany(s => s.Endpoints!).Any(e => e.Addresses![0] == "10.244.0.250"), "the IP change lands");
        await EndpointsAsync(e => e.Subsets![0].Addresses!.Any(a => a.Ip == "10.244.0.250"), "Endpoints sees the IP change");
        var after = await SlicesAsync();
        var changed = after.Where(s => versions[s.Metadata.Name!] != s.Metadata.ResourceVersion).ToList();
        var only = Assert.Single(changed);
        Assert.Contains(only.Endpoints!, e => e.TargetRef!.Name == "web-149");
        Assert.Equal(2, after.Count);
        Assert.NotEqual(endpointsVersion, (await Client.Endpoints("default").GetAsync("web")).Metadata.ResourceVersion);
    }
}
