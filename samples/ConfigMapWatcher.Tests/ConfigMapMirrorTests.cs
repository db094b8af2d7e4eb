using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using KubeCore.Testing;

namespace ConfigMapWatcher.Tests;

/// <summary>
/// The mirror against a real (in-memory) Kubernetes API: each test gets its own cluster on a virtual clock, the app
/// talks to it through the official client wired in-process, and the waits follow watches instead of sleeping.
/// </summary>
public sealed class ConfigMapMirrorTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private IKubernetes _k8s = null!;
    private readonly CancellationTokenSource _stop = new();
    private Task _app = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _k8s = _cluster.CreateKubernetesClient();
    }

    /// <summary>Starts the app under test on the cluster's clock (after a test has set up any faults).</summary>
    private void StartMirror() =>
        _app = new ConfigMapMirror(_cluster.CreateKubernetesClient(), "default", _cluster.TimeProvider).RunAsync(_stop.Token);

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _app; }
        catch (OperationCanceledException) { }
        await _cluster.DisposeAsync();
    }

    private Task CreateConfigMapAsync(string name, string value, bool labelled = true) =>
        _k8s.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labelled ? new Dictionary<string, string> { [ConfigMapMirror.Label] = "true" } : null },
            Data = new Dictionary<string, string> { ["greeting"] = value },
        }, "default");

    private static string Greeting(V1Secret secret) => Encoding.UTF8.GetString(secret.Data["greeting"]);

    [Fact]
    public async Task Mirrors_a_labelled_ConfigMap_into_a_Secret_and_keeps_it_in_step()
    {
        StartMirror();
        await CreateConfigMapAsync("settings", "hello");

        var secret = await _cluster.WaitForAsync<V1Secret>("settings", "default", s => Greeting(s) == "hello");
        Assert.Equal("configmap/settings", secret.Metadata.Annotations[ConfigMapMirror.SourceAnnotation]);

        await _k8s.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"greeting":"bonjour"}}""", V1Patch.PatchType.MergePatch), "settings", "default");
        await _cluster.WaitForAsync<V1Secret>("settings", "default", s => Greeting(s) == "bonjour");

        await _k8s.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default");
        await _cluster.WaitForDeletionAsync<V1Secret>("settings", "default");
    }

    [Fact]
    public async Task Leaves_ConfigMaps_without_the_label_alone()
    {
        StartMirror();
        await CreateConfigMapAsync("private", "secret stuff", labelled: false);
        await CreateConfigMapAsync("public", "hello");

        await _cluster.WaitForAsync<V1Secret>("public", "default", s => Greeting(s) == "hello");
        var secrets = await _k8s.CoreV1.ListNamespacedSecretAsync("default");
        Assert.DoesNotContain(secrets.Items, s => s.Metadata.Name == "private");
    }

    [Fact]
    public async Task Waits_as_long_as_the_API_server_asks_when_it_is_throttled()
    {
        var throttled = _cluster.Faults.When("create", "secrets").FailNext(2, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(5));
        var start = _cluster.TimeProvider.GetUtcNow();
        StartMirror();
        await CreateConfigMapAsync("settings", "hello");

        // The wait moves the virtual clock while the app sleeps on it, so 2 × 5 s of Retry-After take no real time.
        await _cluster.WaitForAsync<V1Secret>("settings", "default", s => Greeting(s) == "hello");
        Assert.Equal(2, throttled.Injected);
        Assert.True(_cluster.TimeProvider.GetUtcNow() - start >= TimeSpan.FromSeconds(10), "the app retried before Retry-After");
    }

    [Fact]
    public async Task Retries_an_update_that_hits_a_conflict()
    {
        StartMirror();
        await CreateConfigMapAsync("settings", "hello");
        await _cluster.WaitForAsync<V1Secret>("settings", "default", s => Greeting(s) == "hello");

        var conflict = _cluster.Faults.When("update", "secrets", "settings").FailNext(1, HttpStatusCode.Conflict);
        await _k8s.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"greeting":"bonjour"}}""", V1Patch.PatchType.MergePatch), "settings", "default");

        await _cluster.WaitForAsync<V1Secret>("settings", "default", s => Greeting(s) == "bonjour");
        Assert.Equal(1, conflict.Injected);
    }

    [Fact]
    public async Task Keeps_watching_when_the_API_server_is_briefly_unavailable()
    {
        var unavailable = _cluster.Faults.When("watch", "configmaps").FailNext(3, HttpStatusCode.ServiceUnavailable);
        StartMirror();
        await CreateConfigMapAsync("settings", "hello");

        await _cluster.WaitForAsync<V1Secret>("settings", "default", s => Greeting(s) == "hello");
        Assert.Equal(3, unavailable.Injected);
    }
}
