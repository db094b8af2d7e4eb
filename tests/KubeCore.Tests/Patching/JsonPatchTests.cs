using KubeCore.Patching;
using static KubeCore.Tests.Patching.PatchAssert;

namespace KubeCore.Tests.Patching;

public class JsonPatchTests
{
    // RFC 6902 Appendix A examples that succeed.
    [Theory]
    [InlineData("A.1 add object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("A.2 add array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("A.3 remove object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("A.4 remove array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("A.5 replace a value", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("A.6 move a value", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("A.7 move an array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("A.8 test a value", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("A.10 add a nested member object", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("A.11 ignore unrecognized elements", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("A.14 ~ escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("A.16 add an array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("copy", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("slash escape", """{}""", """[{"op":"add","path":"/metadata~1labels","value":1}]""", """{"metadata/labels":1}""")]
    [InlineData("add at end index", """{"a":[1]}""", """[{"op":"add","path":"/a/1","value":2}]""", """{"a":[1,2]}""")]
    [InlineData("negative index counts from the end as in kube-apiserver", """{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/-1"}]""", """{"a":[1,2]}""")]
    [InlineData("test numbers by value", """{"a":1.0}""", """[{"op":"test","path":"/a","value":1}]""", """{"a":1.0}""")]
    [InlineData("replace whole document", """{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""")]
    public void Json_patch_applies_RFC_6902_examples(string name, string doc, string patch, string expected)
    {
        Assert.NotNull(name);
        JsonEqual(expected, JsonPatch.Apply(Json(doc), Json(patch)));
    }

    [Theory]
    [InlineData("A.9 failed test", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("A.12 add to a nonexistent target", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("A.15 strings and numbers differ", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""")]
    [InlineData("remove missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]""")]
    [InlineData("replace past the end of an array", """{"a":[1]}""", """[{"op":"replace","path":"/a/1","value":2}]""")]
    [InlineData("add past the end of an array", """{"a":[1]}""", """[{"op":"add","path":"/a/3","value":2}]""")]
    [InlineData("move from a missing path", """{"a":1}""", """[{"op":"move","from":"/b","path":"/c"}]""")]
    [InlineData("move into its own child", """{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    [InlineData("replace under a missing parent", """{"spec":{}}""", """[{"op":"replace","path":"/spec/x/y","value":1}]""")]
    public void Json_patch_that_does_not_apply_is_a_422(string name, string doc, string patch)
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Apply(Json(doc), Json(patch)));
        Assert.Equal(PatchFailure.CannotApply, e.Failure);
        Assert.Equal(422, e.StatusCode);
        Assert.NotNull(name);
    }

    [Fact]
    public void Missing_path_message_names_operation_and_path()
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Apply(Json("""{"spec":{}}"""), Json("""[{"op":"replace","path":"/spec/x/y","value":1}]""")));
        Assert.Equal("jsonpatch replace operation does not apply: doc is missing path: \"/spec/x/y\"", e.Message);
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""")]
    [InlineData("""[{"path":"/a","value":1}]""")]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""")]
    [InlineData("""[{"op":"add","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/a"}]""")]
    [InlineData("""[{"op":"move","path":"/a"}]""")]
    [InlineData("""[{"op":"add","path":"a","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/a~2","value":1}]""")]
    [InlineData("""[{"op":"add","path":7,"value":1}]""")]
    [InlineData("""[1]""")]
    public void Malformed_json_patch_document_is_a_400(string patch)
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Parse(Json(patch)));
        Assert.Equal(PatchFailure.BadRequest, e.Failure);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Json_patch_text_that_is_not_json_is_a_400()
    {
        var e = Assert.Throws<PatchException>(() => JsonPatch.Parse("[{"));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Add_with_null_value_sets_json_null()
    {
        JsonEqual("""{"a":null}""", JsonPatch.Apply(Json("{}"), Json("""[{"op":"add","path":"/a","value":null}]""")));
    }

    [Fact]
    public void Failed_operation_leaves_the_input_untouched()
    {
        var doc = Json("""{"a":1}""");
        Assert.Throws<PatchException>(() => JsonPatch.Apply(doc, Json("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":2}]""")));
        JsonEqual("""{"a":1}""", doc);
    }
}
