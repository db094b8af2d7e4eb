using KubeCore.Selectors;

namespace KubeCore.Tests.Selectors;

public class LabelSelectorParseTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("x=a,y=b,z=c", "x=a,y=b,z=c")]
    [InlineData("z=c,y=b,x=a", "x=a,y=b,z=c")]
    [InlineData("x!=a,y=b", "x!=a,y=b")]
    [InlineData("x=,z= ", "x=,z=")]
    [InlineData("x= ,z= ", "x=,z=")]
    [InlineData("!x", "!x")]
    [InlineData("x>1", "x>1")]
    [InlineData("x<1", "x<1")]
    [InlineData("x>1,z<5", "x>1,z<5")]
    [InlineData("x > 1", "x>1")]
    [InlineData("x in (abc,def)", "x in (abc,def)")]
    [InlineData("x in (def,abc)", "x in (abc,def)")]
    [InlineData("x in (abc)", "x in (abc)")]
    [InlineData("x in (abc, def)", "x in (abc,def)")]
    [InlineData("x in ( abc , def )", "x in (abc,def)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x in (,)", "x in ()")]
    [InlineData("x in (a,,b)", "x in (,a,b)")]
    [InlineData("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("env in (prod, qa), tier notin (fe), partition, !canary", "!canary,env in (prod,qa),partition,tier notin (fe)")]
    [InlineData("in in (in)", "in in (in)")]
    [InlineData("a==b", "a==b")]
    [InlineData("a/b=c", null)]
    [InlineData("example.com/app=web", "example.com/app=web")]
    public void Parse_accepts_the_Kubernetes_syntax_and_prints_canonically(string input, string? expected)
    {
        var selector = Selector.Parse(input);
        Assert.Equal(expected ?? input, selector.ToString());
    }

    [Theory]
    [InlineData("x=a||y=b")]
    [InlineData("x==a==b")]
    [InlineData("!x in (a)")]
    [InlineData("x in (a) b")]
    [InlineData("x in (a,b")]
    [InlineData("=a")]
    [InlineData("x=a,,y=b")]
    public void Parse_rejects_selectors_Kubernetes_rejects(string input) =>
        Assert.Throws<SelectorParseException>(() => Selector.Parse(input));

    [Theory]
    [InlineData("x=a,", "found '', expected: identifier after ','")]
    [InlineData(",x=a", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("x in", "unable to parse requirement: found '' expected: '('")]
    [InlineData("x in (a", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("x (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!x=a", "found '=', expected: ',' or 'end of string'")]
    [InlineData("x=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("a/b/c=x", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("x=a_", "unable to parse requirement: values[0][x]: Invalid value: \"a_\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    public void Parse_rejects_invalid_selectors_with_Kubernetes_messages(string input, string message)
    {
        var ex = Assert.Throws<SelectorParseException>(() => Selector.Parse(input));
        Assert.Equal(message, ex.Message);
        Assert.IsAssignableFrom<FormatException>(ex);
        Assert.False(Selector.TryParse(input, out _, out var error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("x=a", "x", "a", true)]
    [InlineData("x=a", "x", "b", false)]
    [InlineData("x=a", null, null, false)]
    [InlineData("x!=a", "x", "b", true)]
    [InlineData("x!=a", null, null, true)]
    [InlineData("x", "x", "", true)]
    [InlineData("!x", "x", "", false)]
    [InlineData("!x", "y", "1", true)]
    [InlineData("x in (a,b)", "x", "b", true)]
    [InlineData("x notin (a,b)", "x", "c", true)]
    [InlineData("x notin (a,b)", null, null, true)]
    [InlineData("x>1", "x", "2", true)]
    [InlineData("x>1", "x", "1", false)]
    [InlineData("x>1", "x", "abc", false)]
    [InlineData("x<1", "x", "-5", true)]
    [InlineData("x=", "x", "", true)]
    [InlineData("x in ()", "x", "", true)]
    public void Matches_follows_Kubernetes_semantics(string selector, string? key, string? value, bool expected)
    {
        var labels = key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [key] = value! };
        Assert.Equal(expected, Selector.Parse(selector).Matches(labels));
    }

    [Fact]
    public void Everything_matches_all_and_Nothing_matches_none()
    {
        Assert.True(Selector.Everything.Matches(null));
        Assert.True(Selector.Everything.IsEmpty);
        Assert.False(Selector.Nothing.Matches(new Dictionary<string, string>()));
        Assert.False(Selector.Nothing.IsEmpty);
        Assert.True(Selector.Parse("").IsEmpty);
    }

    [Fact]
    public void TryGetExactValues_exposes_equality_and_in_values_for_indexes()
    {
        var s = Selector.Parse("app=web,tier in (be,fe),env!=prod");
        Assert.True(s.TryGetExactValues("app", out var app));
        Assert.Equal(["web"], app);
        Assert.True(s.TryGetExactValues("tier", out var tier));
        Assert.Equal(["be", "fe"], tier);
        Assert.False(s.TryGetExactValues("env", out _));
        Assert.True(s.RequiresExactMatch("app", out var v));
        Assert.Equal("web", v);
        Assert.False(s.RequiresExactMatch("tier", out _));
    }

    [Fact]
    public void Matching_does_not_allocate()
    {
        var s = Selector.Parse("app=web,tier in (a,b,c,d,e,f,g,h,i,j),!canary,x>3,env notin (prod)");
        var labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "j", ["x"] = "4" };
        Assert.True(s.Matches(labels));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) s.Matches(labels);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
