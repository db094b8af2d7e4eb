using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Runtime.Simulated.Networking.Ingress;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Runtime.Simulated.Tests.Networking;

/// <summary>
/// Stands in for the cluster's service proxy: records each request the ingress controller forwards and answers with the
/// URI it was asked for (and echoes the request body), so routing is visible from outside.
/// </summary>
public sealed class RecordingBackend : HttpMessageHandler
{
    public sealed record Call(string Method, string Uri, string? Host, IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Hosts whose connections are refused, as the service proxy refuses a Service without ready endpoints.</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new();

    /// <summary>Completed with the first 6 characters of an <c>/upload</c> body as soon as they arrive.</summary>
    public TaskCompletionSource<string> FirstPart { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, answers requests for this path with a body whose second half waits for <see cref="Release"/>.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Refused.ContainsKey(request.RequestUri!.Host))
            throw new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        if (request.RequestUri.AbsolutePath == "/upload")
        {
            var reader = new StreamReader(await request.Content!.ReadAsStreamAsync(cancellationToken));
            var buffer = new char[6];
            var read = 0;
            while (read < buffer.Length) read += await reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
            FirstPart.SetResult(new string(buffer));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(new string(buffer) + await reader.ReadToEndAsync(cancellationToken)) };
        }
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Calls.Enqueue(new Call(request.Method.Method, request.RequestUri.AbsoluteUri, request.Headers.Host, headers, body));
        if (request.RequestUri.AbsolutePath == "/stream")
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new GatedStream(Release.Task)) };
        var response = new HttpResponseMessage(HttpStatusCode.Created)
        {
            Content = new StringContent(request.Method + " " + request.RequestUri.AbsoluteUri + (body.Length > 0 ? "\n" + body : ""), Encoding.UTF8, "text/plain"),
        };
        response.Headers.Add("X-Backend", request.RequestUri.Host);
        response.Headers.Add("Connection", "close, X-Hop");
        response.Headers.Add("X-Hop", "must not pass");
        return response;
    }

    /// <summary>Yields "first|", then waits for the gate before yielding "second" and ending.</summary>
    private sealed class GatedStream(Task gate) : Stream
    {
        private int _part;
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            switch (_part++)
            {
                case 0: return Encoding.UTF8.GetBytes("first|", buffer.Span);
                case 1: await gate.WaitAsync(cancellationToken); return Encoding.UTF8.GetBytes("second", buffer.Span);
                default: return 0;
            }
        }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A cluster (virtual clock, no nodes) with an ingress controller whose backend is a <see cref="RecordingBackend"/>.</summary>
public abstract class IngressControllerTest : IAsyncLifetime
{
    private readonly SemaphoreSlim _changed = new(0);
    protected FakeTimeProvider Time { get; } = new(IngressObjects.T0);
    protected RecordingBackend Backend { get; } = new();
    protected KubeCluster Cluster { get; private set; } = null!;
    protected IngressController Controller => Cluster.GetIngressController();
    protected HttpClient Http { get; } = new();

    protected virtual void Configure(IngressControllerOptions options) { }

    public async Task InitializeAsync()
    {
        Cluster = await KubeCluster.CreateBuilder().UseTimeProvider(Time)
            .UseIngressController(o => { o.BackendHandler = _ => Backend; Configure(o); })
            .StartAsync();
        Cluster.Informers.GetInformer<Ingress>().AddEventHandler(_ => _changed.Release(), (_, _) => _changed.Release(), _ => _changed.Release());
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Cluster.DisposeAsync();
    }

    /// <summary>Waits (re-checking on every Ingress change, and every 20 ms) until the probe returns a value.</summary>
    protected Task<T> Eventually<T>(Func<Task<T?>> probe, string what) where T : class => Waiting.Eventually(_changed, probe, what);

    /// <summary>Waits until the shared informer the controller reads holds <paramref name="obj"/> at this resourceVersion or later (or no longer holds it, after a delete).</summary>
    protected Task InCache<T>(T obj, bool deleted = false) where T : KubeObject => InCache(Cluster, obj, deleted);

    /// <summary>
    /// Waits until <paramref name="cluster"/>'s shared informer holds <paramref name="obj"/> at this resourceVersion or later (or not at all).
    /// The informer updates its cache and runs its handlers under one lock, so once a test sees the object the controller has been told too.
    /// </summary>
    internal static async Task InCache<T>(KubeCluster cluster, T obj, bool deleted = false) where T : KubeObject
    {
        var informer = cluster.Informers.GetInformer<T>();
        using var changed = new SemaphoreSlim(0);
        using var registration = informer.AddEventHandler(_ => changed.Release(), (_, _) => changed.Release(), _ => changed.Release());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var cached = informer.Lister.Get(obj.Metadata.Namespace, obj.Metadata.Name!);
            if (deleted ? cached is null : cached is not null && long.Parse(cached.Metadata.ResourceVersion!) >= long.Parse(obj.Metadata.ResourceVersion!)) return;
            try { await changed.WaitAsync(timeout.Token); }
            catch (OperationCanceledException) { Assert.Fail($"timed out waiting for {typeof(T).Name} {obj.Metadata.Name} in the cache"); }
        }
    }

    /// <summary>Creates a Service (one port 80 named "http" unless given) and, unless <paramref name="ready"/> is null, its EndpointSlice.</summary>
    protected async Task CreateService(string name, bool? ready = true, params ServicePort[] ports)
    {
        var svc = IngressObjects.Service(name, ports: ports.Length > 0 ? ports : [new ServicePort { Name = "http", Port = 80 }]);
        await InCache(await Cluster.Client.Services("default").CreateAsync(svc));
        if (ready is null) return;
        foreach (var p in svc.Spec!.Ports!)
            await InCache(await Cluster.Client.EndpointSlices("default").CreateAsync(IngressObjects.Slice(name, p.Name, 8080, ready.Value)));
    }

    /// <summary>Creates an Ingress and waits until the controller has published its address on it.</summary>
    protected async Task<Ingress> CreateServedIngress(Ingress ingress)
    {
        var created = await Cluster.Client.Ingresses(ingress.Metadata.Namespace).CreateAsync(ingress with { Metadata = ingress.Metadata with { CreationTimestamp = null } });
        var served = await Eventually(async () => await Cluster.Client.Ingresses(created.Metadata.Namespace).GetAsync(created.Metadata.Name!) is { Status.LoadBalancer.Ingress.Count: > 0 } i ? i : null,
            $"ingress {created.Metadata.Name} to get an address");
        await InCache(served);
        return served;
    }

    protected async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Get(string host, string pathAndQuery, HttpMethod? method = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(Controller.BaseAddress, pathAndQuery));
        request.Headers.Host = host;
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}

public sealed class IngressTests : IngressControllerTest
{
    protected override void Configure(IngressControllerOptions options) => options.IsDefaultClass = true;

    [Fact]
    public async Task Seed_003_requests_are_routed_to_services_by_URL_path_and_the_ingress_gets_an_address()
    {
        await CreateService("app1");
        await CreateService("app2", ports: new ServicePort { Name = "web", Port = 8000 });
        var ingress = await CreateServedIngress(IngressObjects.Ingress("paths", [IngressObjects.Rule("hello.example.com",
            IngressObjects.Path("/app1", "Prefix", "app1"),
            IngressObjects.PathToNamedPort("/app2", "Prefix", "app2", "web"))], className: "kubecore"));

        var app1 = await Get("hello.example.com", "/app1/greet?name=kube");
        var app2 = await Get("hello.example.com", "/app2");
        var other = await Get("hello.example.com", "/app3");

        Assert.Equal((HttpStatusCode.Created, "GET http://app1.default.svc.cluster.local/app1/greet?name=kube"), (app1.Status, app1.Body));
        Assert.Equal((HttpStatusCode.Created, "GET http://app2.default.svc.cluster.local:8000/app2"), (app2.Status, app2.Body));
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Contains("<h1>404 Not Found</h1>", other.Body);
        var address = Assert.Single(ingress.Status!.LoadBalancer!.Ingress!);
        Assert.Equal("127.0.0.1", address.Ip);
        Assert.Equal(Controller.Port, Assert.Single(address.Ports!).Port);
        Assert.Equal(new Uri($"http://127.0.0.1:{Controller.Port}/"), Controller.BaseAddress);
    }

    [Fact]
    public async Task Requests_keep_their_method_host_headers_and_body_and_responses_come_back_whole()
    {
        await CreateService("api");
        await CreateServedIngress(IngressObjects.Ingress("api", [IngressObjects.Rule("api.example.com", IngressObjects.Path("/", "Prefix", "api"))]));

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Controller.BaseAddress, "/v1/items?x=%2F1"));
        request.Headers.Host = "api.example.com:8443";
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");   // a client's claim is replaced, as ingress-nginx does by default
        request.Headers.Add("X-Custom", "kept");
        request.Content = new StringContent("""{"name":"widget"}""", Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        var call = Assert.Single(Backend.Calls);
        Assert.Equal(("POST", "http://api.default.svc.cluster.local/v1/items?x=%2F1", "api.example.com:8443"), (call.Method, call.Uri, call.Host));
        Assert.Equal("""{"name":"widget"}""", call.Body);
        Assert.Equal("application/json; charset=utf-8", call.Headers["Content-Type"]);
        Assert.Equal("kept", call.Headers["X-Custom"]);
        Assert.Equal("127.0.0.1", call.Headers["X-Forwarded-For"]);
        Assert.Equal("127.0.0.1", call.Headers["X-Real-IP"]);
        Assert.Equal("api.example.com:8443", call.Headers["X-Forwarded-Host"]);
        Assert.Equal("http", call.Headers["X-Forwarded-Proto"]);
        Assert.Equal(Controller.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), call.Headers["X-Forwarded-Port"]);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("POST http://api.default.svc.cluster.local/v1/items?x=%2F1\n{\"name\":\"widget\"}", body);
        Assert.Equal("api.default.svc.cluster.local", Assert.Single(response.Headers.GetValues("X-Backend")));
        Assert.False(response.Headers.Contains("X-Hop"));   // named in the backend's Connection header: hop-by-hop
    }

    [Fact]
    public async Task Response_bodies_stream_through_without_waiting_for_the_end()
    {
        await CreateService("events");
        await CreateServedIngress(IngressObjects.Ingress("events", [IngressObjects.Rule(null, IngressObjects.Path("/stream", "Exact", "events"))]));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Controller.BaseAddress, "/stream"));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var first = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20)); // the backend holds the rest back until released
        Assert.Equal("first|", Encoding.UTF8.GetString(buffer, 0, first));
        Backend.Release.SetResult();
        Assert.Equal("second", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task Request_bodies_stream_to_the_backend_as_they_arrive()
    {
        await CreateService("upload");
        await CreateServedIngress(IngressObjects.Ingress("upload", [IngressObjects.Rule(null, IngressObjects.Path("/upload", "Exact", "upload"))]));

        // The client sends "part1|", then waits for the backend to have read it before sending the rest: a proxy that
        // buffered the request body would never let it arrive.
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Controller.BaseAddress, "/upload")) { Content = new TwoPartContent(Backend.FirstPart.Task) };
        using var response = await Http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("part1|", await Backend.FirstPart.Task);
        Assert.Equal("part1|part2", await response.Content.ReadAsStringAsync());
    }

    private sealed class TwoPartContent(Task firstPartReceived) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("part1|"));
            await stream.FlushAsync();
            await firstPartReceived.WaitAsync(TimeSpan.FromSeconds(20));
            await stream.WriteAsync(Encoding.UTF8.GetBytes("part2"));
        }

        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }

    [Fact]
    public async Task Services_without_ready_endpoints_answer_503_until_endpoints_are_ready()
    {
        await CreateService("late", ready: false);
        await CreateServedIngress(IngressObjects.Ingress("late", [IngressObjects.Rule(null, IngressObjects.Path("/", "Prefix", "late"))]));

        var before = await Get("late.example.com", "/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.Status);
        Assert.Contains("503 Service Temporarily Unavailable", before.Body);
        Assert.Empty(Backend.Calls);

        var slice = await Cluster.Client.EndpointSlices("default").GetAsync("late-http-slice");
        await InCache(await Cluster.Client.EndpointSlices("default").UpdateAsync(slice with { Endpoints = [new EndpointSliceEndpoint { Addresses = ["10.244.1.9"], Conditions = new() { Ready = true } }] }));

        Assert.Equal(HttpStatusCode.Created, (await Get("late.example.com", "/")).Status);

        // The service proxy refusing (its endpoints went away before our caches saw it) is a 503 too.
        Backend.Refused["late.default.svc.cluster.local"] = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get("late.example.com", "/")).Status);
    }

    [Fact]
    public async Task Rules_of_several_ingresses_merge_and_deleting_one_removes_its_routes()
    {
        await CreateService("web");
        await CreateService("api");
        await CreateServedIngress(IngressObjects.Ingress("web", [IngressObjects.Rule("shop.example.com", IngressObjects.Path("/", "Prefix", "web"))]));
        var api = await CreateServedIngress(IngressObjects.Ingress("api", [IngressObjects.Rule("shop.example.com", IngressObjects.Path("/api", "Prefix", "api"))]));

        Assert.Equal("GET http://web.default.svc.cluster.local/cart", (await Get("shop.example.com", "/cart")).Body);
        Assert.Equal("GET http://api.default.svc.cluster.local/api/orders", (await Get("shop.example.com", "/api/orders")).Body);

        await Cluster.Client.Ingresses("default").DeleteAsync("api");
        await InCache(api, deleted: true);

        Assert.Equal("GET http://web.default.svc.cluster.local/api/orders", (await Get("shop.example.com", "/api/orders")).Body);
    }

    [Fact]
    public async Task The_controller_creates_its_default_IngressClass_and_serves_classless_and_annotated_ingresses()
    {
        var ingressClass = await Cluster.Client.Resource<IngressClass>().GetAsync("kubecore");
        Assert.Equal("kubecore.dev/ingress", ingressClass.Spec!.Controller);
        Assert.Equal("true", ingressClass.Metadata.Annotations![IngressClassSelector.DefaultClassAnnotation]);

        await CreateService("web");
        await CreateServedIngress(IngressObjects.Ingress("classless", [IngressObjects.Rule("a.example.com", IngressObjects.Path("/", "Prefix", "web"))]));
        await CreateServedIngress(IngressObjects.Ingress("annotated", [IngressObjects.Rule("b.example.com", IngressObjects.Path("/", "Prefix", "web"))],
            annotations: new() { [IngressClassSelector.ClassAnnotation] = "kubecore" }));

        Assert.Equal(HttpStatusCode.Created, (await Get("a.example.com", "/")).Status);
        Assert.Equal(HttpStatusCode.Created, (await Get("b.example.com", "/")).Status);
    }

    [Fact]
    public async Task Ingresses_of_another_class_are_neither_routed_nor_given_an_address_and_moving_one_away_withdraws_it()
    {
        await Cluster.Client.Resource<IngressClass>().CreateAsync(new IngressClass { Metadata = new() { Name = "nginx" }, Spec = new() { Controller = "k8s.io/ingress-nginx" } });
        await CreateService("web");
        var foreign = await Cluster.Client.Ingresses("default").CreateAsync(
            IngressObjects.Ingress("foreign", [IngressObjects.Rule("other.example.com", IngressObjects.Path("/", "Prefix", "web"))], className: "nginx") with { Metadata = new() { Name = "foreign", Namespace = "default" } });
        var ours = await CreateServedIngress(IngressObjects.Ingress("ours", [IngressObjects.Rule("mine.example.com", IngressObjects.Path("/", "Prefix", "web"))], className: "kubecore"));
        await InCache(foreign);

        Assert.Equal(HttpStatusCode.NotFound, (await Get("other.example.com", "/")).Status);
        Assert.Null((await Cluster.Client.Ingresses("default").GetAsync("foreign")).Status?.LoadBalancer?.Ingress);
        Assert.False(Controller.Serves(foreign));
        Assert.Equal(HttpStatusCode.Created, (await Get("mine.example.com", "/")).Status);

        var moved = await Cluster.Client.Ingresses("default").UpdateAsync(ours with { Spec = ours.Spec! with { IngressClassName = "nginx" } });
        await InCache(moved);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("mine.example.com", "/")).Status);
        await Eventually(async () => (await Cluster.Client.Ingresses("default").GetAsync("ours")).Status?.LoadBalancer?.Ingress is null ? "" : null, "the address to be withdrawn");
    }

    [Fact]
    public async Task A_defaultBackend_only_ingress_catches_every_unmatched_request()
    {
        await CreateService("fallback");
        await CreateServedIngress(IngressObjects.Ingress("fallback", defaultBackend: IngressObjects.Backend("fallback")));

        var (status, body, _) = await Get("whatever.example.com", "/some/where?q=1");

        Assert.Equal((HttpStatusCode.Created, "GET http://fallback.default.svc.cluster.local/some/where?q=1"), (status, body));
    }
}

public sealed class IngressControllerSetupTests
{
    [Fact]
    public async Task A_taken_port_fails_the_start_and_a_cluster_without_a_controller_says_so()
    {
        await using var first = await KubeCluster.CreateBuilder().UseIngressController().StartAsync();
        var port = first.GetIngressController().Port;

        await using var second = KubeCluster.CreateBuilder().UseIngressController(o => o.Port = port).Build();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync());
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", e.Message);
        await using var none = await KubeCluster.CreateBuilder().StartAsync();
        Assert.Equal("this cluster was built without UseIngressController()", Assert.Throws<InvalidOperationException>(() => none.GetIngressController()).Message);
    }
}

/// <summary>Seed 003 for real: the ingress controller in front of in-process workloads, through the cluster's service proxy.</summary>
public sealed class IngressEndToEndTests : NetworkTest
{
    protected override void Configure(KubeClusterBuilder builder) => builder.UseIngressController(o => o.IsDefaultClass = true);

    [Fact]
    public async Task Paths_route_to_two_deployments_through_the_service_proxy_and_requests_spread_over_pods()
    {
        await DeployHello(replicas: 2, name: "app1");
        await DeployHello(replicas: 1, name: "app2", version: "v2");
        await Apply("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: hello}
            spec:
              rules:
              - http:
                  paths:
                  - {path: /app1, pathType: Prefix, backend: {service: {name: app1, port: {number: 80}}}}
                  - {path: /app2, pathType: Prefix, backend: {service: {name: app2, port: {number: 80}}}}
            """);
        var ingress = await Test.WaitForAsync<Ingress>("hello", "default", i => i.Status?.LoadBalancer?.Ingress is { Count: > 0 });
        using var http = new HttpClient { BaseAddress = Cluster.GetIngressController().BaseAddress };

        var app1 = new List<string>();
        for (var i = 0; i < 4; i++) app1.Add(await http.GetStringAsync("/app1/hello"));
        var app2 = await http.GetStringAsync("/app2");
        var none = await http.GetAsync("/app3");

        Assert.All(app1, a => Assert.Matches("^hello from app1-[a-z0-9]+-[a-z0-9]+ v1\n$", a));
        Assert.Equal(2, app1.Distinct().Count());   // two pods, each request balanced anew
        Assert.Matches("^hello from app2-[a-z0-9]+-[a-z0-9]+ v2\n$", app2);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("127.0.0.1", ingress.Status!.LoadBalancer!.Ingress![0].Ip);
    }
}
