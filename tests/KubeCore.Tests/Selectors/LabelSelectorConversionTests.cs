using KubeCore.Models;
using KubeCore.Selectors;

namespace KubeCore.Tests.Selectors;

public class LabelSelectorConversionTests
{
    [Fact]
    public void Null_LabelSelector_selects_nothing_and_empty_selects_everything()
    {
        Assert.True(Selector.FromLabelSelector(null).IsNothing);
        Assert.True(Selector.FromLabelSelector(new LabelSelector()).IsEmpty);
        Assert.True(Selector.FromLabelSelector(new LabelSelector { MatchLabels = new Dictionary<string, string>() }).IsEmpty);
    }

    [Fact]
    public void LabelSelector_converts_to_the_string_kubectl_sends()
    {
        var selector = new LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["tier"] = "be", ["app"] = "web" },
            MatchExpressions =
            [
                new LabelSelectorRequirement { Key = "env", Operator = "In", Values = ["qa", "prod"] },
                new LabelSelectorRequirement { Key = "canary", Operator = "DoesNotExist" },
                new LabelSelectorRequirement { Key = "zone", Operator = "NotIn", Values = ["b"] },
                new LabelSelectorRequirement { Key = "gpu", Operator = "Exists" },
            ],
        };
        Assert.Equal("app=web,!canary,env in (prod,qa),gpu,tier=be,zone notin (b)", selector.ToSelectorString());
        var s = selector.ToSelector();
        Assert.True(s.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be", ["env"] = "qa", ["gpu"] = "1" }));
        Assert.False(s.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be", ["env"] = "qa" }));
    }

    [Fact]
    public void LabelSelector_with_an_unknown_operator_is_rejected()
    {
        var selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "a", Operator = "Gt", Values = ["1"] }] };
        Assert.Equal("\"Gt\" is not a valid label selector operator",
            Assert.Throws<SelectorParseException>(() => Selector.FromLabelSelector(selector)).Message);
    }

    [Fact]
    public void LabelSelector_In_without_values_is_rejected_like_NewRequirement()
    {
        var selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "a", Operator = "In", Values = [] }] };
        Assert.Equal("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
            Assert.Throws<SelectorParseException>(() => Selector.FromLabelSelector(selector)).Message);
    }

    [Fact]
    public void FromSet_builds_sorted_equality_requirements()
    {
        var s = Selector.FromSet(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        Assert.Equal("a=1,b=2", s.ToString());
        Assert.True(Selector.FromSet(null).IsEmpty);
    }
}
