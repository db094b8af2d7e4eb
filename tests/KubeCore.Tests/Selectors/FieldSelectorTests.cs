using CsCheck;
using KubeCore.Selectors;

namespace KubeCore.Tests.Selectors;

public class FieldSelectorTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("metadata.name=x", "metadata.name=x")]
    [InlineData("spec.nodeName==n", "spec.nodeName=n")]
    [InlineData("status.phase!=Failed,metadata.name=x", "metadata.name=x,status.phase!=Failed")]
    [InlineData("a=b\\,c", "a=b\\,c")]
    [InlineData("a=b\\=c\\\\", "a=b\\=c\\\\")]
    [InlineData("a=", "a=")]
    [InlineData("a=b,", "a=b")]
    public void Parse_accepts_Kubernetes_field_selectors(string input, string expected) =>
        Assert.Equal(expected, FieldSelector.Parse(input).ToString());

    [Fact]
    public void Parse_exposes_field_operator_and_unescaped_value()
    {
        var s = FieldSelector.Parse("metadata.name=x,status.phase!=Failed,spec.nodeName==n\\,1");
        Assert.Equal(
            [
                new FieldRequirement("metadata.name", SelectorOperator.Equals, "x"),
                new FieldRequirement("spec.nodeName", SelectorOperator.Equals, "n,1"),
                new FieldRequirement("status.phase", SelectorOperator.NotEquals, "Failed"),
            ],
            s.Requirements);
        Assert.True(s.TryGetEqualityValue("spec.nodeName", out var node));
        Assert.Equal("n,1", node);
        Assert.False(s.TryGetEqualityValue("status.phase", out _));
    }

    [Theory]
    [InlineData("a", "invalid selector: 'a'; can't understand 'a'")]
    [InlineData("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'")]
    [InlineData("a=b\\x", "invalid field selector: invalid escape sequence: \\x")]
    [InlineData("a=b\\", "invalid field selector: invalid escape sequence: \\")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    public void Parse_rejects_invalid_field_selectors_with_Kubernetes_messages(string input, string message)
    {
        var ex = Assert.Throws<SelectorParseException>(() => FieldSelector.Parse(input));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("metadata.name=x", true)]
    [InlineData("metadata.name=y", false)]
    [InlineData("status.phase!=Failed", true)]
    [InlineData("status.phase!=Running", false)]
    [InlineData("spec.nodeName=", true)]
    [InlineData("spec.nodeName!=", false)]
    [InlineData("", true)]
    public void Matches_compares_field_values_with_missing_fields_as_empty(string selector, bool expected)
    {
        var fields = new Dictionary<string, string> { ["metadata.name"] = "x", ["status.phase"] = "Running" };
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(f => fields.GetValueOrDefault(f)));
    }

    [Fact]
    public void Escape_and_unescape_round_trip() =>
        Gen.String[Gen.Char["ab\\,=x"], 0, 12].Sample(v =>
            Assert.Equal(v, FieldSelector.UnescapeValue(FieldSelector.EscapeValue(v))), iter: 2000);

    [Fact]
    public void Everything_and_Nothing()
    {
        Assert.True(FieldSelector.Everything.IsEmpty);
        Assert.True(FieldSelector.Everything.Matches(_ => null));
        Assert.False(FieldSelector.Nothing.Matches(_ => null));
    }
}
