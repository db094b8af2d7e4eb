using KubeCore.Client;
using KubeCore.Models;
using KubeCore.Runtime.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.Jobs;

/// <summary>
/// A cluster on virtual time with two simulated nodes, the scheduler and the built-in controllers, whose workloads
/// finish the way batch pods do: <c>work:ok</c> runs 5 s and exits 0, <c>work:fail</c> runs 5 s and exits 1,
/// <c>work:forever</c> runs until it is stopped.
/// </summary>
public abstract class BatchTest : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    protected KubeCluster Cluster { get; private set; } = null!;
    protected KubeClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var runtime = new SimulatedRuntime(r => r.Workloads
            .Map("work:ok", ctx => RunAsync(ctx, 0))
            .Map("work:fail", ctx => RunAsync(ctx, 1))
            .Map("work:forever", async ctx =>
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { });
                return 0;
            }));
        Cluster = await KubeCluster.CreateBuilder()
            .UseTimeProvider(Time)
            .AddNodes(2, n => n.UseRuntime(runtime))
            .UseScheduler()
            .AddBuiltInControllers()
            .StartAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private static async Task<int> RunAsync(KubeCore.Runtime.Simulated.Workloads.WorkloadContext ctx, int exitCode)
    {
        await Task.Delay(TimeSpan.FromSeconds(5), ctx.TimeProvider, ctx.Stopping).ContinueWith(_ => { });
        return exitCode;
    }

    /// <summary>Moves the virtual clock forward to <paramref name="time"/> in one step.</summary>
    protected void AdvanceTo(DateTimeOffset time)
    {
        var now = Time.GetUtcNow();
        if (time > now) Time.Advance(time - now);
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, moving the virtual clock by <paramref name="step"/> between polls,
    /// but never past <paramref name="notAfter"/> (so a slow machine cannot run the clock into the next scheduled run).
    /// </summary>
    protected async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? step = null, DateTimeOffset? notAfter = null)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        var by = step ?? TimeSpan.FromMilliseconds(500);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail("timed out waiting until " + what);
            if (notAfter is null || Time.GetUtcNow() + by <= notAfter) Time.Advance(by);
            await Task.Delay(5);
        }
    }

    protected async Task<Job> WaitForJobAsync(string name, Func<Job, bool> condition, string what, TimeSpan? step = null)
    {
        Job job = null!;
        await Eventually(async () => condition(job = await Client.Jobs("default").GetAsync(name)), $"job {name} {what}", step);
        return job;
    }

    protected async Task<List<Pod>> JobPodsAsync(string job) =>
        [.. (await Client.Pods("default").ListAsync("batch.kubernetes.io/job-name=" + job)).Items];

    protected async Task<List<Event>> EventsAsync(string involved) =>
        [.. (await Client.Events("default").ListAsync()).Items.Where(e => e.InvolvedObject.Name == involved)];

    /// <summary>Waits until an event about <paramref name="involved"/> matches (the recorder writes events asynchronously).</summary>
    protected async Task<List<Event>> WaitForEventAsync(string involved, Func<Event, bool> match, string what, TimeSpan? step = null)
    {
        List<Event> events = [];
        await Eventually(async () => (events = await EventsAsync(involved)).Any(match), $"{involved} has a {what} event", step ?? TimeSpan.Zero);
        return events;
    }

    protected static bool HasCondition(Job job, string type, string? reason = null) =>
        job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True" && (reason is null || c.Reason == reason)) == true;

    protected static Job NewJob(string name, string image, int? completions = 1, int? parallelism = 1, int? backoffLimit = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new JobSpec
        {
            Completions = completions,
            Parallelism = parallelism,
            BackoffLimit = backoffLimit,
            Template = new PodTemplateSpec
            {
                Spec = new PodSpec { RestartPolicy = "Never", Containers = [new Container { Name = "work", Image = image }] },
            },
        },
    };
}
