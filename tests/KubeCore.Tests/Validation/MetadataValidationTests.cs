using KubeCore.Validation;

namespace KubeCore.Tests.Validation;

public class MetadataValidationTests
{
    private static readonly FieldPath Metadata = FieldPath.Root("metadata");

    [Fact]
    public void GenerateName_may_end_with_a_dash_but_name_may_not()
    {
        Assert.Empty(MetadataValidation.NameIsDnsSubdomain("web-", prefix: true));
        Assert.NotEmpty(MetadataValidation.NameIsDnsSubdomain("web-", prefix: false));
        Assert.Empty(MetadataValidation.ValidateNameAndGenerateName("web-x1", "web-", Metadata));
    }

    [Fact]
    public void Missing_name_is_required()
    {
        var errs = MetadataValidation.ValidateNameAndGenerateName(null, null, Metadata);
        Assert.Equal("metadata.name: Required value: name or generateName is required", Assert.Single(errs).ToString());
    }

    [Fact]
    public void Invalid_name_and_generateName_are_reported_at_their_fields()
    {
        var errs = MetadataValidation.ValidateNameAndGenerateName("Bad", "Bad-", Metadata);
        Assert.Equal(["metadata.generateName", "metadata.name"], errs.Select(e => e.Field));
        Assert.All(errs, e => Assert.Equal("FieldValueInvalid", e.Reason));
        Assert.StartsWith("metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain", errs[1].ToString());
    }

    [Fact]
    public void Labels_are_validated_under_metadata_labels()
    {
        var errs = MetadataValidation.ValidateLabelsAndAnnotations(
            new Dictionary<string, string> { ["good"] = "ok", ["bad key"] = "v", ["k"] = "-bad" }, null);
        Assert.Equal(2, errs.Count);
        Assert.All(errs, e => Assert.Equal("metadata.labels", e.Field));
        Assert.Contains(errs, e => Equals(e.BadValue, "bad key"));
        Assert.Contains(errs, e => Equals(e.BadValue, "-bad"));
    }

    [Fact]
    public void Annotation_keys_are_case_insensitive_and_total_size_is_limited()
    {
        Assert.Empty(MetadataValidation.ValidateAnnotations(new Dictionary<string, string> { ["Example.COM/Key"] = "x" }, Metadata.Child("annotations")));
        var big = new Dictionary<string, string> { ["a"] = new string('x', MetadataValidation.TotalAnnotationSizeLimitBytes) };
        var err = Assert.Single(MetadataValidation.ValidateAnnotations(big, Metadata.Child("annotations")));
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", err.ToString());
        Assert.Equal("FieldValueTooLong", err.Reason);
        var exact = new Dictionary<string, string> { ["a"] = new string('x', MetadataValidation.TotalAnnotationSizeLimitBytes - 1) };
        Assert.Empty(MetadataValidation.ValidateAnnotations(exact, Metadata.Child("annotations")));
    }
}
