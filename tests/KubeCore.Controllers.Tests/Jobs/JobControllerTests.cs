using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Jobs;

public sealed class JobControllerTests : BatchTest
{
    [Fact]
    public async Task Completions_run_at_most_parallelism_pods_at_a_time_until_the_job_is_Complete()
    {
        await Client.Jobs("default").CreateAsync(NewJob("batch", "work:ok", completions: 4, parallelism: 2));

        // The first sync starts exactly parallelism pods, each with the tracking finalizer and a controller reference.
        var first = await WaitForJobAsync("batch", j => j.Status?.Active == 2, "has 2 active pods", TimeSpan.Zero);
        Assert.NotNull(first.Status!.StartTime);
        var pods = await JobPodsAsync("batch");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.StartsWith("batch-", p.Metadata.Name);
            Assert.Contains("batch.kubernetes.io/job-tracking", p.Metadata.Finalizers!);
            Assert.Equal(first.Metadata.Uid, Assert.Single(p.Metadata.OwnerReferences!, o => o.Controller == true).Uid);
        });

        var job = await WaitForJobAsync("batch", j => HasCondition(j, "Complete"), "is Complete");
        Assert.Equal(4, job.Status!.Succeeded);
        Assert.Equal(0, job.Status.Active);
        Assert.Equal(0, job.Status.Failed ?? 0);
        Assert.True(HasCondition(job, "SuccessCriteriaMet", "CompletionsReached"));
        Assert.True(HasCondition(job, "Complete", "CompletionsReached"));
        Assert.NotNull(job.Status.CompletionTime);
        Assert.Empty(job.Status.UncountedTerminatedPods?.Succeeded ?? []);

        // Finished pods stay (for logs) but are no longer held by the finalizer once counted.
        pods = await JobPodsAsync("batch");
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Succeeded", p.Status!.Phase);
            Assert.DoesNotContain("batch.kubernetes.io/job-tracking", p.Metadata.Finalizers ?? []);
        });
        var events = await WaitForEventAsync("batch", e => e.Reason == "Completed" && e.Message == "Job completed", "Completed");
        Assert.Equal(4, events.Where(e => e.Reason == "SuccessfulCreate").Sum(e => e.Count ?? 1));
    }

    [Fact]
    public async Task Failed_pods_are_replaced_after_a_doubling_backoff_until_backoffLimit_fails_the_job()
    {
        await Client.Jobs("default").CreateAsync(NewJob("flaky", "work:fail", backoffLimit: 2));

        var job = await WaitForJobAsync("flaky", j => HasCondition(j, "Failed"), "has failed", TimeSpan.FromSeconds(1));
        Assert.True(HasCondition(job, "FailureTarget", "BackoffLimitExceeded"));
        var failed = job.Status!.Conditions!.Single(c => c.Type == "Failed");
        Assert.Equal("BackoffLimitExceeded", failed.Reason);
        Assert.Equal("Job has reached the specified backoff limit", failed.Message);
        Assert.Equal(3, job.Status.Failed);
        Assert.Equal(0, job.Status.Active);
        Assert.Null(job.Status.CompletionTime);

        // Each replacement waited for the backoff: 10 s after the first failure, 20 s after the second.
        var created = (await JobPodsAsync("flaky")).Select(p => p.Metadata.CreationTimestamp!.Value.Value).Order().ToList();
        Assert.Equal(3, created.Count);
        Assert.True(created[1] - created[0] >= TimeSpan.FromSeconds(5 + 10), $"second pod at {created[1] - created[0]}");
        Assert.True(created[2] - created[1] >= TimeSpan.FromSeconds(5 + 20), $"third pod at {created[2] - created[1]}");
        await WaitForEventAsync("flaky", e => e.Reason == "BackoffLimitExceeded" && e.Type == "Warning", "BackoffLimitExceeded");
    }

    [Fact]
    public async Task ActiveDeadlineSeconds_stops_running_pods_and_fails_the_job_with_DeadlineExceeded()
    {
        var spec = NewJob("slow", "work:forever", completions: 2, parallelism: 2);
        await Client.Jobs("default").CreateAsync(spec with { Spec = spec.Spec! with { ActiveDeadlineSeconds = 30 } });
        var started = await WaitForJobAsync("slow", j => j.Status?.Active == 2, "runs 2 pods", TimeSpan.Zero);

        var job = await WaitForJobAsync("slow", j => HasCondition(j, "Failed"), "has failed", TimeSpan.FromSeconds(1));
        Assert.Equal("DeadlineExceeded", job.Status!.Conditions!.Single(c => c.Type == "Failed").Reason);
        Assert.True(HasCondition(job, "FailureTarget", "DeadlineExceeded"));
        Assert.True(Time.GetUtcNow() - started.Status!.StartTime!.Value.Value >= TimeSpan.FromSeconds(30));
        Assert.Equal(0, job.Status.Active);
        Assert.Equal(0, job.Status.Terminating ?? 0);
        Assert.Equal(2, job.Status.Failed);
        await Eventually(async () => (await JobPodsAsync("slow")).Count == 0, "the killed pods are gone");
        var events = await WaitForEventAsync("slow", e => e.Reason == "DeadlineExceeded" && e.Message == "Job was active longer than specified deadline", "DeadlineExceeded");
        Assert.Equal(2, events.Where(e => e.Reason == "SuccessfulDelete").Sum(e => e.Count ?? 1));
    }

    [Fact]
    public async Task Suspend_deletes_active_pods_without_counting_failures_and_resume_restarts_the_clock()
    {
        await Client.Jobs("default").CreateAsync(NewJob("pausable", "work:forever", completions: 2, parallelism: 2));
        var running = await WaitForJobAsync("pausable", j => j.Status?.Active == 2, "runs 2 pods", TimeSpan.Zero);

        await Client.Jobs("default").UpdateWithRetryAsync("pausable", j => j with { Spec = j.Spec! with { Suspend = true } });
        var suspended = await WaitForJobAsync("pausable", j => HasCondition(j, "Suspended") && j.Status?.Active == 0, "is suspended");
        Assert.Equal("JobSuspended", suspended.Status!.Conditions!.Single(c => c.Type == "Suspended").Reason);
        await Eventually(async () => (await JobPodsAsync("pausable")).Count == 0, "the suspended pods are gone");
        Assert.Equal(0, (await Client.Jobs("default").GetAsync("pausable")).Status!.Failed ?? 0);

        Time.Advance(TimeSpan.FromMinutes(10));
        await Client.Jobs("default").UpdateWithRetryAsync("pausable", j => j with { Spec = j.Spec! with { Suspend = false } });
        var resumed = await WaitForJobAsync("pausable", j => j.Status?.Active == 2 && j.Status.Conditions!.Any(c => c.Type == "Suspended" && c.Status == "False"), "is resumed");
        Assert.Equal("JobResumed", resumed.Status!.Conditions!.Single(c => c.Type == "Suspended").Reason);
        Assert.True(resumed.Status.StartTime!.Value.Value >= running.Status!.StartTime!.Value.Value + TimeSpan.FromMinutes(10));
        var events = await WaitForEventAsync("pausable", e => e.Reason == "Resumed", "Resumed");
        Assert.Contains(events, e => e.Reason == "Suspended");
    }

    [Fact]
    public async Task A_job_created_suspended_starts_no_pods_and_has_no_startTime()
    {
        var spec = NewJob("later", "work:ok");
        await Client.Jobs("default").CreateAsync(spec with { Spec = spec.Spec! with { Suspend = true } });
        var job = await WaitForJobAsync("later", j => HasCondition(j, "Suspended"), "is suspended", TimeSpan.Zero);
        Assert.Null(job.Status!.StartTime);
        Assert.Empty(await JobPodsAsync("later"));
    }

    [Fact]
    public async Task Indexed_job_gives_each_pod_its_index_and_reports_completedIndexes()
    {
        var spec = NewJob("shards", "work:ok", completions: 3, parallelism: 3);
        await Client.Jobs("default").CreateAsync(spec with { Spec = spec.Spec! with { CompletionMode = "Indexed" } });
        await WaitForJobAsync("shards", j => j.Status?.Active == 3, "runs 3 pods", TimeSpan.Zero);

        var pods = (await JobPodsAsync("shards")).OrderBy(p => p.Metadata.Annotations!["batch.kubernetes.io/job-completion-index"]).ToList();
        for (var i = 0; i < 3; i++)
        {
            var ix = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(ix, pods[i].Metadata.Annotations!["batch.kubernetes.io/job-completion-index"]);
            Assert.Equal(ix, pods[i].Metadata.Labels!["batch.kubernetes.io/job-completion-index"]);
            Assert.StartsWith($"shards-{ix}-", pods[i].Metadata.Name);
            Assert.Equal($"shards-{ix}", pods[i].Spec!.Hostname);
            var env = Assert.Single(pods[i].Spec!.Containers![0].Env!, e => e.Name == "JOB_COMPLETION_INDEX");
            Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", env.ValueFrom!.FieldRef!.FieldPath);
        }

        var job = await WaitForJobAsync("shards", j => HasCondition(j, "Complete"), "is Complete");
        Assert.Equal("0-2", job.Status!.CompletedIndexes);
        Assert.Equal(3, job.Status.Succeeded);
    }

    [Fact]
    public async Task TtlSecondsAfterFinished_deletes_the_finished_job_and_its_pods()
    {
        var spec = NewJob("ephemeral", "work:ok");
        await Client.Jobs("default").CreateAsync(spec with { Spec = spec.Spec! with { TtlSecondsAfterFinished = 60 } });
        var job = await WaitForJobAsync("ephemeral", j => HasCondition(j, "Complete"), "is Complete");
        var finished = job.Status!.CompletionTime!.Value.Value;

        await Eventually(async () => await Client.Jobs("default").TryGetAsync("ephemeral") is null, "the job is deleted", TimeSpan.FromSeconds(5));
        Assert.True(Time.GetUtcNow() >= finished + TimeSpan.FromSeconds(60));
        await Eventually(async () => (await JobPodsAsync("ephemeral")).Count == 0, "its pods are collected", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_job_without_a_valid_restartPolicy_is_rejected()
    {
        var spec = NewJob("bad", "work:ok");
        var bad = spec with { Spec = spec.Spec! with { Template = spec.Spec.Template! with { Spec = spec.Spec.Template.Spec! with { RestartPolicy = "Always" } } } };
        var e = await Assert.ThrowsAsync<InvalidException>(() => Client.Jobs("default").CreateAsync(bad));
        Assert.Equal(422, e.Code);
        Assert.Contains("restartPolicy", e.Message);
    }
}
