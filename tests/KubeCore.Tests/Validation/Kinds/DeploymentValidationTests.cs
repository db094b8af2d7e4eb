using KubeCore.Models;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class DeploymentValidationTests
{
    private static DeploymentSpec Spec => Deployment().Spec!;

    [Fact]
    public void Realistic_deployment_is_valid()
    {
        Assert.Empty(Errors(Deployment()));
    }

    [Fact]
    public void Deployment_with_negative_replicas_is_invalid()
    {
        Assert.Equal(["spec.replicas: Invalid value: -1: must be greater than or equal to 0"], Errors(Deployment(Spec with { Replicas = -1 })));
    }

    [Fact]
    public void Deployment_without_selector_is_invalid()
    {
        Assert.Equal(["spec.selector: Required value"], Errors(Deployment(Spec with { Selector = null })));
    }

    [Fact]
    public void Deployment_with_empty_selector_is_invalid()
    {
        Assert.Equal(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment."],
            Errors(Deployment(Spec with { Selector = new LabelSelector() })));
    }

    [Fact]
    public void Deployment_with_selector_not_matching_template_labels_is_invalid()
    {
        var spec = Spec with { Template = Template(labels: new Dictionary<string, string> { ["app"] = "api", ["tier"] = "backend" }) };
        Assert.Equal(["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\", \"tier\":\"backend\"}: `selector` does not match template `labels`"],
            Errors(Deployment(spec)));
    }

    [Fact]
    public void Deployment_selector_with_match_expressions_matching_template_is_valid()
    {
        var selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "In", Values = ["web", "api"] }] };
        Assert.Empty(Errors(Deployment(Spec with { Selector = selector })));
    }

    [Fact]
    public void Deployment_template_restart_policy_must_be_always()
    {
        Assert.Equal(["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""],
            Errors(Deployment(Spec with { Template = Template(WebPodSpec("Never")) })));
    }

    [Fact]
    public void Deployment_template_errors_are_reported_under_the_template_path()
    {
        Assert.Equal(["spec.template.spec.containers[0].image: Required value"],
            Errors(Deployment(Spec with { Template = Template(WithContainer(c => c with { Image = "" })) })));
    }

    [Fact]
    public void Deployment_strategy_type_must_be_rolling_update_or_recreate()
    {
        Assert.Equal(["spec.strategy.type: Unsupported value: \"BlueGreen\": supported values: \"Recreate\", \"RollingUpdate\""],
            Errors(Deployment(Spec with { Strategy = new DeploymentStrategy { Type = "BlueGreen" } })));
    }

    [Fact]
    public void Recreate_strategy_may_not_have_rolling_update_parameters()
    {
        var strategy = new DeploymentStrategy { Type = "Recreate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = 1 } };
        Assert.Equal(["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
            Errors(Deployment(Spec with { Strategy = strategy })));
    }

    [Fact]
    public void Max_surge_and_max_unavailable_may_not_both_be_zero()
    {
        var strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = 0, MaxUnavailable = "0%" } };
        Assert.Equal(["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": may not be 0 when `maxSurge` is 0"],
            Errors(Deployment(Spec with { Strategy = strategy })));
    }

    [Fact]
    public void Max_surge_must_be_a_number_or_percentage()
    {
        var strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = "lots" } };
        Assert.Equal(["spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
            Errors(Deployment(Spec with { Strategy = strategy })));
    }

    [Fact]
    public void Max_unavailable_may_not_exceed_100_percent()
    {
        var strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = "150%" } };
        Assert.Equal(["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"],
            Errors(Deployment(Spec with { Strategy = strategy })));
    }

    [Fact]
    public void Revision_history_limit_may_not_be_negative()
    {
        Assert.Equal(["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"],
            Errors(Deployment(Spec with { RevisionHistoryLimit = -1 })));
    }

    [Fact]
    public void Progress_deadline_must_exceed_min_ready_seconds()
    {
        Assert.Equal(["spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds"],
            Errors(Deployment(Spec with { MinReadySeconds = 30, ProgressDeadlineSeconds = 30 })));
    }

    [Fact]
    public void Deployment_selector_is_immutable()
    {
        var updated = Deployment(Spec with
        {
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } },
            Template = Template(labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }),
        });
        Assert.Equal(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"],
            UpdateErrors(updated, Deployment()));
    }

    [Fact]
    public void Deployment_update_changing_replicas_and_image_is_valid()
    {
        var updated = Deployment(Spec with { Replicas = 5, Template = Template(WithContainer(c => c with { Image = "nginx:1.28" })) });
        Assert.Empty(UpdateErrors(updated, Deployment()));
    }

    [Fact]
    public void Deployment_status_counts_may_not_be_negative()
    {
        var d = Deployment();
        var updated = d with { Status = new DeploymentStatus { Replicas = 3, ReadyReplicas = -1 } };
        Assert.Equal(["status.readyReplicas: Invalid value: -1: must be greater than or equal to 0"],
            KubeCore.Validation.KindValidation.ValidateStatusUpdate(updated, d).Select(e => e.ToString()));
    }
}
