using KubeCore.Models;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class JobValidationTests
{
    [Fact]
    public void Realistic_job_is_valid()
    {
        Assert.Empty(Errors(Job()));
    }

    [Fact]
    public void Job_template_restart_policy_must_be_on_failure_or_never()
    {
        var spec = PiJobSpec();
        spec = spec with { Template = spec.Template! with { Spec = spec.Template.Spec! with { RestartPolicy = "Always" } } };
        Assert.Equal(["spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""], Errors(Job(spec)));
    }

    [Theory]
    [InlineData("parallelism")]
    [InlineData("completions")]
    [InlineData("backoffLimit")]
    [InlineData("activeDeadlineSeconds")]
    public void Job_counts_may_not_be_negative(string field)
    {
        var spec = field switch
        {
            "parallelism" => PiJobSpec() with { Parallelism = -1 },
            "completions" => PiJobSpec() with { Completions = -1 },
            "backoffLimit" => PiJobSpec() with { BackoffLimit = -1 },
            _ => PiJobSpec() with { ActiveDeadlineSeconds = -1 },
        };
        Assert.Equal([$"spec.{field}: Invalid value: -1: must be greater than or equal to 0"], Errors(Job(spec)));
    }

    [Fact]
    public void Job_without_selector_is_invalid()
    {
        Assert.Equal(["spec.selector: Required value"], Errors(Job(PiJobSpec() with { Selector = null })));
    }

    [Fact]
    public void Job_completion_mode_must_be_known()
    {
        Assert.Equal(["spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\""],
            Errors(Job(PiJobSpec() with { CompletionMode = "Sometimes" })));
    }

    [Fact]
    public void Job_selector_is_immutable()
    {
        var spec = PiJobSpec();
        var updated = Job(spec with { Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["job-name"] = "pi" } } });
        Assert.Equal(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"job-name\":\"pi\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"],
            UpdateErrors(updated, Job()));
    }

    [Fact]
    public void Job_template_is_immutable()
    {
        var spec = PiJobSpec();
        var updated = Job(spec with { Template = spec.Template! with { Spec = spec.Template.Spec! with { Containers = [new Container { Name = "pi", Image = "perl:5.40" }] } } });
        var error = Assert.Single(UpdateErrors(updated, Job()));
        Assert.StartsWith("spec.template: Invalid value: {", error);
        Assert.EndsWith("}: field is immutable", error);
    }

    [Fact]
    public void Suspended_job_that_never_started_may_change_its_node_selector()
    {
        var spec = PiJobSpec() with { Suspend = true };
        var updated = Job(spec with { Template = spec.Template! with { Spec = spec.Template.Spec! with { NodeSelector = new Dictionary<string, string> { ["zone"] = "a" } } } });
        Assert.Empty(UpdateErrors(updated, Job(spec)));
    }

    [Fact]
    public void Unsuspending_a_job_is_a_valid_update()
    {
        Assert.Empty(UpdateErrors(Job(PiJobSpec() with { Suspend = false }), Job(PiJobSpec() with { Suspend = true })));
    }
}
