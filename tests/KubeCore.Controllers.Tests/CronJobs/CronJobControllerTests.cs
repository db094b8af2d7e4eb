using KubeCore.Api;
using KubeCore.Controllers.Tests.Jobs;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.CronJobs;

public sealed class CronJobControllerTests : BatchTest
{
    private static CronJob NewCronJob(string name, string schedule, string image, string policy = "Allow") => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new CronJobSpec
        {
            Schedule = schedule,
            ConcurrencyPolicy = policy,
            JobTemplate = new JobTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["cron"] = name } },
                Spec = new JobSpec
                {
                    Template = new PodTemplateSpec
                    {
                        Spec = new PodSpec { RestartPolicy = "Never", Containers = [new Container { Name = "work", Image = image }] },
                    },
                },
            },
        },
    };

    private async Task<List<Job>> JobsAsync(string cronJob) => [.. (await Client.Jobs("default").ListAsync("cron=" + cronJob)).Items
        .Where(j => j.Metadata.DeletionTimestamp is null).OrderBy(j => j.Metadata.Name, StringComparer.Ordinal)];

    private async Task<List<Job>> WaitForJobsAsync(string cronJob, Func<List<Job>, bool> condition, string what, TimeSpan? step = null, DateTimeOffset? notAfter = null)
    {
        List<Job> jobs = [];
        await Eventually(async () => condition(jobs = await JobsAsync(cronJob)), $"{cronJob}'s jobs {what}", step ?? TimeSpan.Zero, notAfter);
        return jobs;
    }

    private async Task<CronJob> WaitForCronJobAsync(string name, Func<CronJob, bool> condition, string what)
    {
        CronJob cj = null!;
        await Eventually(async () => condition(cj = await Client.CronJobs("default").GetAsync(name)), $"{name} {what}", TimeSpan.Zero);
        return cj;
    }

    private static DateTimeOffset At(int hour, int minute, int second) => new(2026, 1, 2, hour, minute, second, TimeSpan.Zero);

    private static string NameAt(string cronJob, DateTimeOffset scheduled) => $"{cronJob}-{scheduled.ToUnixTimeSeconds() / 60}";

    [Fact]
    public async Task Jobs_start_at_the_scheduled_times_named_after_them()
    {
        await Client.CronJobs("default").CreateAsync(NewCronJob("every5", "*/5 * * * *", "work:forever"));

        var at0305 = new DateTimeOffset(2026, 1, 2, 3, 5, 0, TimeSpan.Zero);
        AdvanceTo(At(3, 5, 1));
        var jobs = await WaitForJobsAsync("every5", j => j.Count == 1, "number 1");
        Assert.Equal(NameAt("every5", at0305), jobs[0].Metadata.Name);
        Assert.Equal("2026-01-02T03:05:00Z", jobs[0].Metadata.Annotations!["batch.kubernetes.io/cronjob-scheduled-timestamp"]);
        var owner = Assert.Single(jobs[0].Metadata.OwnerReferences!);
        Assert.Equal(("CronJob", true), (owner.Kind, owner.Controller == true));

        // The Job exists before the CronJob's status records it.
        var cj = await WaitForCronJobAsync("every5", c => c.Status?.Active?.Count == 1, "lists the job as active");
        Assert.Equal(at0305, cj.Status!.LastScheduleTime!.Value.Value);
        Assert.Equal(jobs[0].Metadata.Uid, cj.Status.Active![0].Uid);

        // Nothing more until 03:10, then the second run (Allow: both run at once).
        AdvanceTo(At(3, 9, 59));
        await Task.Delay(50);
        Assert.Single(await JobsAsync("every5"));
        AdvanceTo(At(3, 10, 1));
        jobs = await WaitForJobsAsync("every5", j => j.Count == 2, "number 2");
        Assert.Equal(NameAt("every5", at0305.AddMinutes(5)), jobs[1].Metadata.Name);
        await WaitForEventAsync("every5", e => e.Reason == "SuccessfulCreate" && e.Message == "Created job " + jobs[1].Metadata.Name, "SuccessfulCreate");
    }

    [Fact]
    public async Task Forbid_skips_runs_while_the_previous_job_is_still_running()
    {
        await Client.CronJobs("default").CreateAsync(NewCronJob("forbid", "* * * * *", "work:forever", "Forbid"));
        AdvanceTo(At(3, 5, 1));
        await WaitForJobsAsync("forbid", j => j.Count == 1, "number 1");

        AdvanceTo(At(3, 6, 1));
        await WaitForEventAsync("forbid", e => e.Reason == "JobAlreadyActive", "JobAlreadyActive");
        AdvanceTo(At(3, 7, 1));
        await WaitForEventAsync("forbid", e => e.Reason == "JobAlreadyActive" && e.Count >= 2, "repeated JobAlreadyActive");
        Assert.Single(await JobsAsync("forbid"));
    }

    [Fact]
    public async Task Replace_deletes_the_running_job_before_starting_the_next()
    {
        await Client.CronJobs("default").CreateAsync(NewCronJob("replace", "* * * * *", "work:forever", "Replace"));
        AdvanceTo(At(3, 5, 1));
        var first = (await WaitForJobsAsync("replace", j => j.Count == 1, "number 1")).Single();
        AdvanceTo(At(3, 6, 1));

        Assert.Equal(NameAt("replace", new DateTimeOffset(2026, 1, 2, 3, 5, 0, TimeSpan.Zero)), first.Metadata.Name);
        var second = (await WaitForJobsAsync("replace", j => j.Count == 1 && j[0].Metadata.Name != first.Metadata.Name, "replaced")).Single();
        Assert.Equal(NameAt("replace", At(3, 6, 0)), second.Metadata.Name);
        await WaitForEventAsync("replace", e => e.Reason == "SuccessfulDelete" && e.Message == "Deleted job " + first.Metadata.Name, "SuccessfulDelete");
        await WaitForCronJobAsync("replace", c => c.Status?.Active is [{ } only] && only.Uid == second.Metadata.Uid, "lists only the new job as active");
        // The replaced job's pods go with it (Background propagation).
        await Eventually(async () => (await JobPodsAsync(first.Metadata.Name!)).Count == 0, "the replaced job's pods are gone", TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task History_limits_keep_only_the_newest_finished_jobs()
    {
        var spec = NewCronJob("history", "* * * * *", "work:ok");
        await Client.CronJobs("default").CreateAsync(spec with { Spec = spec.Spec! with { SuccessfulJobsHistoryLimit = 2 } });

        // Five runs at 03:05 … 03:09, each finishing in seconds; only the last two are kept.
        for (var minute = 5; minute <= 9; minute++)
        {
            AdvanceTo(At(3, minute, 1));
            var name = NameAt("history", At(3, minute, 0));
            // Never into the next minute: a later run would trim this one from the history before it is seen complete.
            await WaitForJobsAsync("history", j => j.Any(x => x.Metadata.Name == name && HasCondition(x, "Complete")), name + " completes", TimeSpan.FromSeconds(1),
                notAfter: At(3, minute, 50));
        }
        var lastRun = At(3, 9, 0);
        var jobs = await WaitForJobsAsync("history", j => j.Count == 2, "are the newest two", TimeSpan.Zero);
        Assert.Equal([NameAt("history", lastRun.AddMinutes(-1)), NameAt("history", lastRun)], jobs.Select(j => j.Metadata.Name));
        var cj = await WaitForCronJobAsync("history", c => c.Status?.Active is null or [], "has no active job");
        Assert.NotNull(cj.Status!.LastSuccessfulTime);
        var events = await WaitForEventAsync("history", e => e.Reason == "SawCompletedJob", "SawCompletedJob");
        Assert.Contains(events, e => e.Reason == "SuccessfulDelete" && e.Message == "Deleted job " + NameAt("history", lastRun.AddMinutes(-4)));
    }

    [Fact]
    public async Task A_suspended_cronjob_starts_nothing_until_resumed()
    {
        var spec = NewCronJob("paused", "* * * * *", "work:forever");
        await Client.CronJobs("default").CreateAsync(spec with { Spec = spec.Spec! with { Suspend = true } });
        for (var i = 0; i < 20; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(5);
        }
        Assert.Empty(await JobsAsync("paused"));

        await Client.CronJobs("default").UpdateWithRetryAsync("paused", c => c with { Spec = c.Spec! with { Suspend = false } });
        var jobs = await WaitForJobsAsync("paused", j => j.Count == 1, "number 1", TimeSpan.Zero);
        // Resuming starts only the most recent missed time.
        var now = Time.GetUtcNow();
        Assert.Equal(NameAt("paused", new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero)), jobs[0].Metadata.Name);
    }

    [Fact]
    public async Task After_a_long_clock_jump_only_the_latest_missed_time_runs_and_too_many_misses_are_reported()
    {
        await Client.CronJobs("default").CreateAsync(NewCronJob("jump", "* * * * *", "work:forever"));
        AdvanceTo(At(3, 5, 1));
        await WaitForJobsAsync("jump", j => j.Count == 1, "number 1");

        Time.Advance(TimeSpan.FromHours(3));
        var jobs = await WaitForJobsAsync("jump", j => j.Count == 2, "number 2", TimeSpan.Zero);
        var now = Time.GetUtcNow();
        Assert.Equal(NameAt("jump", new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero)), jobs[1].Metadata.Name);
        await WaitForEventAsync("jump", e => e.Reason == "TooManyMissedTimes" && e.Type == "Warning", "TooManyMissedTimes");
    }

    [Fact]
    public async Task StartingDeadlineSeconds_drops_runs_missed_by_more_than_the_deadline()
    {
        var spec = NewCronJob("deadline", "0 * * * *", "work:forever");
        await Client.CronJobs("default").CreateAsync(spec with { Spec = spec.Spec! with { StartingDeadlineSeconds = 60 } });
        await Task.Delay(50);

        // 04:00 and 05:00 pass while nothing runs the controller's clock; at 05:30 both are beyond the 60 s deadline.
        AdvanceTo(At(5, 30, 0));
        for (var i = 0; i < 10; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        Assert.Empty(await JobsAsync("deadline"));

        AdvanceTo(At(5, 59, 59));
        await Task.Delay(50);
        Assert.Empty(await JobsAsync("deadline"));
        AdvanceTo(At(6, 0, 1));
        var jobs = await WaitForJobsAsync("deadline", j => j.Count == 1, "number 1", TimeSpan.Zero);
        Assert.Equal(NameAt("deadline", new DateTimeOffset(2026, 1, 2, 6, 0, 0, TimeSpan.Zero)), jobs[0].Metadata.Name);
        Assert.DoesNotContain(await EventsAsync("deadline"), e => e.Reason == "TooManyMissedTimes");
    }

    [Fact]
    public async Task The_time_zone_sets_when_jobs_run_and_their_scheduled_timestamp()
    {
        var spec = NewCronJob("berlin", "0 9 * * *", "work:forever");
        await Client.CronJobs("default").CreateAsync(spec with { Spec = spec.Spec! with { TimeZone = "Europe/Berlin" } });

        // 09:00 in Berlin in January is 08:00 UTC.
        AdvanceTo(At(7, 59, 59));
        await Task.Delay(50);
        Assert.Empty(await JobsAsync("berlin"));
        AdvanceTo(At(8, 0, 1));
        var jobs = await WaitForJobsAsync("berlin", j => j.Count == 1, "number 1", TimeSpan.Zero);
        Assert.Equal(NameAt("berlin", new DateTimeOffset(2026, 1, 2, 8, 0, 0, TimeSpan.Zero)), jobs[0].Metadata.Name);
        Assert.Equal("2026-01-02T09:00:00+01:00", jobs[0].Metadata.Annotations!["batch.kubernetes.io/cronjob-scheduled-timestamp"]);
    }

    [Theory]
    [InlineData("61 * * * *", "end of range (61) above maximum (59): 61")]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("TZ=UTC * * * * *", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")]
    public async Task A_bad_schedule_is_rejected_at_create_with_422(string schedule, string why)
    {
        var e = await Assert.ThrowsAsync<InvalidException>(() => Client.CronJobs("default").CreateAsync(NewCronJob("bad", schedule, "work:ok")));
        Assert.Equal(422, e.Code);
        Assert.Contains("spec.schedule", e.Message);
        Assert.Contains(why, e.Message);
    }
}
