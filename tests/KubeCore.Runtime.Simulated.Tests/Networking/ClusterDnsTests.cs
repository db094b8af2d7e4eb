using System.Net;
using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Networking.Dns;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>
/// The cluster DNS on a simulated cluster with the built-in controllers: Deployments make pods, the EndpointSlice
/// controller publishes them, and the resolver answers from its informer caches as CoreDNS would.
/// </summary>
public sealed class ClusterDnsTests : IAsyncLifetime
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(20);
    private readonly SemaphoreSlim _changed = new(0);
    private readonly List<IDisposable> _handlers = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private KubeCluster _cluster = null!;
    private ClusterDns _dns = null!;

    private KubeClient Client => _cluster.Client;

    public async Task InitializeAsync()
    {
        _cluster = await KubeCluster.CreateBuilder().UseTimeProvider(_time)
            .AddNodes(2)
            .UseScheduler()
            .AddBuiltInControllers()
            .StartAsync();
        _dns = await ClusterDns.StartAsync(_cluster);
        // Registered after the resolver's handlers, so a signal means the resolver has seen the change.
        _handlers.Add(_cluster.Informers.GetInformer<Pod>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
        _handlers.Add(_cluster.Informers.GetInformer<Service>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
        _handlers.Add(_cluster.Informers.GetInformer<EndpointSlice>().AddEventHandler(_ => Signal(), (_, _) => Signal(), _ => Signal()));
    }

    public async Task DisposeAsync()
    {
        foreach (var h in _handlers) h.Dispose();
        await _dns.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private void Signal()
    {
        try { _changed.Release(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on every informer event; virtual time moves (500 ms) only while the cluster is quiet.</summary>
    private async Task Until(string what, Func<bool> condition)
    {
        var deadline = _time.GetUtcNow() + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (await _changed.WaitAsync(QuietPeriod)) continue;
            Assert.True(_time.GetUtcNow() < deadline, $"timed out waiting for {what}");
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }
    }

    private async Task<Service> CreateServiceAsync(string name, ServiceSpec spec, string ns = "default") =>
        await Client.Services(ns).CreateAsync(new Service { Metadata = new ObjectMeta { Name = name }, Spec = spec });

    private static ServiceSpec Selecting(string app, string? clusterIP, params ServicePort[] ports) => new()
    {
        ClusterIP = clusterIP,
        Selector = new Dictionary<string, string> { ["app"] = app },
        Ports = ports.Length > 0 ? ports : [new ServicePort { Name = "http", Port = 80, TargetPort = new IntOrString("http") }],
    };

    private async Task DeployAsync(string name, int replicas, Dictionary<string, string>? podAnnotations = null) =>
        await Client.Deployments("default").CreateAsync(new Deployment
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new DeploymentSpec
            {
                Replicas = replicas,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name }, Annotations = podAnnotations },
                    Spec = new PodSpec
                    {
                        Containers = [new Container { Name = "app", Image = "web:v1", Ports = [new ContainerPort { Name = "http", Port = 8080 }] }],
                    },
                },
            },
        });

    private async Task<List<IPAddress>> ReadyPodIpsAsync(string app, int count)
    {
        List<IPAddress> ips = [];
        await Until($"{count} ready {app} pods", () =>
        {
            var pods = _cluster.Informers.GetInformer<Pod>().Lister.List("default", p => p.Metadata.Labels?.GetValueOrDefault("app") == app
                && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true && p.Status.PodIP is not null);
            ips = [.. pods.Select(p => IPAddress.Parse(p.Status!.PodIP!)).OrderBy(ip => ip.ToString(), StringComparer.Ordinal)];
            return ips.Count == count;
        });
        return ips;
    }

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    private static List<IPAddress> Addresses(DnsAnswer answer) =>
        [.. answer.Records.Where(r => r.Address is not null).Select(r => r.Address!).OrderBy(ip => ip.ToString(), StringComparer.Ordinal)];

    [Fact]
    public async Task A_Service_name_resolves_to_its_ClusterIP_through_the_pod_search_path()
    {
        await DeployAsync("web", 2);
        await CreateServiceAsync("web", Selecting("web", "10.96.0.50"));
        await Until("web is served", () => _dns.Resolve("web.default.svc.cluster.local").Records.Count > 0);

        var answer = _dns.Resolve("web.default.svc.cluster.local");
        Assert.Equal(DnsResponseCode.NoError, answer.ResponseCode);
        Assert.Equal("web.default.svc.cluster.local", answer.QualifiedName);
        var record = Assert.Single(answer.Records);
        Assert.Equal((DnsRecordType.A, "web.default.svc.cluster.local", Ip("10.96.0.50"), TimeSpan.FromSeconds(5)), (record.Type, record.Name, record.Address, record.Ttl));
        Assert.Equal("web.default.svc.cluster.local. 5 IN A 10.96.0.50", record.ToString());

        // Every form a pod in "default" may use, including upper case and the absolute name.
        foreach (var name in new[] { "web", "web.default", "web.default.svc", "web.default.svc.cluster.local", "web.default.svc.cluster.local.", "WEB.Default" })
        {
            var a = _dns.Resolve(name, searchNamespace: "default");
            Assert.True(a.ResponseCode == DnsResponseCode.NoError, name);
            Assert.Equal("web.default.svc.cluster.local", a.QualifiedName);
            Assert.Equal([Ip("10.96.0.50")], Addresses(a));
            Assert.Equal([Ip("10.96.0.50")], _dns.ResolveAddresses(name, "default"));
        }
        // From another namespace the short name is not ours; names with the namespace still are.
        await Client.Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "other" } });
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("web", searchNamespace: "other").ResponseCode);
        Assert.Empty(_dns.ResolveAddresses("web", "other"));
        Assert.Equal([Ip("10.96.0.50")], _dns.ResolveAddresses("web.default", "other"));
        // Without a namespace only names carrying one resolve.
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("web").ResponseCode);
        Assert.Empty(_dns.ResolveAddresses("web"));
        Assert.Equal([Ip("10.96.0.50")], _dns.ResolveAddresses("web.default"));
        Assert.Equal([Ip("10.96.0.50")], _dns.ResolveAddresses("web.default.svc"));

        // Wrong namespace, unknown names, other zones, too many labels: NXDOMAIN. The name exists but has no AAAA: NODATA.
        foreach (var name in new[] { "web.other.svc.cluster.local", "nope.default.svc.cluster.local", "web.default.svc.example.local", "example.com", "a.b.c.web.default.svc.cluster.local", "web.default.cluster.local", "nosuchns.svc.cluster.local" })
        {
            Assert.True(DnsResponseCode.NXDomain == _dns.Resolve(name + ".").ResponseCode, name);
            Assert.Empty(_dns.ResolveAddresses(name + "."));
        }
        var aaaa = _dns.Resolve("web.default.svc.cluster.local", DnsRecordType.AAAA);
        Assert.Equal((DnsResponseCode.NoError, 0), (aaaa.ResponseCode, aaaa.Records.Count));
        Assert.Equal(DnsResponseCode.NoError, _dns.Resolve("default.svc.cluster.local.").ResponseCode);   // an existing namespace: NODATA
        Assert.Empty(_dns.Resolve("default.svc.cluster.local.").Records);

        // IP literals are what a client connects to; schema version and reverse records as the spec lists them.
        Assert.Equal([Ip("10.96.0.50")], _dns.ResolveAddresses("10.96.0.50"));
        var txt = Assert.Single(_dns.Resolve("dns-version.cluster.local", DnsRecordType.TXT).Records);
        Assert.Equal(("1.1.0", TimeSpan.FromSeconds(28800)), (txt.Text, txt.Ttl));
        var ptr = Assert.Single(_dns.Resolve("50.0.96.10.in-addr.arpa.", DnsRecordType.PTR).Records);
        Assert.Equal("web.default.svc.cluster.local", ptr.Target);
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("51.0.96.10.in-addr.arpa.", DnsRecordType.PTR).ResponseCode);
    }

    [Fact]
    public async Task Resolving_Service_and_endpoint_names_to_addresses_allocates_nothing()
    {
        await DeployAsync("web", 1);
        await CreateServiceAsync("web", Selecting("web", "10.96.0.50"));
        await CreateServiceAsync("web-headless", Selecting("web", "None"));
        await Until("both services are served", () => _dns.ResolveAddresses("web", "default").Count == 1 && _dns.ResolveAddresses("web-headless", "default").Count == 1);
        var endpoint = _dns.ResolveAddresses("web-headless", "default")[0].ToString().Replace('.', '-') + ".web-headless";

        string[] names = ["web", "web.default", "web.default.svc.cluster.local", "web-headless", endpoint];
        foreach (var name in names) Assert.NotEmpty(_dns.ResolveAddresses(name, "default"));   // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            foreach (var name in names) _dns.ResolveAddresses(name, "default");
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Named_ports_get_SRV_records_pointing_at_the_Service_name()
    {
        await CreateServiceAsync("api", Selecting("api", "10.96.0.60",
            new ServicePort { Name = "http", Port = 80, TargetPort = new IntOrString(8080) },
            new ServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = new IntOrString(5353) }));
        await Until("api is served", () => _dns.ResolveAddresses("api.default").Count > 0);

        var http = Assert.Single(_dns.Resolve("_http._tcp.api.default.svc.cluster.local", DnsRecordType.SRV).Records);
        Assert.Equal((DnsRecordType.SRV, 0, 100, 80, "api.default.svc.cluster.local"), (http.Type, http.Priority, http.Weight, http.Port, http.Target));
        Assert.Equal("_http._tcp.api.default.svc.cluster.local. 5 IN SRV 0 100 80 api.default.svc.cluster.local.", http.ToString());
        var udp = Assert.Single(_dns.Resolve("_dns._udp.api", DnsRecordType.SRV, "default").Records);
        Assert.Equal(53, udp.Port);
        Assert.Equal("_dns._udp.api.default.svc.cluster.local", _dns.Resolve("_dns._udp.api", DnsRecordType.SRV, "default").QualifiedName);

        // The wrong protocol or an unknown port name does not exist; the bare Service name lists every port.
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("_http._udp.api.default.svc.cluster.local", DnsRecordType.SRV).ResponseCode);
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("_metrics._tcp.api.default.svc.cluster.local", DnsRecordType.SRV).ResponseCode);
        var all = _dns.Resolve("api.default.svc.cluster.local", DnsRecordType.SRV).Records;
        Assert.Equal([(53, 50), (80, 50)], all.Select(r => (r.Port, r.Weight)).Order());
    }

    [Fact]
    public async Task A_headless_Service_resolves_to_ready_pod_IPs_with_per_endpoint_names_and_SRV_targets()
    {
        await DeployAsync("web", 3);
        await CreateServiceAsync("web-headless", Selecting("web", "None"));
        var ips = await ReadyPodIpsAsync("web", 3);
        await Until("the headless service lists 3 pods", () => _dns.ResolveAddresses("web-headless", "default").Count == 3);

        var answer = _dns.Resolve("web-headless", searchNamespace: "default");
        Assert.Equal(ips, Addresses(answer));
        Assert.All(answer.Records, r => Assert.Equal("web-headless.default.svc.cluster.local", r.Name));
        Assert.Equal(ips, _dns.ResolveAddresses("web-headless.default").Order(Comparer<IPAddress>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))));

        // SRV: one record per endpoint, named after the endpoint (dashed IP without a hostname), on the pods' port.
        var srv = _dns.Resolve("_http._tcp.web-headless.default.svc.cluster.local", DnsRecordType.SRV).Records;
        Assert.Equal(ips.Select(ip => $"{ip.ToString().Replace('.', '-')}.web-headless.default.svc.cluster.local").Order(), srv.Select(r => r.Target!).Order());
        Assert.All(srv, r => Assert.Equal((8080, 33), (r.Port, r.Weight)));
        // Each endpoint name resolves to its pod.
        var first = srv.OrderBy(r => r.Target, StringComparer.Ordinal).First();
        var endpointIp = Assert.Single(_dns.ResolveAddresses(first.Target!));
        Assert.Equal(first.Target, $"{endpointIp.ToString().Replace('.', '-')}.web-headless.default.svc.cluster.local");
        Assert.Equal([endpointIp], Addresses(_dns.Resolve(first.Target!)));

        // Scaled to zero: no ready endpoint, and a headless Service without endpoints is NXDOMAIN.
        await Client.Deployments("default").UpdateWithRetryAsync("web", d => d with { Spec = d.Spec! with { Replicas = 0 } });
        await Until("no endpoints left", () => _dns.Resolve("web-headless.default.svc.cluster.local").ResponseCode == DnsResponseCode.NXDomain);
        Assert.Empty(_dns.ResolveAddresses("web-headless", "default"));
    }

    [Fact]
    public async Task Pods_with_hostname_and_subdomain_get_names_under_their_headless_Service()
    {
        await CreateServiceAsync("db", Selecting("db", "None"));
        foreach (var i in new[] { 0, 1 })
            await Client.Pods("default").CreateAsync(new Pod
            {
                Metadata = new ObjectMeta { Name = $"db-{i}", Labels = new Dictionary<string, string> { ["app"] = "db" } },
                Spec = new PodSpec
                {
                    Hostname = $"db-{i}", Subdomain = "db",
                    Containers = [new Container { Name = "db", Image = "db:v1", Ports = [new ContainerPort { Name = "http", Port = 5432 }] }],
                },
            });
        var ips = await ReadyPodIpsAsync("db", 2);
        await Until("both db pods published", () => _dns.ResolveAddresses("db", "default").Count == 2);

        var pods = _cluster.Informers.GetInformer<Pod>().Lister.List("default", p => p.Metadata.Labels?.GetValueOrDefault("app") == "db");
        foreach (var pod in pods)
        {
            var answer = _dns.Resolve($"{pod.Metadata.Name}.db", searchNamespace: "default");
            Assert.Equal($"{pod.Metadata.Name}.db.default.svc.cluster.local", answer.QualifiedName);
            Assert.Equal([Ip(pod.Status!.PodIP!)], Addresses(answer));
        }
        var srv = _dns.Resolve("_http._tcp.db.default.svc.cluster.local", DnsRecordType.SRV).Records;
        Assert.Equal(["db-0.db.default.svc.cluster.local", "db-1.db.default.svc.cluster.local"], srv.Select(r => r.Target!).Order());
        Assert.All(srv, r => Assert.Equal(5432, r.Port));
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("db-2.db.default.svc.cluster.local").ResponseCode);
        // The reverse record of an endpoint names it.
        var reverse = string.Join('.', ips[0].ToString().Split('.').Reverse()) + ".in-addr.arpa";
        Assert.Contains(_dns.Resolve(reverse, DnsRecordType.PTR).Records, r => r.Target!.EndsWith(".db.default.svc.cluster.local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Not_ready_pods_are_left_out_unless_the_Service_publishes_not_ready_addresses()
    {
        await DeployAsync("slow", 1, new Dictionary<string, string> { ["sim.kubecore.dev/fail-readiness"] = "true" });
        await CreateServiceAsync("slow", Selecting("slow", "None"));
        await CreateServiceAsync("slow-all", Selecting("slow", "None") with { PublishNotReadyAddresses = true });

        await Until("the unready pod is published by slow-all", () => _dns.ResolveAddresses("slow-all", "default").Count == 1);
        var pod = Assert.Single(_cluster.Informers.GetInformer<Pod>().Lister.List("default", p => p.Metadata.Labels?.GetValueOrDefault("app") == "slow"));
        Assert.Equal([Ip(pod.Status!.PodIP!)], _dns.ResolveAddresses("slow-all", "default"));
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("slow", searchNamespace: "default").ResponseCode);
    }

    [Fact]
    public async Task ExternalName_Services_answer_a_CNAME_which_is_followed_inside_the_cluster()
    {
        await CreateServiceAsync("web", Selecting("web", "10.96.0.50"));
        await CreateServiceAsync("search", new ServiceSpec { Type = "ExternalName", ExternalName = "search.example.com" });
        await CreateServiceAsync("alias", new ServiceSpec { Type = "ExternalName", ExternalName = "web.default.svc.cluster.local." });
        await CreateServiceAsync("dangling", new ServiceSpec { Type = "ExternalName", ExternalName = "gone.default.svc.cluster.local" });
        await Until("the ExternalName services are served", () => _dns.Resolve("dangling.default.svc.cluster.local", DnsRecordType.CNAME).Records.Count > 0
                                                                      && _dns.ResolveAddresses("web.default").Count > 0);

        var external = _dns.Resolve("search", searchNamespace: "default");
        Assert.Equal(DnsResponseCode.NoError, external.ResponseCode);
        var cname = Assert.Single(external.Records);
        Assert.Equal((DnsRecordType.CNAME, "search.default.svc.cluster.local", "search.example.com"), (cname.Type, cname.Name, cname.Target));
        Assert.Equal("search.default.svc.cluster.local. 5 IN CNAME search.example.com.", cname.ToString());
        Assert.Empty(_dns.ResolveAddresses("search", "default"));   // outside the cluster: nothing here to follow
        Assert.Equal(DnsResponseCode.NoError, _dns.Resolve("search.default.svc.cluster.local", DnsRecordType.SRV).ResponseCode);
        Assert.Empty(_dns.Resolve("search.default.svc.cluster.local", DnsRecordType.SRV).Records);

        // An alias into the cluster domain is followed: CNAME, then the target's A record.
        var alias = _dns.Resolve("alias.default.svc.cluster.local");
        Assert.Equal([DnsRecordType.CNAME, DnsRecordType.A], alias.Records.Select(r => r.Type));
        Assert.Equal(("web.default.svc.cluster.local", "web.default.svc.cluster.local", Ip("10.96.0.50")),
            (alias.Records[0].Target, alias.Records[1].Name, alias.Records[1].Address));
        Assert.Equal([Ip("10.96.0.50")], _dns.ResolveAddresses("alias", "default"));
        var only = Assert.Single(_dns.Resolve("alias.default.svc.cluster.local", DnsRecordType.CNAME).Records);
        Assert.Equal("web.default.svc.cluster.local", only.Target);

        // A CNAME to a name that does not exist: the CNAME with NXDOMAIN, and no address.
        var dangling = _dns.Resolve("dangling.default.svc.cluster.local.");
        Assert.Equal(DnsResponseCode.NXDomain, dangling.ResponseCode);
        Assert.Empty(_dns.ResolveAddresses("dangling", "default"));
    }

    [Fact]
    public async Task Pod_A_records_echo_the_address_in_namespaces_that_exist_and_verified_mode_checks_the_pod()
    {
        var insecure = _dns.Resolve("10-244-0-5.default.pod.cluster.local");
        var record = Assert.Single(insecure.Records);
        Assert.Equal((DnsRecordType.A, Ip("10.244.0.5")), (record.Type, record.Address));
        Assert.Equal([Ip("10.244.0.5")], _dns.ResolveAddresses("10-244-0-5.default.pod", "default"));
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("10-244-0-5.nosuchns.pod.cluster.local").ResponseCode);
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("10-244-0.default.pod.cluster.local").ResponseCode);
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("not-an-ip.default.pod.cluster.local").ResponseCode);

        await using var verified = await ClusterDns.StartAsync(_cluster, new ClusterDnsOptions { PodRecords = PodRecordMode.Verified, Ttl = TimeSpan.FromSeconds(30) });
        await using var disabled = await ClusterDns.StartAsync(_cluster, new ClusterDnsOptions { PodRecords = PodRecordMode.Disabled });
        await DeployAsync("web", 1);
        var ip = Assert.Single(await ReadyPodIpsAsync("web", 1));
        var name = ip.ToString().Replace('.', '-') + ".default.pod.cluster.local";
        await Until("the verified resolver knows the pod", () => verified.Resolve(name).Records.Count == 1);
        Assert.Equal(TimeSpan.FromSeconds(30), verified.Resolve(name).Records[0].Ttl);
        Assert.Equal(DnsResponseCode.NXDomain, verified.Resolve("10-244-9-9.default.pod.cluster.local").ResponseCode);
        Assert.Equal(DnsResponseCode.NXDomain, verified.Resolve(ip.ToString().Replace('.', '-') + ".kube-system.pod.cluster.local").ResponseCode);
        Assert.Equal(DnsResponseCode.NXDomain, disabled.Resolve(name).ResponseCode);
    }

    [Fact]
    public async Task Answers_follow_Services_as_they_are_created_and_deleted()
    {
        Assert.Equal(DnsResponseCode.NXDomain, _dns.Resolve("late.default.svc.cluster.local").ResponseCode);
        await CreateServiceAsync("late", Selecting("late", "10.96.0.77"));
        await Until("the new service resolves", () => _dns.ResolveAddresses("late.default").Count == 1);
        Assert.Equal([Ip("10.96.0.77")], _dns.ResolveAddresses("late.default"));

        await Client.Services("default").DeleteAsync("late");
        await Until("the deleted service is gone", () => _dns.Resolve("late.default.svc.cluster.local").ResponseCode == DnsResponseCode.NXDomain);
        Assert.Empty(_dns.ResolveAddresses("late.default"));
    }

    [Fact]
    public async Task Bad_options_and_arguments_are_rejected()
    {
        var ttl = await Assert.ThrowsAsync<ArgumentException>(() => ClusterDns.StartAsync(_cluster, new ClusterDnsOptions { Ttl = TimeSpan.FromHours(2) }));
        Assert.Contains("ttl must be in range [0, 3600]", ttl.Message);
        var zone = await Assert.ThrowsAsync<ArgumentException>(() => ClusterDns.StartAsync(_cluster, new ClusterDnsOptions { ClusterDomain = "bad..domain" }));
        Assert.Contains("not a valid DNS name", zone.Message);
        Assert.Throws<ArgumentException>(() => _dns.Resolve(""));
        Assert.Throws<ArgumentException>(() => _dns.ResolveAddresses(""));

        // Another cluster domain is honoured.
        await using var custom = await ClusterDns.StartAsync(_cluster, new ClusterDnsOptions { ClusterDomain = "corp.internal." });
        await CreateServiceAsync("web", Selecting("web", "10.96.0.50"));
        await Until("served under corp.internal", () => custom.ResolveAddresses("web", "default").Count == 1);
        Assert.Equal("web.default.svc.corp.internal", custom.Resolve("web", searchNamespace: "default").QualifiedName);
        Assert.Equal(DnsResponseCode.NXDomain, custom.Resolve("web.default.svc.cluster.local.").ResponseCode);
    }
}
