using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class CronJobValidationTests
{
    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 1 jan,jul *")]
    [InlineData("30 2 * * MON-FRI")]
    [InlineData("0 9-17/2 * * 1-5")]
    [InlineData("@hourly")]
    [InlineData("@daily")]
    [InlineData("@weekly")]
    [InlineData("@monthly")]
    [InlineData("@yearly")]
    [InlineData("@annually")]
    [InlineData("@midnight")]
    [InlineData("@every 1h30m")]
    public void Cron_job_with_a_standard_schedule_is_valid(string schedule)
    {
        Assert.Empty(Errors(CronJob(s => s with { Schedule = schedule })));
    }

    [Theory]
    [InlineData("* * *", "expected exactly 5 fields, found 3: [* * *]")]
    [InlineData("61 * * * *", "end of range (61) above maximum (59): 61")]
    [InlineData("0 0 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    public void Cron_job_with_an_invalid_schedule_is_invalid(string schedule, string message)
    {
        Assert.Equal([$"spec.schedule: Invalid value: \"{schedule}\": {message}"], Errors(CronJob(s => s with { Schedule = schedule })));
    }

    [Fact]
    public void Cron_job_schedule_is_required()
    {
        Assert.Equal(["spec.schedule: Required value"], Errors(CronJob(s => s with { Schedule = "" })));
    }

    [Fact]
    public void Cron_job_schedule_may_not_carry_a_time_zone()
    {
        Assert.Equal(["spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"],
            Errors(CronJob(s => s with { Schedule = "TZ=UTC 0 * * * *" })));
    }

    [Fact]
    public void Cron_job_concurrency_policy_must_be_known()
    {
        Assert.Equal(["spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\""],
            Errors(CronJob(s => s with { ConcurrencyPolicy = "Sometimes" })));
    }

    [Fact]
    public void Cron_job_time_zone_must_be_an_iana_name()
    {
        Assert.Equal(["spec.timeZone: Invalid value: \"Mars/Olympus_Mons\": unknown time zone Mars/Olympus_Mons"],
            Errors(CronJob(s => s with { TimeZone = "Mars/Olympus_Mons" })));
        Assert.Empty(Errors(CronJob(s => s with { TimeZone = "Europe/Berlin" })));
    }

    [Fact]
    public void Cron_job_history_limits_may_not_be_negative()
    {
        Assert.Equal(["spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0"],
            Errors(CronJob(s => s with { SuccessfulJobsHistoryLimit = -1 })));
    }

    [Fact]
    public void Cron_job_template_errors_use_the_job_template_path()
    {
        Assert.Equal(["spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""],
            Errors(CronJob(s => s with
            {
                JobTemplate = s.JobTemplate! with
                {
                    Spec = s.JobTemplate.Spec! with { Template = s.JobTemplate.Spec.Template! with { Spec = s.JobTemplate.Spec.Template.Spec! with { RestartPolicy = "Always" } } },
                },
            })));
    }
}
