using CsCheck;
using KubeCore.Selectors;

namespace KubeCore.Tests.Selectors;

public class LabelSelectorPropertyTests
{
    private static readonly string[] Keys = ["app", "tier", "example.com/env", "x", "in"];
    private static readonly string[] Values = ["", "a", "b", "web", "1", "5", "10"];

    private static readonly Gen<LabelRequirement> GenRequirement =
        Gen.Select(Gen.Int[0, Keys.Length - 1], Gen.Int[0, 8], Gen.Int[0, Values.Length - 1].Array[1, 3]).Select((k, op, vs) =>
        {
            var key = Keys[k];
            var values = vs.Select(i => Values[i]).Distinct().Order(StringComparer.Ordinal).ToArray();
            return (SelectorOperator)op switch
            {
                SelectorOperator.Exists or SelectorOperator.DoesNotExist => LabelRequirement.Create(key, (SelectorOperator)op),
                SelectorOperator.In or SelectorOperator.NotIn => LabelRequirement.Create(key, (SelectorOperator)op, values),
                SelectorOperator.GreaterThan or SelectorOperator.LessThan => LabelRequirement.Create(key, (SelectorOperator)op, [vs[0] % 3 + 4 + ""]),
                _ => LabelRequirement.Create(key, (SelectorOperator)op, [values[0]]),
            };
        });

    private static readonly Gen<Selector> GenSelector = GenRequirement.Array[0, 4].Select(Selector.FromRequirements);

    private static readonly Gen<Dictionary<string, string>> GenLabels =
        Gen.Select(Gen.Int[0, Keys.Length - 1], Gen.Int[0, Values.Length - 1]).Array[0, 5]
            .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => Keys[g.Key], g => Values[g.First().Item2]));

    [Fact]
    public void Parsing_ToString_gives_an_equivalent_selector() =>
        Gen.Select(GenSelector, GenLabels).Sample((selector, labels) =>
        {
            var reparsed = Selector.Parse(selector.ToString());
            Assert.Equal(selector.ToString(), reparsed.ToString());
            Assert.Equal(selector.Matches(labels), reparsed.Matches(labels));
        }, iter: 3000);

    [Fact]
    public void Matching_agrees_with_a_simple_model() =>
        Gen.Select(GenSelector, GenLabels).Sample((selector, labels) =>
            Assert.Equal(selector.Requirements.All(r => Model(r, labels)), selector.Matches(labels)), iter: 3000);

    [Fact]
    public void Every_match_has_a_value_from_TryGetExactValues() =>
        Gen.Select(GenSelector, GenLabels).Sample((selector, labels) =>
        {
            if (!selector.Matches(labels)) return;
            foreach (var key in Keys)
                if (selector.TryGetExactValues(key, out var values))
                    Assert.Contains(labels[key], values);
        }, iter: 3000);

    private static bool Model(LabelRequirement r, Dictionary<string, string> labels)
    {
        var has = labels.TryGetValue(r.Key, out var v);
        return r.Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In => has && r.Values.Contains(v),
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !has || !r.Values.Contains(v),
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            SelectorOperator.GreaterThan => has && long.TryParse(v, out var g) && g > long.Parse(r.Values[0]),
            SelectorOperator.LessThan => has && long.TryParse(v, out var l) && l < long.Parse(r.Values[0]),
            _ => false,
        };
    }
}
