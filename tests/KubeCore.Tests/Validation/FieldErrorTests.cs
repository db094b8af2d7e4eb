using KubeCore.Validation;

namespace KubeCore.Tests.Validation;

public class FieldErrorTests
{
    [Fact]
    public void FieldPath_builds_Kubernetes_paths()
    {
        Assert.Equal("spec.containers[0].name", FieldPath.Root("spec").Child("containers").Index(0).Child("name").ToString());
        Assert.Equal("metadata.labels[foo]", FieldPath.Root("metadata", "labels").Key("foo").ToString());
        Assert.Equal("a.b.c", FieldPath.Root("a").Child("b", "c").ToString());
    }

    [Fact]
    public void FieldPath_is_immutable()
    {
        var spec = FieldPath.Root("spec");
        _ = spec.Child("a");
        Assert.Equal("spec", spec.ToString());
    }

    [Fact]
    public void Invalid_prints_the_value_and_detail() =>
        Assert.Equal("spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            FieldError.Invalid(FieldPath.Root("spec", "replicas"), -1, "must be greater than or equal to 0").ToString());

    [Fact]
    public void Invalid_quotes_string_values_like_Go() =>
        Assert.Equal("metadata.name: Invalid value: \"a\\\"b\\n\": bad",
            FieldError.Invalid(FieldPath.Root("metadata", "name"), "a\"b\n", "bad").ToString());

    [Fact]
    public void Required_omits_the_value() =>
        Assert.Equal("metadata.name: Required value: name or generateName is required",
            FieldError.Required(FieldPath.Root("metadata", "name"), "name or generateName is required").ToString());

    [Fact]
    public void NotSupported_lists_the_supported_values_quoted() =>
        Assert.Equal("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\"",
            FieldError.NotSupported(FieldPath.Root("spec", "restartPolicy"), "Sometimes", ["Always", "Never", "OnFailure"]).ToString());

    [Fact]
    public void Other_error_types_format_as_Kubernetes_does()
    {
        var p = FieldPath.Root("f");
        Assert.Equal("f: Duplicate value: \"x\"", FieldError.Duplicate(p, "x").ToString());
        Assert.Equal("f: Forbidden: not allowed", FieldError.Forbidden(p, "not allowed").ToString());
        Assert.Equal("f: Too long: may not be more than 10 bytes", FieldError.TooLong(p, 10).ToString());
        Assert.Equal("f: Too long: may not be more than 1 byte", FieldError.TooLong(p, 1).ToString());
        Assert.Equal("f: Too many: 5: must have at most 3 items", FieldError.TooMany(p, 5, 3).ToString());
        Assert.Equal("f: Too many: must have at most 1 item", FieldError.TooMany(p, -1, 1).ToString());
        Assert.Equal("f: Not found: \"x\"", FieldError.NotFound(p, "x").ToString());
        Assert.Equal("f: Internal error: boom", FieldError.InternalError(p, "boom").ToString());
        Assert.Equal("f: Invalid value: [\"a\",\"b\"]: d", FieldError.Invalid(p, new[] { "a", "b" }, "d").ToString());
        Assert.Equal("f: Invalid value: true: d", FieldError.Invalid(p, true, "d").ToString());
        Assert.Equal("f: Invalid value: null: d", FieldError.Invalid(p, null, "d").ToString());
    }

    [Theory]
    [InlineData(FieldErrorType.Invalid, "FieldValueInvalid")]
    [InlineData(FieldErrorType.Required, "FieldValueRequired")]
    [InlineData(FieldErrorType.NotSupported, "FieldValueNotSupported")]
    [InlineData(FieldErrorType.Duplicate, "FieldValueDuplicate")]
    [InlineData(FieldErrorType.Forbidden, "FieldValueForbidden")]
    [InlineData(FieldErrorType.TooLong, "FieldValueTooLong")]
    [InlineData(FieldErrorType.TooMany, "FieldValueTooMany")]
    [InlineData(FieldErrorType.NotFound, "FieldValueNotFound")]
    [InlineData(FieldErrorType.InternalError, "InternalError")]
    public void Each_type_has_the_Kubernetes_cause_reason(FieldErrorType type, string reason) =>
        Assert.Equal(reason, new FieldError(type, "f", null, "").Reason);

    [Fact]
    public void Aggregate_message_brackets_several_errors_and_drops_duplicates()
    {
        var a = FieldError.Required(FieldPath.Root("a"), "");
        var b = FieldError.Required(FieldPath.Root("b"), "");
        Assert.Equal("a: Required value", new[] { a }.ToAggregateMessage());
        Assert.Equal("a: Required value", new[] { a, a }.ToAggregateMessage());
        Assert.Equal("[a: Required value, b: Required value]", new[] { a, b }.ToAggregateMessage());
        Assert.Equal("", Array.Empty<FieldError>().ToAggregateMessage());
    }
}
