using KubeCore;
using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Runtime.Simulated;
using KubeCore.Runtime.Simulated.Networking;
using KubeCore.Runtime.Simulated.Workloads;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace HelloK8s;

/// <summary>
/// The hello-k8s walk-through on an embedded cluster and virtual time: three nodes, a two-replica Deployment of
/// <c>hello-k8s:v1</c>, a deleted pod replaced, a scale to three, a rolling update to v2 caught mid-way, a rollback,
/// and a failed node whose pods move elsewhere. Each step prints what the matching kubectl command would show, and
/// throws <see cref="StoryException"/> when the cluster does not get there within a bounded virtual time.
/// </summary>
public sealed class HelloStory : IAsyncDisposable
{
    /// <summary>The Deployment's name (and its pods' <c>app</c> label).</summary>
    public const string App = "hello-k8s";
    /// <summary>The NodePort Service in front of the pods.</summary>
    public const string Service = "hello-k8s-service";
    private const string Ns = "default";
    private static readonly TimeSpan StepBudget = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan NodeFailureBudget = TimeSpan.FromMinutes(15);

    private readonly IAnsiConsole _console;
    private readonly string _manifests;
    private readonly SimulatedRuntime _runtime = new();
    private KubeCluster? _cluster;
    private StoryClock? _clock;
    private DateTimeOffset _start;
    private int _step;

    /// <summary>Prepares the story; <paramref name="manifests"/> is the <c>k8s/</c> folder (next to the program by default).</summary>
    public HelloStory(IAnsiConsole console, string? manifests = null)
    {
        _console = console ?? throw new ArgumentNullException(nameof(console));
        _manifests = manifests ?? Path.Combine(AppContext.BaseDirectory, "k8s");
        _runtime.Options.Workloads.MapDemoImages(); // hello-k8s:v1 and :v2 answer "Hello from Kubernetes!" in-process
    }

    /// <summary>The virtual clock the cluster runs on.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The cluster, once <see cref="StartAsync"/> ran.</summary>
    public KubeCluster Cluster => _cluster ?? throw new InvalidOperationException("the story has not started");

    private StoryClock Clock => _clock ?? throw new InvalidOperationException("the story has not started");
    private KubeClient Client => Cluster.Client;

    /// <summary>The pod deleted in <see cref="DeletePodAsync"/> and the one that replaced it.</summary>
    public (string Deleted, string Replacement)? ReplacedPod { get; private set; }

    /// <summary>The pods as a watch saw them mid-rollout: two v2 pods running, one v1 pod not yet gone.</summary>
    public IReadOnlyList<Pod>? MidRollout { get; private set; }

    /// <summary>Every <c>kubectl rollout status</c> line printed, in order.</summary>
    public List<string> RolloutStatusLines { get; } = [];

    /// <summary>The answers to the requests sent through the Service right after the deploy.</summary>
    public List<string> ServiceAnswers { get; } = [];

    /// <summary>For each step run under a steady request loop: the step, how many requests were answered, and the failures.</summary>
    public List<(string Step, int Answered, IReadOnlyList<string> Failed)> Traffic { get; } = [];

    /// <summary>The node failed in <see cref="FailNodeAsync"/>, and the pods that ran on it.</summary>
    public (string Node, IReadOnlyList<string> Pods)? FailedNode { get; private set; }

    /// <summary>Runs every step in order.</summary>
    public async Task RunAsync()
    {
        await StartAsync();
        await ApplyAsync();
        await DeletePodAsync();
        await ScaleAsync();
        await SetImageAsync();
        await RollbackAsync();
        await FailNodeAsync();
        Section("Done", $"the whole story took {Format(Clock.Now - _start)} of virtual time");
    }

    /// <summary>Starts a cluster of three simulated nodes with the scheduler and the built-in controllers.</summary>
    public async Task StartAsync()
    {
        _cluster = await KubeCluster.CreateBuilder()
            .UseTimeProvider(Time)
            .AddNodes(3, n => n.UseRuntime(_runtime).WithImagePullDuration(TimeSpan.FromSeconds(2)).WithContainerStartDuration(TimeSpan.FromSeconds(1)))
            .UseScheduler()
            .AddBuiltInControllers()
            .StartAsync();
        _clock = new StoryClock(_cluster, Time);
        _start = Time.GetUtcNow();
        Section("A cluster of three nodes", "kubectl get nodes");
        await Clock.UntilAsync("three nodes are Ready", async () =>
        {
            var nodes = (await Client.Nodes().ListAsync()).Items;
            return nodes.Count == 3 && nodes.All(IsReady) ? nodes : null;
        }, StepBudget);
        _console.Write(KubectlTables.Nodes((await Client.Nodes().ListAsync()).Items, Clock.Now));
    }

    /// <summary><c>kubectl apply -f k8s/</c>: the two-replica Deployment; waits for both pods to run and shows them and a log.</summary>
    public async Task ApplyAsync()
    {
        Section("Deploy hello-k8s with two replicas", "kubectl apply -f k8s/");
        foreach (var obj in await Client.ApplyFileAsync(_manifests))
            _console.WriteLine($"{obj.Kind!.ToLowerInvariant()}{(obj.ApiVersion!.Contains('/', StringComparison.Ordinal) ? "." + obj.ApiVersion.Split('/')[0] : "")}/{obj.Metadata.Name} created");
        var pods = await RunningAsync(2, "v1");
        await ShowPodsAsync();
        await ShowDeploymentAsync();
        Command("kubectl get svc");
        _console.Write(KubectlTables.Services((await Client.Services(Ns).ListAsync()).Items, Clock.Now));

        Section("Requests through the Service are spread across the pods", $"for i in 1 2 3 4; do curl http://{Service}/; done");
        await Clock.UntilAsync("the Service has two ready endpoints", async () =>
            (await Network.GetEndpointsAsync(Ns, Service)).Count == 2 ? "ready" : null, StepBudget);
        using (var http = Network.CreateHttpClient())
            for (var i = 0; i < 4; i++)
            {
                var answer = (await http.GetStringAsync($"http://{Service}/")).TrimEnd();
                ServiceAnswers.Add(answer);
                _console.WriteLine(answer);
            }
        var first = pods[0].Metadata.Name!;
        Command($"kubectl logs {first}");
        _console.Write(_runtime.GetLogs(Ns, first, App));
    }

    /// <summary><c>kubectl delete pod</c>: the ReplicaSet creates a replacement and the Deployment stays at two.</summary>
    public async Task DeletePodAsync()
    {
        var before = (await LivePodsAsync()).Select(p => p.Metadata.Name!).ToList();
        var victim = before[^1];
        Section("Delete a pod: the Deployment replaces it", $"kubectl delete pod {victim}");
        await using var load = await StartLoadAsync();
        await Client.Pods(Ns).DeleteAsync(victim);
        _console.WriteLine($"pod \"{victim}\" deleted");
        var pods = await RunningAsync(2, "v1", without: victim);
        await EndLoadAsync(load, "delete a pod");
        ReplacedPod = (victim, pods.Select(p => p.Metadata.Name!).Single(n => !before.Contains(n)));
        await ShowPodsAsync();
    }

    /// <summary><c>kubectl scale --replicas=3</c>.</summary>
    public async Task ScaleAsync()
    {
        Section("Scale to three replicas", $"kubectl scale deployment/{App} --replicas=3");
        await Client.Deployments(Ns).ScaleAsync(App, 3);
        _console.WriteLine($"deployment.apps/{App} scaled");
        await RunningAsync(3, "v1");
        Command($"kubectl rollout status deployment/{App}");
        await RolledOutAsync();
        await ShowPodsAsync();
        await ShowDeploymentAsync();
    }

    /// <summary>
    /// <c>kubectl set image</c> to v2: a pod watch catches the moment the architecture picture shows (two v2 pods
    /// running, one v1 pod not yet gone), then the rollout completes.
    /// </summary>
    public async Task SetImageAsync()
    {
        Section("Rolling update to v2", $"kubectl set image deployment/{App} {App}={App}:v2");
        IReadOnlyList<Pod>? caught = null;
        var pods = Cluster.Informers.GetInformer<Pod>();
        void Look()
        {
            var now = pods.Lister.List(Ns, p => p.Metadata.Labels?.GetValueOrDefault("app") == App);
            if (caught is null && IsPictureState(now)) caught = now;
        }
        await using var load = await StartLoadAsync();
        using (pods.AddEventHandler(_ => Look(), (_, _) => Look(), _ => Look()))
        {
            await Client.Deployments(Ns).PatchAsync(App, KubeCore.Api.PatchType.StrategicMergePatch,
                """{"spec":{"template":{"spec":{"containers":[{"name":"hello-k8s","image":"hello-k8s:v2"}]}}}}""");
            _console.WriteLine($"deployment.apps/{App} image updated");
            Command($"kubectl rollout status deployment/{App}");
            await WatchRolloutAsync(until: () => caught is not null);
            MidRollout = caught;
        }
        Section("Mid-way: two v2 pods running, one v1 pod not yet gone", "kubectl get pods -o wide");
        _console.Write(KubectlTables.Pods(MidRollout!, Clock.Now));
        Command("kubectl get rs -o wide");
        _console.Write(KubectlTables.ReplicaSets((await Client.ReplicaSets(Ns).ListAsync()).Items, Clock.Now));

        Section("The rollout completes", $"kubectl rollout status deployment/{App}");
        await WatchRolloutAsync(until: null);
        await RunningAsync(3, "v2");
        await EndLoadAsync(load, "rolling update to v2");
        await ShowPodsAsync();
        await ShowDeploymentAsync();
        var v2 = (await LivePodsAsync())[0].Metadata.Name!;
        Command($"kubectl logs {v2}");
        _console.Write(_runtime.GetLogs(Ns, v2, App));
    }

    /// <summary><c>kubectl rollout undo</c>: back to v1, reusing the v1 ReplicaSet.</summary>
    public async Task RollbackAsync()
    {
        Section("Roll back to v1", $"kubectl rollout undo deployment/{App}");
        var result = await Client.Deployments(Ns).RolloutUndoAsync(App);
        _console.WriteLine($"deployment.apps/{App} {result.Message}");
        Command($"kubectl rollout status deployment/{App}");
        await WatchRolloutAsync(until: null);
        await RunningAsync(3, "v1");
        await ShowPodsAsync();
        Command("kubectl get rs -o wide");
        _console.Write(KubectlTables.ReplicaSets((await Client.ReplicaSets(Ns).ListAsync()).Items, Clock.Now));
    }

    /// <summary>
    /// A node dies: after the node lifecycle controller marks it unreachable and the pods' 300 s toleration runs out,
    /// they are evicted and replaced on the other nodes.
    /// </summary>
    public async Task FailNodeAsync()
    {
        var live = await LivePodsAsync();
        var node = live.GroupBy(p => p.Spec!.NodeName!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        FailedNode = (node.Key, node.Select(p => p.Metadata.Name!).ToList());
        Section($"Node {node.Key} fails", "kubectl get nodes");
        Cluster.GetSimulatedNodes().Single(n => n.Name == node.Key).Fail();
        _console.MarkupLine($"[grey]({Markup.Escape(node.Key)} stops heartbeating; it ran {string.Join(", ", FailedNode.Value.Pods)})[/]");
        await Clock.UntilAsync($"{node.Key} is NotReady", async () =>
            await Client.Nodes().GetAsync(node.Key) is { } n && !IsReady(n) ? n : null, NodeFailureBudget, TimeSpan.FromSeconds(5));
        _console.Write(KubectlTables.Nodes((await Client.Nodes().ListAsync()).Items, Clock.Now));

        Section("Its pods are rescheduled on the other nodes", "(once their 300 s toleration of the unreachable taint runs out, they are evicted and replaced)");
        await Clock.UntilAsync("the failed node's pods are replaced on live nodes", async () =>
        {
            var pods = await LivePodsAsync();
            return pods.Count == 3 && pods.All(p => p.Spec?.NodeName != node.Key && IsRunningAndReady(p)) ? pods : null;
        }, NodeFailureBudget, TimeSpan.FromSeconds(5));
        Command($"kubectl rollout status deployment/{App}");
        await RolledOutAsync();
        await ShowPodsAsync();
        await ShowDeploymentAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _clock?.Dispose();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    // "Two v2 pods running, one v1 pod not yet gone" — and nothing else, as in the picture.
    private static bool IsPictureState(IReadOnlyList<Pod> pods) =>
        pods.Count == 3 && pods.Count(p => Version(p) == "v2" && p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null) == 2
                        && pods.Count(p => Version(p) == "v1") == 1;

    private async Task WatchRolloutAsync(Func<bool>? until)
    {
        await Clock.UntilAsync(until is null ? $"deployment \"{App}\" rolls out" : "the rollout reaches two v2 pods and one v1 pod", async () =>
        {
            var status = (await Client.Deployments(Ns).GetAsync(App)).GetRolloutStatus();
            if (status.Failed) throw new StoryException(status.Message);
            if (RolloutStatusLines.Count == 0 || RolloutStatusLines[^1] != status.Message)
            {
                RolloutStatusLines.Add(status.Message);
                _console.WriteLine(status.Message);
            }
            return (until is null ? status.Done : until()) ? status : null;
        }, StepBudget);
    }

    private Task RolledOutAsync() => WatchRolloutAsync(until: null);

    private async Task<List<Pod>> RunningAsync(int count, string version, string? without = null) =>
        await Clock.UntilAsync($"{count} {version} pods are running and ready", async () =>
        {
            var pods = await LivePodsAsync();
            return pods.Count == count && pods.All(p => Version(p) == version && IsRunningAndReady(p) && p.Metadata.Name != without)
                   && (await Client.Pods(Ns).ListAsync($"app={App}")).Items.Count == count
                ? pods : null;
        }, StepBudget);

    private async Task<List<Pod>> LivePodsAsync() =>
        [.. (await Client.Pods(Ns).ListAsync($"app={App}")).Items.Where(p => p.Metadata.DeletionTimestamp is null).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];

    private async Task ShowPodsAsync()
    {
        Command("kubectl get pods -o wide");
        _console.Write(KubectlTables.Pods((await Client.Pods(Ns).ListAsync($"app={App}")).Items, Clock.Now));
    }

    private async Task ShowDeploymentAsync()
    {
        Command("kubectl get deploy");
        _console.Write(KubectlTables.Deployments((await Client.Deployments(Ns).ListAsync()).Items, Clock.Now));
    }

    private void Section(string title, string command)
    {
        _step++;
        _console.WriteLine();
        _console.Write(new Rule($"[bold]{_step}. {Markup.Escape(title)}[/] [grey](t = {Format(Time.GetUtcNow() - _start)})[/]").LeftJustified());
        if (command.StartsWith("kubectl", StringComparison.Ordinal)) Command(command);
        else _console.MarkupLine($"[grey]{Markup.Escape(command)}[/]");
    }

    private void Command(string command) => _console.MarkupLine($"[green]$[/] [bold]{Markup.Escape(command)}[/]");

    private static string Format(TimeSpan t) => t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0.#}s";

    private static string Version(Pod pod) => pod.Spec?.Containers?.FirstOrDefault()?.Image?.Split(':').LastOrDefault() ?? "";

    private static bool IsReady(Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsRunningAndReady(Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private ClusterNetwork Network => Cluster.GetClusterNetwork();

    /// <summary>Starts a steady request loop through the Service (a curl loop in another terminal) and waits for its first answers.</summary>
    private async Task<RequestLoop> StartLoadAsync()
    {
        _console.MarkupLine($"[grey](meanwhile: while true; do curl http://{Service}/; done)[/]");
        var load = Network.StartRequestLoop($"http://{Service}/");
        await load.WaitForAnswersAsync(10);
        return load;
    }

    /// <summary>Stops the loop and checks that no request failed while the step ran.</summary>
    private async Task EndLoadAsync(RequestLoop load, string step)
    {
        await load.WaitForAnswersAsync(load.AnswerCount + 10); // a few more answers from the final set of pods
        await load.DisposeAsync();
        Traffic.Add((step, load.AnswerCount, load.Failures));
        var servedBy = load.Answers.Select(a => a.TrimEnd()).Distinct().Count();
        _console.MarkupLine($"[grey](the curl loop: {load.AnswerCount} answers from {servedBy} pods, {load.Failures.Count} failed)[/]");
        if (load.Failures.Count > 0) throw new StoryException($"{load.Failures.Count} requests failed during \"{step}\": {load.Failures[0]}");
    }
}
