using KubeCore.Models;
using KubeCore.Runtime.Simulated.Networking.Ingress;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>Objects for routing-table and controller tests.</summary>
internal static class IngressObjects
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static HttpIngressPath Path(string path, string pathType, string service, int port = 80) =>
        new() { Path = path, PathType = pathType, Backend = Backend(service, port) };

    public static HttpIngressPath PathToNamedPort(string path, string pathType, string service, string portName) =>
        new() { Path = path, PathType = pathType, Backend = new IngressBackend { Service = new IngressServiceBackend { Name = service, Port = new ServiceBackendPort { Name = portName } } } };

    public static IngressBackend Backend(string service, int port = 80) =>
        new() { Service = new IngressServiceBackend { Name = service, Port = new ServiceBackendPort { Number = port } } };

    public static IngressRule Rule(string? host, params HttpIngressPath[] paths) =>
        new() { Host = host, Http = paths.Length == 0 ? null : new HttpIngressRuleValue { Paths = paths } };

    public static Ingress Ingress(string name, IngressRule[]? rules = null, IngressBackend? defaultBackend = null, int ageSeconds = 0,
        string? className = null, string ns = "default", Dictionary<string, string>? annotations = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name, Namespace = ns, Annotations = annotations,
            CreationTimestamp = KubeTime.FromDateTimeOffset(T0.AddSeconds(-ageSeconds)),
        },
        Spec = new IngressSpec { IngressClassName = className, Rules = rules, DefaultBackend = defaultBackend },
    };

    public static Service Service(string name, string ns = "default", string? type = null, params ServicePort[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new ServiceSpec
        {
            Type = type,
            ExternalName = type == "ExternalName" ? "example.org" : null,
            Selector = type == "ExternalName" ? null : new Dictionary<string, string> { ["app"] = name },
            Ports = ports.Length > 0 ? ports : type == "ExternalName" ? null : [new ServicePort { Port = 80, Protocol = "TCP" }],
        },
    };

    /// <summary>A slice for <paramref name="service"/> with one endpoint per readiness value (null: condition unset).</summary>
    public static EndpointSlice Slice(string service, string? portName, int port, params bool?[] ready) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = service + "-" + (portName ?? "x") + "-slice", Namespace = "default",
            Labels = new Dictionary<string, string> { [IngressRouteTable.ServiceNameLabel] = service },
        },
        AddressType = "IPv4",
        Ports = [new EndpointSlicePort { Name = portName, Port = port, Protocol = "TCP" }],
        Endpoints = [.. ready.Select((r, i) => new EndpointSliceEndpoint { Addresses = [$"10.244.1.{i + 2}"], Conditions = new EndpointConditions { Ready = r } })],
    };
}

public sealed class IngressRouteTableTests
{
    private readonly List<Service> _services = [];
    private readonly List<EndpointSlice> _slices = [];

    /// <summary>Adds a Service with ports (default: one unnamed port 80) and one ready endpoint for each.</summary>
    private void Serve(string name, params ServicePort[] ports)
    {
        var service = IngressObjects.Service(name, ports: ports);
        _services.Add(service);
        foreach (var p in service.Spec!.Ports!) _slices.Add(IngressObjects.Slice(name, p.Name, 8080, true));
    }

    private IngressRouteTable Build(params Ingress[] ingresses) =>
        IngressRouteTable.Build(ingresses, (ns, name) => _services.FirstOrDefault(s => s.Metadata.Namespace == ns && s.Metadata.Name == name),
            (ns, name) => _slices.Where(s => s.Metadata.Namespace == ns && s.Metadata.Labels![IngressRouteTable.ServiceNameLabel] == name));

    /// <summary>The Service a request reaches, or "404"/"503".</summary>
    private static string Target(IngressRouteTable table, string? host, string path) => table.Match(host, path) switch
    {
        { Kind: IngressRouteKind.Service } r => r.Service!,
        { Kind: IngressRouteKind.DefaultBackend } => "404",
        _ => "503",
    };

    // The examples table of the Kubernetes Ingress documentation ("Examples" under "Path types"), row by row.
    [Theory]
    [InlineData("Prefix", "/", "/aaa/bbb", true)]
    [InlineData("Prefix", "/", "/", true)]
    [InlineData("Exact", "/foo", "/foo", true)]
    [InlineData("Exact", "/foo", "/bar", false)]
    [InlineData("Exact", "/foo", "/foo/", false)]
    [InlineData("Exact", "/foo/", "/foo", false)]
    [InlineData("Prefix", "/foo", "/foo", true)]
    [InlineData("Prefix", "/foo", "/foo/", true)]
    [InlineData("Prefix", "/foo/", "/foo", true)]
    [InlineData("Prefix", "/foo/", "/foo/", true)]
    [InlineData("Prefix", "/aaa/bb", "/aaa/bbb", false)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbb", true)]
    [InlineData("Prefix", "/aaa/bbb/", "/aaa/bbb", true)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbb/", true)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbb/ccc", true)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbbxyz", false)]
    [InlineData("Prefix", "/foo", "/FOO", false)]
    [InlineData("ImplementationSpecific", "/foo", "/foo/bar", true)]
    [InlineData("ImplementationSpecific", "/foo", "/foobar", false)]
    [InlineData("ImplementationSpecific", "", "/anything", true)]
    public void Path_types_match_as_the_Ingress_spec_says(string pathType, string path, string request, bool matches)
    {
        Serve("web");
        var table = Build(IngressObjects.Ingress("ing", [IngressObjects.Rule(null, IngressObjects.Path(path, pathType, "web"))]));

        Assert.Equal(matches ? "web" : "404", Target(table, "any.example.com", request));
    }

    [Fact]
    public void The_longest_match_wins_and_Exact_beats_Prefix_of_the_same_path()
    {
        foreach (var s in new[] { "root", "aaa", "aaa-exact", "bbb", "slash" }) Serve(s);
        var table = Build(IngressObjects.Ingress("ing", [IngressObjects.Rule(null,
            IngressObjects.Path("/", "Prefix", "root"),
            IngressObjects.Path("/aaa", "Prefix", "aaa"),
            IngressObjects.Path("/aaa", "Exact", "aaa-exact"),
            IngressObjects.Path("/aaa/bbb/", "Prefix", "bbb"),
            IngressObjects.Path("/aaa/", "Exact", "slash"))]));

        Assert.Equal("aaa-exact", Target(table, null, "/aaa"));
        Assert.Equal("slash", Target(table, null, "/aaa/"));
        Assert.Equal("aaa", Target(table, null, "/aaa/ccc"));
        Assert.Equal("bbb", Target(table, null, "/aaa/bbb"));
        Assert.Equal("bbb", Target(table, null, "/aaa/bbb/c"));
        Assert.Equal("root", Target(table, null, "/aaaa"));
        Assert.Equal("root", Target(table, null, "/"));
    }

    [Fact]
    public void Hosts_match_exactly_or_by_a_single_label_wildcard_and_exact_hosts_win()
    {
        foreach (var s in new[] { "foo", "wild", "any" }) Serve(s);
        var table = Build(IngressObjects.Ingress("ing", [
            IngressObjects.Rule("foo.bar.com", IngressObjects.Path("/", "Prefix", "foo")),
            IngressObjects.Rule("*.bar.com", IngressObjects.Path("/", "Prefix", "wild")),
            IngressObjects.Rule(null, IngressObjects.Path("/", "Prefix", "any"))]));

        Assert.Equal("foo", Target(table, "foo.bar.com", "/"));
        Assert.Equal("foo", Target(table, "FOO.Bar.com:8080", "/x"));     // case-insensitive, port ignored
        Assert.Equal("wild", Target(table, "baz.bar.com", "/"));
        Assert.Equal("any", Target(table, "bar.com", "/"));               // the wildcard needs one label…
        Assert.Equal("any", Target(table, "a.baz.bar.com", "/"));         // …and only one
        Assert.Equal("any", Target(table, "127.0.0.1:31000", "/"));
        Assert.Equal("any", Target(table, null, "/"));
    }

    [Fact]
    public void A_host_with_rules_does_not_fall_back_to_host_less_rules()
    {
        Serve("api");
        Serve("any");
        var table = Build(IngressObjects.Ingress("ing", [
            IngressObjects.Rule("api.example.com", IngressObjects.Path("/api", "Prefix", "api")),
            IngressObjects.Rule(null, IngressObjects.Path("/", "Prefix", "any"))]));

        Assert.Equal("api", Target(table, "api.example.com", "/api/v1"));
        Assert.Equal("404", Target(table, "api.example.com", "/other"));
        Assert.Equal("any", Target(table, "other.example.com", "/other"));
    }

    [Fact]
    public void Ingresses_are_merged_and_the_oldest_wins_a_conflict_whatever_order_they_are_listed_in()
    {
        foreach (var s in new[] { "old", "young", "extra" }) Serve(s);
        var old = IngressObjects.Ingress("zz-old", [IngressObjects.Rule("shop.example.com", IngressObjects.Path("/cart", "Prefix", "old"))], ageSeconds: 60);
        var young = IngressObjects.Ingress("aa-young", [IngressObjects.Rule("shop.example.com",
            IngressObjects.Path("/cart", "Prefix", "young"), IngressObjects.Path("/cart", "Exact", "young"), IngressObjects.Path("/extra", "Prefix", "extra"))], ageSeconds: 10);

        foreach (var table in new[] { Build(old, young), Build(young, old) })
        {
            Assert.Equal("old", Target(table, "shop.example.com", "/cart/items"));   // same path and type: the older Ingress's
            Assert.Equal("young", Target(table, "shop.example.com", "/cart"));      // same path, other type: both kept, Exact wins
            Assert.Equal("extra", Target(table, "shop.example.com", "/extra"));     // merged from the younger one
        }
    }

    [Fact]
    public void Equal_creation_times_are_ordered_by_namespace_and_name_as_ingress_nginx_does()
    {
        Serve("a");
        Serve("b");
        var a = IngressObjects.Ingress("a", [IngressObjects.Rule(null, IngressObjects.Path("/x", "Prefix", "a"))]);
        var b = IngressObjects.Ingress("b", [IngressObjects.Rule(null, IngressObjects.Path("/x", "Prefix", "b"))]);

        // ingress-nginx sorts ties by "namespace/name" descending, so default/b comes first and keeps /x.
        Assert.Equal("b", Target(Build(a, b), null, "/x"));
        Assert.Equal("b", Target(Build(b, a), null, "/x"));
    }

    [Fact]
    public void Default_backends_catch_what_no_rule_matches()
    {
        foreach (var s in new[] { "fallback", "shop", "shop-default", "late-fallback" }) Serve(s);
        var catchAll = IngressObjects.Ingress("catch-all", defaultBackend: IngressObjects.Backend("fallback"), ageSeconds: 30);
        var younger = IngressObjects.Ingress("catch-all-2", defaultBackend: IngressObjects.Backend("late-fallback"), ageSeconds: 5);
        var shop = IngressObjects.Ingress("shop", [IngressObjects.Rule("shop.example.com", IngressObjects.Path("/cart", "Prefix", "shop"))],
            defaultBackend: IngressObjects.Backend("shop-default"), ageSeconds: 20);

        var table = Build(younger, shop, catchAll);

        Assert.Equal("shop", Target(table, "shop.example.com", "/cart"));
        Assert.Equal("shop-default", Target(table, "shop.example.com", "/elsewhere")); // the Ingress's own default backend for its host
        Assert.Equal("fallback", Target(table, "other.example.com", "/"));             // the oldest rule-less Ingress with a default backend
        Assert.Equal("404", Target(Build(shop), "other.example.com", "/"));            // a default backend beside rules does not catch other hosts
    }

    [Fact]
    public void A_Prefix_root_path_replaces_the_hosts_default_root_once()
    {
        Serve("first");
        Serve("second");
        Serve("dflt");
        var table = Build(
            IngressObjects.Ingress("one", [IngressObjects.Rule("h.example.com", IngressObjects.Path("/", "Prefix", "first"))], IngressObjects.Backend("dflt"), ageSeconds: 2),
            IngressObjects.Ingress("two", [IngressObjects.Rule("h.example.com", IngressObjects.Path("/", "Prefix", "second"))], ageSeconds: 1));

        Assert.Equal("first", Target(table, "h.example.com", "/anything"));
    }

    [Fact]
    public void Backend_ports_resolve_by_number_or_by_name_to_the_services_port()
    {
        Serve("multi", new ServicePort { Name = "http", Port = 80 }, new ServicePort { Name = "admin", Port = 9000 });
        var table = Build(IngressObjects.Ingress("ing", [IngressObjects.Rule(null,
            IngressObjects.PathToNamedPort("/admin", "Prefix", "multi", "admin"),
            IngressObjects.Path("/web", "Prefix", "multi", 80),
            IngressObjects.PathToNamedPort("/nope", "Prefix", "multi", "metrics"),
            IngressObjects.Path("/wrong", "Prefix", "multi", 8080))]));

        Assert.Equal((IngressRouteKind.Service, 9000), (table.Match(null, "/admin").Kind, table.Match(null, "/admin").Port));
        Assert.Equal((IngressRouteKind.Service, 80), (table.Match(null, "/web").Kind, table.Match(null, "/web").Port));
        Assert.Equal("http://multi.default.svc.cluster.local:9000", table.Match(null, "/admin").BackendAuthority("cluster.local"));
        Assert.Equal("service \"default/multi\" has no port named \"metrics\"", table.Match(null, "/nope").Reason);
        Assert.Equal("service \"default/multi\" has no port 8080", table.Match(null, "/wrong").Reason);
        Assert.Equal(IngressRouteKind.Unavailable, table.Match(null, "/wrong").Kind);
    }

    [Fact]
    public void Backends_without_ready_endpoints_or_without_a_service_are_unavailable()
    {
        _services.Add(IngressObjects.Service("unready"));
        _slices.Add(IngressObjects.Slice("unready", null, 8080, false, false));
        _services.Add(IngressObjects.Service("unset"));
        _slices.Add(IngressObjects.Slice("unset", null, 8080, false, null));     // an unset condition means ready
        _services.Add(IngressObjects.Service("empty"));
        _services.Add(IngressObjects.Service("ext", type: "ExternalName"));     // no endpoints by nature
        var table = Build(IngressObjects.Ingress("ing", [IngressObjects.Rule(null,
            IngressObjects.Path("/unready", "Prefix", "unready"), IngressObjects.Path("/unset", "Prefix", "unset"),
            IngressObjects.Path("/empty", "Prefix", "empty"), IngressObjects.Path("/missing", "Prefix", "missing"),
            IngressObjects.Path("/ext", "Prefix", "ext", 443))]));

        Assert.Equal("service \"default/unready\" has no ready endpoints", table.Match(null, "/unready").Reason);
        Assert.Equal(IngressRouteKind.Service, table.Match(null, "/unset").Kind);
        Assert.Equal(IngressRouteKind.Unavailable, table.Match(null, "/empty").Kind);
        Assert.Equal("service \"default/missing\" not found", table.Match(null, "/missing").Reason);
        Assert.Equal((IngressRouteKind.Service, 443), (table.Match(null, "/ext").Kind, table.Match(null, "/ext").Port));
    }

    [Fact]
    public void Backends_resolve_in_the_ingresses_own_namespace()
    {
        _services.Add(IngressObjects.Service("web", ns: "team-a"));
        _slices.Add(IngressObjects.Slice("web", null, 8080, true) with { Metadata = IngressObjects.Slice("web", null, 8080, true).Metadata with { Namespace = "team-a" } });
        var table = Build(IngressObjects.Ingress("ing", [IngressObjects.Rule(null, IngressObjects.Path("/", "Prefix", "web"))], ns: "team-a"));

        Assert.Equal("http://web.team-a.svc.cluster.local:80", table.Match("x", "/").BackendAuthority("cluster.local"));
        Assert.Equal("team-a/ing", table.Match("x", "/").Ingress);
    }
}

public sealed class IngressClassSelectorTests
{
    private const string Controller = "kubecore.dev/ingress";

    private static IngressClass Class(string name, string controller = Controller, bool isDefault = false) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Annotations = isDefault ? new Dictionary<string, string> { [IngressClassSelector.DefaultClassAnnotation] = "true" } : null,
        },
        Spec = new IngressClassSpec { Controller = controller },
    };

    private static Ingress WithClass(string? className, string? annotation = null) => IngressObjects.Ingress("ing", defaultBackend: IngressObjects.Backend("web"),
        className: className, annotations: annotation is null ? null : new() { [IngressClassSelector.ClassAnnotation] = annotation });

    [Fact]
    public void IngressClassName_must_name_a_class_of_this_controller()
    {
        IngressClass[] classes = [Class("kubecore"), Class("nginx", "k8s.io/ingress-nginx")];

        Assert.True(IngressClassSelector.Serves(WithClass("kubecore"), classes, Controller, "kubecore"));
        Assert.False(IngressClassSelector.Serves(WithClass("nginx"), classes, Controller, "kubecore"));
        Assert.False(IngressClassSelector.Serves(WithClass("missing"), classes, Controller, "kubecore"));
        // spec.ingressClassName decides before the annotation
        Assert.False(IngressClassSelector.Serves(WithClass("nginx", annotation: "kubecore"), classes, Controller, "kubecore"));
    }

    [Fact]
    public void The_deprecated_annotation_names_the_controllers_class()
    {
        IngressClass[] classes = [Class("kubecore"), Class("second")];

        Assert.True(IngressClassSelector.Serves(WithClass(null, "kubecore"), [], Controller, "kubecore"));
        Assert.True(IngressClassSelector.Serves(WithClass(null, "second"), classes, Controller, "kubecore"));
        Assert.False(IngressClassSelector.Serves(WithClass(null, "nginx"), classes, Controller, "kubecore"));
    }

    [Fact]
    public void Ingresses_without_a_class_are_served_only_when_a_class_of_this_controller_is_the_default()
    {
        Assert.False(IngressClassSelector.Serves(WithClass(null), [Class("kubecore")], Controller, "kubecore"));
        Assert.True(IngressClassSelector.Serves(WithClass(null), [Class("kubecore", isDefault: true)], Controller, "kubecore"));
        Assert.False(IngressClassSelector.Serves(WithClass(null), [Class("kubecore"), Class("nginx", "k8s.io/ingress-nginx", isDefault: true)], Controller, "kubecore"));
    }
}
