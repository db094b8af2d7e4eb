using KubeCore.Validation;

namespace KubeCore.Tests.Validation;

public class NameValidationTests
{
    private const string SubdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [Theory]
    [InlineData("a")]
    [InlineData("ab-c.d0")]
    [InlineData("0.1.2")]
    public void Valid_subdomains_have_no_errors(string value) => Assert.Empty(NameValidation.IsDns1123Subdomain(value));

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a..b")]
    [InlineData("-a")]
    [InlineData("a_b")]
    [InlineData("a\n")]
    public void Invalid_subdomains_report_the_upstream_message(string value) =>
        Assert.Equal([SubdomainMsg], NameValidation.IsDns1123Subdomain(value));

    [Fact]
    public void Subdomains_longer_than_253_characters_are_rejected()
    {
        Assert.Empty(NameValidation.IsDns1123Subdomain(new string('a', 253)));
        Assert.Equal(["must be no more than 253 characters"], NameValidation.IsDns1123Subdomain(new string('a', 254)));
    }

    [Fact]
    public void Dns1123Label_rejects_dots_length_and_format()
    {
        Assert.Empty(NameValidation.IsDns1123Label("my-name"));
        Assert.Equal(["must not contain dots"], NameValidation.IsDns1123Label("a.b"));
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsDns1123Label(new string('a', 64)));
        Assert.Equal(["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            NameValidation.IsDns1123Label("My"));
    }

    [Fact]
    public void Dns1035Label_must_start_with_a_letter()
    {
        Assert.Empty(NameValidation.IsDns1035Label("abc-123"));
        Assert.Equal(["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            NameValidation.IsDns1035Label("1abc"));
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("1234")]
    [InlineData("simple/simple")]
    [InlineData("now-with-dashes/simple")]
    [InlineData("example.com/MyName")]
    [InlineData("a_b.c-d")]
    public void Valid_qualified_names_have_no_errors(string value) => Assert.Empty(NameValidation.IsQualifiedName(value));

    [Fact]
    public void Invalid_qualified_names_report_prefix_and_name_parts()
    {
        Assert.Equal(["prefix part must be non-empty"], NameValidation.IsQualifiedName("/name"));
        Assert.Equal(["name part must be non-empty",
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            NameValidation.IsQualifiedName("example.com/"));
        Assert.Equal(["name part must be no more than 63 bytes"], NameValidation.IsQualifiedName(new string('a', 64)));
        Assert.Equal(["prefix part " + SubdomainMsg], NameValidation.IsQualifiedName("Example.com/a"));
        Assert.Single(NameValidation.IsQualifiedName("a/b/c"));
    }

    [Fact]
    public void Label_values_may_be_empty_and_at_most_63_bytes()
    {
        Assert.Empty(NameValidation.IsValidLabelValue(""));
        Assert.Empty(NameValidation.IsValidLabelValue("my_value.1"));
        Assert.Equal(["must be no more than 63 bytes"], NameValidation.IsValidLabelValue(new string('a', 64)));
        Assert.Equal(["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            NameValidation.IsValidLabelValue("-a"));
    }
}
